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
  const worker = async (first: number): Promise<void> => {
    for (let i = first; i < REQUESTS; i += CONCURRENCY) {
      const res = await request(`${proxy.url}/api/products/${i}`, { headers: { 'x-request-id': `load-${i}` } });
      const body = (await res.body.json()) as { upstream: string };
      if (res.statusCode !== 200) failures.push(`load-${i}: ${res.statusCode}`);
      answers.push({ reqId: `load-${i}`, upstream: body.upstream });
      completed++;
    }
  };
  const toggler = async (): Promise<void> => {
    for (let i = 0; i < TOGGLES; i++) {
      const mode = i % 2 === 0 ? 'service' : 'legacy';
      const snapshot = await store.update('products', mode === 'service' ? { owner: 'catalog', mode } : { mode }, { actor: 'test', reason: `toggle ${i}` });
      ownerAtVersion.set(snapshot.version, mode === 'service' ? 'catalog' : 'legacy');
      await waitFor('more requests between toggles', () => completed >= ((i + 1) * REQUESTS) / (TOGGLES + 10));
    }
  };
  await Promise.all([toggler(), ...Array.from({ length: CONCURRENCY }, (_, w) => worker(w))]);

  t.strictSame(failures, [], 'zero failed requests');
  t.equal(answers.length, REQUESTS);
  t.equal(ownerAtVersion.size, TOGGLES + 1, 'every toggle made a new config version');
  const logByReqId = new Map(proxy.requestLogs().map((l) => [l.reqId, l]));
  const wrong = answers.filter((a) => {
    const log = logByReqId.get(a.reqId);
    return !log || ownerAtVersion.get(log.configVersion as number) !== a.upstream || log.owner !== a.upstream;
  });
  t.strictSame(wrong.slice(0, 5), [], 'every response came from the owner of the config version it was routed with');
  const versionsSeen = new Set(proxy.requestLogs().map((l) => l.configVersion));
  t.ok(versionsSeen.size > TOGGLES / 2, `requests were routed under ${versionsSeen.size} different config versions`);
  t.ok(legacy.seen.length > 0 && catalog.seen.length > 0, `both sides served (legacy ${legacy.seen.length}, catalog ${catalog.seen.length})`);
});
