import t from 'tap';
import { request } from 'undici';
import { waitFor } from '#lib';
import { startUpstream } from './helpers/echo-upstream.ts';
import { startProxy, table } from './helpers/test-proxy.ts';

t.test('request lines, progress lines and metrics show the migration', async (t) => {
  const legacy = await startUpstream(t, 'legacy');
  const catalog = await startUpstream(t, 'catalog', (req, res) => {
    req.resume();
    res.writeHead(req.url === '/api/products/boom' ? 500 : 200).end('{}');
  });
  const proxy = await startProxy(
    t,
    table({ legacy: legacy.url, catalog: catalog.url }, [
      { name: 'products', match: { methods: ['GET'], paths: ['/api/products/:id'] }, owner: 'catalog', mode: 'service', fallback: 'none' },
      { name: 'orders', match: { methods: ['GET'], paths: ['/api/orders'] } },
    ]),
    { progressIntervalMs: 60_000 },
  );
  for (const path of ['/api/products/1', '/api/products/2', '/api/products/boom', '/api/orders', '/elsewhere']) {
    await (await request(`${proxy.url}${path}`)).body.dump();
  }
  const lines = proxy.requestLogs();
  t.equal(lines.length, 5);
  t.match(lines[0], {
    msg: 'request',
    level: 'info',
    feature: 'products',
    owner: 'catalog',
    reason: 'toggle',
    upstream: 'catalog',
    method: 'GET',
    route: '/api/products/:id',
    status: 200,
    ms: Number,
    configVersion: 1,
    reqId: /\S/,
  });
  t.match(lines[3], { feature: 'orders', owner: 'legacy', reason: 'default', route: '/api/orders' });
  t.match(lines[4], { feature: null, owner: 'legacy', route: null, reason: 'default' });

  proxy.proxy.flushProgress();
  const progress = proxy.logs.filter((l) => l.msg === 'progress');
  t.match(progress.find((l) => l.feature === 'products'), {
    requests: 3,
    serviceShare: 1,
    extracted: { requests: 3, errorRate: 0.3333, p50Ms: Number, p99Ms: Number },
    legacy: { requests: 0 },
  });
  t.match(progress.find((l) => l.feature === 'orders'), { requests: 1, serviceShare: 0, legacy: { requests: 1, errorRate: 0 } });
  t.match(proxy.logs.find((l) => l.msg === 'progress overall'), { requests: 5, serviceShare: 0.6, features: 2, featuresOnServices: 1, configVersion: 1 });

  const metrics = await proxy.proxy.metrics.text();
  t.match(metrics, /peel_proxy_requests_total\{feature="products",owner="catalog",status_class="2xx"\} 2/);
  t.match(metrics, /peel_proxy_requests_total\{feature="products",owner="catalog",status_class="5xx"\} 1/);
  t.match(metrics, /peel_proxy_requests_total\{feature="none",owner="legacy",status_class="2xx"\} 1/);
  t.match(metrics, /peel_proxy_request_duration_seconds_count\{side="service",owner="catalog"\} 3/);
  t.match(metrics, /peel_proxy_config_version 1/);
});

t.test('progress lines come every progressIntervalMs', async (t) => {
  const legacy = await startUpstream(t, 'legacy');
  const proxy = await startProxy(t, table({ legacy: legacy.url }, []), { progressIntervalMs: 50 });
  await (await request(`${proxy.url}/x`)).body.dump();
  await waitFor('a progress line', () => proxy.logs.find((l) => l.msg === 'progress overall' && l.requests === 1));
  t.pass('progress logged on the interval');
});
