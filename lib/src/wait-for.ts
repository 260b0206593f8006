import { setTimeout as sleep } from 'node:timers/promises';
import { libErrors } from './errors.ts';

/**
 * Polls `check` until it returns something other than undefined/false, or fails with
 * PEEL_LIB_WAIT_TIMEOUT at the deadline, or with the signal's reason once it aborts.
 * Tests use it to wait for conditions, not time.
 */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  options: { timeoutMs?: number; intervalMs?: number; signal?: AbortSignal | undefined } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 20;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) throw libErrors.waitTimeout({ what, timeoutMs }, { cause: lastError });
    await sleep(intervalMs, undefined, { signal: options.signal }).catch((err: unknown) => {
      throw options.signal?.aborted ? options.signal.reason : err;
    });
  }
}
