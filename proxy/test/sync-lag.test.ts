import t from 'tap';
import { request } from 'undici';
import { waitFor } from '#lib';
import { startUpstream } from './helpers/echo-upstream.ts';
import { startProxyProcess } from './helpers/proxy-process.ts';
import { startProxy, table } from './helpers/test-proxy.ts';

const LAG = { ms: 1200, sequence: 7, lastAppliedSequence: 93, lastAppliedTime: '2026-11-27T01:00:00.000Z' };

t.test('progress lines carry ownership and the owning service sync lag; a dead readyz is unknown, logged once', async (t) => {
  let catalogReady = true;
  const catalog = await startUpstream(t, 'catalog', (req, res) => {
    req.resume();
    if (req.url !== '/readyz') return void res.writeHead(200).end('{}');
    const body = { service: 'catalog', ready: catalogReady, reasons: catalogReady ? [] : ['not consuming: no RabbitMQ channel'], lag: LAG };
    res.writeHead(catalogReady ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  let deadPolls = 0;
  let billingDead = true;
  const billing = await startUpstream(t, 'billing', (req, res) => {
    if (req.url === '/readyz' && billingDead) {
      deadPolls++;
      return void req.socket.destroy();
    }
    if (req.url === '/readyz') return void res.writeHead(200).end(JSON.stringify({ service: 'billing', ready: true, lag: { ...LAG, ms: 5 } }));
    req.resume();
    res.writeHead(200).end('{}');
  });
  const legacy = await startUpstream(t, 'legacy');
  const proxy = await startProxy(
    t,
    table(
      {
        legacy: legacy.url,
        catalog: { urls: [catalog.url], readyzUrl: `${catalog.url}/readyz` },
        billing: { urls: [billing.url], readyzUrl: `${billing.url}/readyz` },
      },
      [
        { name: 'products', match: { methods: ['GET'], paths: ['/api/products'] }, owner: 'catalog', mode: 'service' },
        { name: 'invoices', match: { methods: ['GET'], paths: ['/api/invoices'] }, owner: 'billing', mode: 'canary', percent: 100 },
        { name: 'orders', match: { methods: ['GET'], paths: ['/api/orders'] } },
      ],
    ),
    { progressIntervalMs: 60_000, readinessIntervalMs: 20 },
  );
  await waitFor('both readyz polled', () => {
    const states = proxy.proxy.progress().upstreams;
    return states.length === 2 && states.every((s) => s.checkedAt !== null) && deadPolls >= 3;
  });
  for (const path of ['/api/products', '/api/invoices', '/api/orders']) await (await request(`${proxy.url}${path}`)).body.dump();
  proxy.proxy.flushProgress();
  const progress = proxy.logs.filter((l) => l.msg === 'progress');
  t.match(progress.find((l) => l.feature === 'products'), {
    owner: 'catalog',
    mode: 'service',
    percent: 100,
    syncLag: { ms: 1200, sequence: 7 },
    ready: true,
    requests: 1,
    extracted: { requests: 1 },
  });
  t.match(progress.find((l) => l.feature === 'invoices'), { owner: 'billing', mode: 'canary', percent: 100, syncLag: null, ready: null });
  const orders = progress.find((l) => l.feature === 'orders');
  t.match(orders, { owner: 'legacy', mode: 'legacy', percent: 0 });
  t.notOk(orders && 'syncLag' in orders, 'a legacy-owned feature has no sync lag');

  const warnings = proxy.logs.filter((l) => l.msg === 'upstream readiness unknown');
  t.equal(warnings.length, 1, `one warning over ${deadPolls} failed polls`);
  t.match(warnings[0], { upstream: 'billing', readyzUrl: `${billing.url}/readyz`, problem: /\S/ });

  const metrics = await proxy.proxy.metrics.text();
  t.match(metrics, /peel_proxy_upstream_sync_lag_ms\{upstream="catalog"\} 1200/);
  t.match(metrics, /peel_proxy_upstream_sync_lag_events\{upstream="catalog"\} 7/);
  t.match(metrics, /peel_proxy_upstream_ready\{upstream="catalog"\} 1/);
  t.notMatch(metrics, /upstream="billing"/, 'unknown lag is absent, not 0');

  catalogReady = false;
  await waitFor('the 503 readiness', () => proxy.proxy.progress().upstreams.find((u) => u.upstream === 'catalog' && u.ready === false));
  t.match(await proxy.proxy.metrics.text(), /peel_proxy_upstream_ready\{upstream="catalog"\} 0/);

  billingDead = false;
  await waitFor('billing answering again', () => proxy.proxy.progress().upstreams.find((u) => u.upstream === 'billing' && u.ready === true));
  t.match(proxy.logs.filter((l) => l.msg === 'upstream readiness known again'), [{ upstream: 'billing' }]);
  t.match(await proxy.proxy.metrics.text(), /peel_proxy_upstream_sync_lag_ms\{upstream="billing"\} 5/);
});

t.test('peel proxy logs the lag on its progress lines and still exits 0 on SIGTERM', async (t) => {
  const legacy = await startUpstream(t, 'legacy');
  const catalog = await startUpstream(t, 'catalog', (req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ service: 'catalog', ready: true, lag: LAG }));
  });
  const proxy = await startProxyProcess(
    t,
    {
      upstreams: { legacy: { urls: [legacy.url] }, catalog: { urls: [catalog.url], readyzUrl: `${catalog.url}/readyz` } },
      features: [{ name: 'products', match: { methods: ['GET'], paths: ['/api/products'] }, owner: 'catalog', mode: 'service' }],
    },
    { PROGRESS_INTERVAL_MS: '100' },
  );
  await waitFor('a progress line with the lag', async () => {
    await (await request(`${proxy.url}/api/products`)).body.dump();
    return proxy.lines.find((l) => l.msg === 'progress' && (l.syncLag as { ms?: number } | null)?.ms === 1200);
  });
  const startedAt = Date.now();
  proxy.child.kill('SIGTERM');
  t.equal(await proxy.exited, 0);
  t.comment(`exited ${Date.now() - startedAt} ms after SIGTERM`);
});
