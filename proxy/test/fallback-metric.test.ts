import t from 'tap';
import { ProxyMetrics } from '#proxy/observe/proxy-metrics';
import type { RequestRecord } from '#proxy/observe/request-record';

const record = (reason: RequestRecord['reason']): RequestRecord => ({
  reqId: 'r1',
  method: 'GET',
  route: '/api/products',
  feature: 'products-read',
  owner: 'legacy',
  reason,
  upstream: 'legacy',
  status: 200,
  ms: 3,
  configVersion: 1,
});

t.test('requests retried on legacy after a service failed are counted by feature', async (t) => {
  const metrics = new ProxyMetrics();
  metrics.record(record('fallback'));
  metrics.record(record('fallback'));
  metrics.record(record('default'));
  const text = await metrics.text();
  t.match(text, /^peel_proxy_fallbacks_total\{feature="products-read"\} 2$/m);
});
