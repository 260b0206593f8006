const SERVICES = new Set(['catalog', 'notifications']);

/**
 * The order to stop the stack's processes in: newest first (the proxy before the services
 * before the data), except that the adapter outlives the services, which poll its /status
 * and would otherwise log that it is unreadable on every shutdown.
 */
export function stopOrder<T extends { readonly name: string }>(started: readonly T[]): T[] {
  const newestFirst = [...started].reverse();
  const adapter = newestFirst.filter((c) => c.name === 'adapter');
  const rest = newestFirst.filter((c) => c.name !== 'adapter');
  rest.splice(rest.findLastIndex((c) => SERVICES.has(c.name)) + 1, 0, ...adapter);
  return rest;
}
