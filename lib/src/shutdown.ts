import type { Logger } from 'pino';
import { releaseStartUpSignals } from './start-up-signals.ts';

export interface Closable {
  close(): Promise<void>;
}

/**
 * Wires SIGTERM/SIGINT to a graceful close. A second signal while closing exits at
 * once with code 1, so an operator can always get the terminal back.
 */
export function closeOnSignals(target: Closable, logger: Logger, signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) {
      logger.warn({ signal }, 'second signal, exiting now');
      process.exit(1);
    }
    closing = true;
    logger.info({ signal }, 'shutting down');
    target.close().then(
      () => {
        logger.info('stopped');
        logger.flush();
        process.exitCode = 0;
        // Anything still holding the loop open after a clean close is a bug; do not hang.
        setTimeout(() => process.exit(0), 2_000).unref();
      },
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        logger.flush();
        process.exit(1);
      },
    );
  };
  for (const signal of signals) process.on(signal, onSignal);
  releaseStartUpSignals();
}
