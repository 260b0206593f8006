import { performance } from 'node:perf_hooks';
import t from 'tap';
import { createLogger, waitFor } from '#lib';
import { useMongo } from '#test-support';
import { createFeatureStore, type FeatureStore } from '../src/feature-store.ts';
import { sampleTable } from './feature-store-table.ts';

const logger = createLogger('proxy-test', { level: 'silent' });
/** The requirement: every replica sharing MongoDB picks up a change within one second. */
const CONVERGENCE_LIMIT_MS = 1_000;

async function msUntilSeen(replica: FeatureStore, version: number, startedAt: number): Promise<number> {
  await waitFor(`replica at version ${version}`, () => replica.current().version >= version, { timeoutMs: 5_000, intervalMs: 5 });
  return performance.now() - startedAt;
}

t.test('stores sharing one MongoDB converge on a change within one second', async (t) => {
  const mongo = await useMongo(t);
  const database = mongo.dbName('converge');
  const stores = await Promise.all(
    [0, 1, 2].map(async () => {
      // The proxy's default sync interval.
      const store = await createFeatureStore({ table: sampleTable(), mongodbUrl: mongo.url, database, stateFile: '/nonexistent/unused.json', syncIntervalMs: 250, logger });
      t.teardown(() => store.close());
      return store;
    }),
  );
  const [a, b, c] = stores as [FeatureStore, FeatureStore, FeatureStore];

  const changes: number[] = [];
  b.on('change', (s: { version: number }) => changes.push(s.version));
  let startedAt = performance.now();
  const first = await a.update('products-read', { owner: 'catalog', percent: 40 }, { actor: 'alice' });
  for (const replica of [b, c]) {
    const ms = await msUntilSeen(replica, first.version, startedAt);
    t.ok(ms < CONVERGENCE_LIMIT_MS, `replica saw the change in ${ms.toFixed(0)} ms (< ${CONVERGENCE_LIMIT_MS})`);
    t.match(replica.current().table.features[0], { owner: 'catalog', mode: 'canary', percent: 40 });
  }
  t.same(changes, [first.version], 'the replica emitted change for the remote update');

  startedAt = performance.now();
  const killed = await c.rollbackAll({ actor: 'oncall', reason: 'incident' });
  for (const replica of [a, b]) {
    const ms = await msUntilSeen(replica, killed.version, startedAt);
    t.ok(ms < CONVERGENCE_LIMIT_MS, `kill switch reached a replica in ${ms.toFixed(0)} ms`);
    t.ok(replica.current().table.features.every((f) => f.owner === 'legacy'));
  }
});
