import { AdapterStatus } from '#contracts';
import type { Logger } from '#lib';
import { runtimeErrors } from '../errors.ts';

export interface AdapterStatusPoller {
  /** The last status read, or undefined when none was read or the last poll failed. */
  current(): AdapterStatus | undefined;
  /** Polls now, without waiting for the interval. */
  refresh(): Promise<AdapterStatus | undefined>;
  close(): void;
}

/**
 * Reads the adapter's `GET /status` every `intervalMs`. A failed poll makes the lag
 * unknown (null), not the service unready: a service can serve while the adapter is down.
 */
export function createAdapterStatusPoller(url: string, intervalMs: number, logger: Logger): AdapterStatusPoller {
  let status: AdapterStatus | undefined;
  let failing = false;
  const refresh = async (): Promise<AdapterStatus | undefined> => {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(Math.max(intervalMs, 1_000)) });
      if (!res.ok) throw new Error(`status ${res.status}`);
      status = AdapterStatus.parse(await res.json());
      if (failing) logger.info({ upstream: url }, 'adapter status readable again');
      failing = false;
    } catch (err) {
      status = undefined;
      const reason = err instanceof Error ? err.message : String(err);
      if (!failing) logger.warn({ upstream: url, err: runtimeErrors.adapterStatusUnreadable({ url, reason }, { cause: err }) }, 'adapter status unreadable');
      failing = true;
    }
    return status;
  };
  const timer = setInterval(() => void refresh(), intervalMs);
  timer.unref();
  void refresh();
  return { current: () => status, refresh, close: () => clearInterval(timer) };
}
