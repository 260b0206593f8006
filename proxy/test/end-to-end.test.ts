import t from 'tap';
import { request } from 'undici';
import { waitFor } from '#lib';
import { startUpstream } from './helpers/echo-upstream.ts';
import { startProxyProcess } from './helpers/proxy-process.ts';

const TOKEN = 'end-to-end-admin-token-0123';

t.test('peel proxy: a change through the admin API moves the next request; the override needs the token', async (t) => {
  const legacy = await startUpstream(t, 'legacy');
  const catalog = await startUpstream(t, 'catalog');
  const proxy = await startProxyProcess(
    t,
    {
      upstreams: { legacy: { urls: [legacy.url] }, catalog: { urls: [catalog.url] } },
      features: [{ name: 'products-read', match: { methods: ['GET'], paths: ['/api/products', '/api/products/:id'] } }],
    },
    { PEEL_ADMIN_TOKEN: TOKEN },
  );
  const owner = async (headers: Record<string, string> = {}): Promise<string> => {
    const res = await request(`${proxy.url}/api/products/7`, { headers });
    return ((await res.body.json()) as { upstream: string }).upstream;
  };
  t.equal(await owner(), 'legacy');
  t.equal(await owner({ 'x-peel-owner': 'service', 'x-peel-authorization': 'Bearer wrong-token' }), 'legacy', 'no override without the token');

  const put = await request(`${proxy.adminUrl}/features/products-read`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'x-peel-actor': 'tester' },
    body: JSON.stringify({ owner: 'catalog', mode: 'service', reason: 'e2e' }),
  });
  t.equal(put.statusCode, 200, 'the admin API accepted the change');
  await put.body.dump();
  t.equal(await owner(), 'catalog', 'the next request goes to the new owner');
  t.equal(await owner({ 'x-peel-owner': 'legacy', 'x-peel-authorization': `Bearer ${TOKEN}` }), 'legacy', 'the token enables the override');

  const lines = await waitFor('the request lines', () => {
    const found = proxy.lines.filter((l) => l.msg === 'request');
    return found.length >= 4 ? found : undefined;
  });
  t.match(lines.map((l) => [l.owner, l.reason, l.configVersion]), [
    ['legacy', 'default', 0],
    ['legacy', 'default', 0],
    ['catalog', 'toggle', 1],
    ['legacy', 'override', 1],
  ]);
  const metrics = await request(`${proxy.adminUrl}/metrics`);
  t.match(await metrics.body.text(), /peel_proxy_config_version 1/);
  t.notOk(catalog.seen.some((r) => 'x-peel-authorization' in r.headers || 'x-peel-owner' in r.headers), 'control headers never reached a service');
});
