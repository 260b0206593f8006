import { releaseStartUpSignals } from './start-up-signals.ts';

export interface StopRequest {
  /** Aborts at the first SIGTERM or SIGINT. */
  readonly signal: AbortSignal;
  /** The signal that asked to stop, once one has. */
  readonly received: NodeJS.Signals | undefined;
  /** Removes the handlers. */
  dispose(): void;
}

/**
 * For commands that stop by themselves once asked (an AbortSignal rather than a close()):
 * the first SIGTERM or SIGINT calls `onStop` and aborts; a second exits at once with
 * `exitCodeOnSecond(signal)`. Takes over from the start-up handlers of `bin/peel.js`.
 */
export function stopOnSignals(options: { onStop?: (signal: NodeJS.Signals) => void; exitCodeOnSecond: (signal: NodeJS.Signals) => number }): StopRequest {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (received) process.exit(options.exitCodeOnSecond(signal));
    received = signal;
    options.onStop?.(signal);
    controller.abort();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  releaseStartUpSignals();
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    dispose() {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    },
  };
}
