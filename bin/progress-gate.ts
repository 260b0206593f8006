/**
 * Decides when a long command prints its progress: every `everyEvents` done or every
 * `everyMs`, whichever comes first, and always at the end.
 */
export function createProgressGate(options: { everyEvents?: number; everyMs?: number; now?: () => number } = {}): (done: number, total: number) => boolean {
  const { everyEvents = 1_000, everyMs = 1_000, now = Date.now } = options;
  let shown = 0;
  let shownAt = now();
  return (done, total) => {
    const at = now();
    if (done !== total && done - shown < everyEvents && !(done > shown && at - shownAt >= everyMs)) return false;
    shown = done;
    shownAt = at;
    return true;
  };
}
