import t from 'tap';
import { request } from 'undici';
import { waitFor } from '#lib';
import { startUpstream } from './helpers/echo-upstream.ts';
import { startRunningProxy } from './helpers/running-proxy.ts';

const TOKEN = 'progress-route-token-0123456789';

t.test('GET /progress: totals since start per feature (across progress windows) and the latest lag per upstream, behind the token', async (t) => {
  const legacy = await startUpstream(t, 'legacy');
  const catalog = await startUpstream(t, 'catalog', (req, res) => {
    req.resume();
    if (req.url === '/readyz') {
      const lag = { ms: 40, sequence: 2, lastAppliedSequence: 10, lastAppliedTime: null };
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ service: 'catalog', ready: true, lag }));
    }
    res.writeHead(req.url === '/api/products/boom' ? 500 : 200).end('{}');
  });
  const running = await startRunningProxy(
    t,
    {
      upstreams: { legacy: { urls: [legacy.url] }, catalog: { urls: [catalog.url], readyzUrl: `${catalog.url}/readyz` } },
      features: [
        { name: 'products', match: { methods: ['GET'], paths: ['/api/products/:id'] }, owner: 'catalog', mode: 'service', fallback: 'none' },
        { name: 'orders', match: { methods: ['GET'], paths: ['/api/orders'] } },
        { name: 'users', match: { methods: ['GET'], paths: ['/api/users'] } },
      ],
    },
    TOKEN,
    { progressIntervalMs: 50 },
  );
  const progress = async (auth = `Bearer ${TOKEN}`) => {
    const res = await request(`${running.adminUrl}/progress`, { headers: { authorization: auth } });
    return { status: res.statusCode, body: (await res.body.json()) as Record<string, any> };
  };
  t.match(await progress('Bearer wrong'), { status: 401, body: { code: 'PEEL_PROXY_ADMIN_UNAUTHORIZED' } });

  for (const path of ['/api/products/1', '/api/products/boom', '/api/orders']) await (await request(`${running.url}${path}`)).body.dump();
  running.proxy.flushProgress();
  for (const path of ['/api/products/2', '/api/orders']) await (await request(`${running.url}${path}`)).body.dump();
  const { status, body } = await waitFor('the catalog lag', async () => {
    const reply = await progress();
    return reply.body.upstreams?.[0]?.ready === true ? reply : undefined;
  });
  t.equal(status, 200);
  t.match(body, { configVersion: 0, since: String, uptimeMs: Number, overall: { requests: 5, serviceShare: 0.6, features: 3, featuresOnServices: 1, featuresInCanary: 0 } });
  t.same(
    body.features.map((f: { feature: string; requests: number }) => [f.feature, f.requests]),
    [
      ['products', 3],
      ['orders', 2],
      ['users', 0],
    ],
    'every feature, counted since start, not since the last progress window',
  );
  t.match(body.features[0], {
    owner: 'catalog',
    mode: 'service',
    percent: 100,
    serviceShare: 1,
    extracted: { requests: 3, errorRate: 0.3333, p50Ms: Number, p99Ms: Number },
    legacy: { requests: 0, errorRate: 0 },
    syncLag: { ms: 40, sequence: 2 },
    ready: true,
  });
  t.match(body.features[1], { owner: 'legacy', mode: 'legacy', percent: 0, serviceShare: 0, legacy: { requests: 2 } });
  t.same(body.upstreams, [
    { upstream: 'catalog', readyzUrl: `${catalog.url}/readyz`, ready: true, syncLag: { ms: 40, sequence: 2 }, reasons: [], checkedAt: body.upstreams[0].checkedAt, problem: null },
  ]);
});
