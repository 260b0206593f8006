/** How `promise` ended within `ms`: fulfilled, rejected, or still pending (`timeout`). The timer is always cleared. */
export async function settleWithin(promise: Promise<unknown>, ms: number): Promise<'fulfilled' | 'rejected' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    promise.then(
      () => 'fulfilled' as const,
      () => 'rejected' as const,
    ),
    new Promise<'timeout'>((resolve) => (timer = setTimeout(resolve, ms, 'timeout'))),
  ]);
  clearTimeout(timer);
  return outcome;
}
