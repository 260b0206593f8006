import t from 'tap';
import { request } from 'undici';
import { waitFor } from '#lib';
import { createMemoryFeatureStore } from '#proxy/feature-store';
import { startUpstream } from './helpers/echo-upstream.ts';
import { startProxy, table } from './helpers/test-proxy.ts';

const REQUESTS = 2_400;
const CONCURRENCY = 16;
const TOGGLES = 100;

t.test('100 toggles during 2,400 requests: no failures, each response from the owner in force when routed', async (t) => {
  const legacy = await startUpstream(t, 'legacy');
  const catalog = await startUpstream(t, 'catalog');
  const initial = table({ legacy: legacy.url, catalog: catalog.url }, [
    { name: 'products', match: { methods: ['GET'], paths: ['/api/products/:id'] }, owner: 'catalog', mode: 'legacy' },
  ]);
  const store = createMemoryFeatureStore(initial);
  t.teardown(() => store.close());
  const proxy = await startProxy(t, initial, { source: store });
  const ownerAtVersion = new Map<number, string>([[store.current().version, 'legacy']]);

  let completed = 0;
  const failures: string[] = [];
  const answers: Array<{ reqId: string; upstream: string }> = [];
  let toggling = true;
  let next = 0;
  // Requests go on until every toggle has been routed under, and at least REQUESTS were sent.
  const worker = async (): Promise<void> => {
    while (toggling || next < REQUESTS) {
      const i = next++;
      const res = await request(`${proxy.url}/api/products/${i}`, { headers: { 'x-request-id': `load-${i}` } });
      const body = (await res.body.json()) as { upstream: string };
      if (res.statusCode !== 200) failures.push(`load-${i}: ${res.statusCode}`);
      answers.push({ reqId: `load-${i}`, upstream: body.upstream });
      completed++;
    }
  };
  const routedUnder = (version: number) => waitFor(`a request routed under version ${version}`, () => proxy.requestLogs().some((l) => l.configVersion === version), { intervalMs: 1 });
  const toggler = async (): Promise<void> => {
    await routedUnder(store.current().version);
    for (let i = 0; i < TOGGLES; i++) {
      const mode = i % 2 === 0 ? 'service' : 'legacy';
      const snapshot = await store.update('products', mode === 'service' ? { owner: 'catalog', mode } : { mode }, { actor: 'test', reason: `toggle ${i}` });
      ownerAtVersion.set(snapshot.version, mode === 'service' ? 'catalog' : 'legacy');
      await waitFor('more requests between toggles', () => completed >= ((i + 1) * REQUESTS) / (TOGGLES + 10), { intervalMs: 1 });
      await routedUnder(snapshot.version);
    }
    toggling = false;
  };
  await Promise.all([toggler(), ...Array.from({ length: CONCURRENCY }, () => worker())]);

  t.strictSame(failures, [], 'zero failed requests');
  t.equal(answers.length, completed);
  t.ok(completed >= REQUESTS, `${completed} requests`);
  t.equal(ownerAtVersion.size, TOGGLES + 1, 'every toggle made a new config version');
  const logByReqId = new Map(proxy.requestLogs().map((l) => [l.reqId, l]));
  const wrong = answers.filter((a) => {
    const log = logByReqId.get(a.reqId);
    return !log || ownerAtVersion.get(log.configVersion as number) !== a.upstream || log.owner !== a.upstream;
  });
  t.strictSame(wrong.slice(0, 5), [], 'every response came from the owner of the config version it was routed with');
  const versionsSeen = new Set(proxy.requestLogs().map((l) => l.configVersion));
  t.equal(versionsSeen.size, TOGGLES + 1, 'requests were routed under every config version');
  t.ok(legacy.seen.length > 0 && catalog.seen.length > 0, `both sides served (legacy ${legacy.seen.length}, catalog ${catalog.seen.length})`);
});
