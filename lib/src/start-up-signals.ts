const RELEASE = Symbol.for('peel.releaseStartUpSignals');

/**
 * Removes the SIGTERM/SIGINT handlers that `bin/peel.js` installs for start-up. Call it
 * once the command's own handlers are in place (closeOnSignals does), or, for a one-shot
 * command, to give the signals their default behaviour back. A no-op outside `peel`.
 */
export function releaseStartUpSignals(): void {
  const release = (globalThis as Record<symbol, unknown>)[RELEASE];
  if (typeof release !== 'function') return;
  delete (globalThis as Record<symbol, unknown>)[RELEASE];
  (release as () => void)();
}
