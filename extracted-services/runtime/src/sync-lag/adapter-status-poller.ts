import { AdapterStatus } from '#contracts';
import type { Logger } from '#lib';
import { runtimeErrors } from '../errors.ts';

/** Services usually start before the adapter; failures in this long after start, before any read, are expected. */
export const ADAPTER_STATUS_STARTUP_GRACE_MS = 30_000;

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
 * A failure streak is logged once: at info while the adapter may still be starting (no
 * read yet, within the start-up grace), at warn otherwise, and at warn once the grace
 * has passed with no read at all (a wrong ADAPTER_STATUS_URL, say).
 */
export function createAdapterStatusPoller(url: string, intervalMs: number, logger: Logger, now: () => number = Date.now): AdapterStatusPoller {
  const graceEnds = now() + ADAPTER_STATUS_STARTUP_GRACE_MS;
  let status: AdapterStatus | undefined;
  let everRead = false;
  let reported: 'nothing' | 'not yet' | 'unreadable' = 'nothing';
  const refresh = async (): Promise<AdapterStatus | undefined> => {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(Math.max(intervalMs, 1_000)) });
      if (!res.ok) throw new Error(`status ${res.status}`);
      status = AdapterStatus.parse(await res.json());
      if (reported === 'unreadable') logger.info({ upstream: url }, 'adapter status readable again');
      reported = 'nothing';
      everRead = true;
    } catch (err) {
      status = undefined;
      const reason = err instanceof Error ? err.message : String(err);
      if (!everRead && now() < graceEnds) {
        if (reported === 'nothing') logger.info({ upstream: url, reason }, 'adapter status not readable yet (the adapter may still be starting)');
        if (reported !== 'unreadable') reported = 'not yet';
      } else if (reported !== 'unreadable') {
        logger.warn({ upstream: url, err: runtimeErrors.adapterStatusUnreadable({ url, reason }, { cause: err }) }, 'adapter status unreadable');
        reported = 'unreadable';
      }
    }
    return status;
  };
  const timer = setInterval(() => void refresh(), intervalMs);
  timer.unref();
  void refresh();
  return { current: () => status, refresh, close: () => clearInterval(timer) };
}
