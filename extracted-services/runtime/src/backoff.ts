/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so
 * consumers that lost the broker together do not come back in lockstep, and no retry
 * is ever immediate.
 */
export function backoffDelayMs(attempt: number, initialMs: number, maxMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(maxMs, initialMs * 2 ** Math.max(attempt - 1, 0));
  return Math.round(exponential / 2 + (exponential / 2) * random());
}
