export interface TrafficResult {
  sent: number;
  failed: number;
  failures: string[];
  byStatus: Map<number, number>;
}

/**
 * Sends `count` product reads through the proxy with `concurrency` requests in flight,
 * spread over `users` sticky user ids. A request fails on a network error, a status other
 * than 200, or a body that is not the expected JSON.
 */
export async function sendProductReads(proxyUrl: string, productIds: string[], options: { count: number; concurrency: number; users: number }): Promise<TrafficResult> {
  const result: TrafficResult = { sent: 0, failed: 0, failures: [], byStatus: new Map() };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < options.count) {
      const i = next++;
      const byId = i % 3 !== 0 && productIds.length > 0;
      const path = byId ? `/api/products/${productIds[i % productIds.length]}` : `/api/products?limit=10&sort=name`;
      const userId = `user-${i % options.users}`;
      result.sent++;
      try {
        const res = await fetch(`${proxyUrl}${path}`, { headers: { 'x-user-id': userId } });
        result.byStatus.set(res.status, (result.byStatus.get(res.status) ?? 0) + 1);
        const body = (await res.json()) as Record<string, unknown>;
        const shapeOk = byId ? typeof body.id === 'string' : Array.isArray(body.items);
        if (res.status !== 200 || !shapeOk) fail(result, `${path}: ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
      } catch (err) {
        fail(result, `${path}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return result;
}

function fail(result: TrafficResult, why: string): void {
  result.failed++;
  if (result.failures.length < 10) result.failures.push(why);
}
