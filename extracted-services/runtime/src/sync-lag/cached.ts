/**
 * `fn`'s result, reused for `ttlMs`: one `/metrics` scrape reads three lag gauges, and
 * should ask the broker for the queue depth once, not three times.
 */
export function cachedFor<T>(ttlMs: number, fn: () => Promise<T>, clock: () => number = Date.now): () => Promise<T> {
  let value: Promise<T> | undefined;
  let at = 0;
  return () => {
    const now = clock();
    if (!value || now - at >= ttlMs) {
      at = now;
      const current = fn();
      value = current;
      // A failure is not kept: the next call tries again.
      current.catch(() => {
        if (value === current) value = undefined;
      });
    }
    return value;
  };
}
