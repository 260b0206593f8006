import t from 'tap';
import { request } from 'undici';
import { startUpstream } from './helpers/echo-upstream.ts';
import { startProxy, table } from './helpers/test-proxy.ts';

t.test('an upstream with several URLs is used round-robin', async (t) => {
  const a = await startUpstream(t, 'legacy-a');
  const b = await startUpstream(t, 'legacy-b');
  const proxy = await startProxy(t, table({ legacy: [a.url, b.url] }, []));
  const served: string[] = [];
  for (let i = 0; i < 6; i++) {
    const res = await request(`${proxy.url}/x`);
    served.push(((await res.body.json()) as { upstream: string }).upstream);
  }
  t.strictSame(served, ['legacy-a', 'legacy-b', 'legacy-a', 'legacy-b', 'legacy-a', 'legacy-b']);
});

t.test('a canary keeps each user on one side and raising the percent only moves users to the service', async (t) => {
  const legacy = await startUpstream(t, 'legacy');
  const catalog = await startUpstream(t, 'catalog');
  const canary = (percent: number) =>
    table({ legacy: legacy.url, catalog: catalog.url }, [
      { name: 'products', match: { methods: ['GET'], paths: ['/api/products'] }, owner: 'catalog', mode: 'canary', percent, sticky: { kind: 'header', name: 'x-user-id' } },
    ]);
  const proxy = await startProxy(t, canary(20));
  const sides = async (): Promise<Map<string, string>> => {
    const out = new Map<string, string>();
    for (let u = 0; u < 100; u++) {
      const res = await request(`${proxy.url}/api/products`, { headers: { 'x-user-id': `user-${u}` } });
      out.set(`user-${u}`, ((await res.body.json()) as { upstream: string }).upstream);
    }
    return out;
  };
  const at20 = await sides();
  t.strictSame(await sides(), at20, 'the same users land on the same side again');
  proxy.setTable(canary(60));
  const at60 = await sides();
  const movedBack = [...at20].filter(([user, side]) => side === 'catalog' && at60.get(user) !== 'catalog');
  t.strictSame(movedBack, [], 'nobody on the service went back to legacy');
  const count = (m: Map<string, string>) => [...m.values()].filter((s) => s === 'catalog').length;
  t.ok(count(at60) > count(at20), `more users on the service at 60 % (${count(at20)} → ${count(at60)})`);
  t.match(proxy.requestLogs().at(-1), { reason: 'canary', feature: 'products', configVersion: 2 });
});
