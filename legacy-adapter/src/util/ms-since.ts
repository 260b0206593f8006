/** Milliseconds from an ISO time (an event's commit time) to `now`; 0 for a time ahead of `now` (clock skew). */
export function msSince(isoTime: string, now: number): number {
  return Math.max(0, now - Date.parse(isoTime));
}
