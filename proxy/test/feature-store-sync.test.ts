import { Writable } from 'node:stream';
import t from 'tap';
import { createLogger, waitFor } from '#lib';
import { FeatureStoreCore } from '../src/feature-store-core.ts';
import type { PersistedState, StoreBackend } from '../src/store-backend.ts';
import { createMemoryBackend } from '../src/store-memory.ts';
import { sampleTable } from './feature-store-table.ts';

t.test('a failing sync is logged once per outage and the store catches up when storage is back', async (t) => {
  const lines: Array<{ level: string; msg: string }> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  const logger = createLogger('proxy-test', { destination: sink });
  const shared = createMemoryBackend();
  let failuresLeft = 5;
  let loads = 0;
  const backend: StoreBackend = {
    ...shared,
    shared: true,
    async load(): Promise<PersistedState> {
      loads++;
      if (failuresLeft > 0) {
        failuresLeft--;
        throw new Error('storage down');
      }
      return shared.load();
    },
  };
  await shared.commit(0, { version: 1, features: { reviews: { owner: 'reviews', mode: 'service', percent: 100, fallback: 'legacy' } } }, { version: 1, at: new Date().toISOString(), actor: 'other', action: 'update', features: ['reviews'], before: {}, after: {} });
  const store = new FeatureStoreCore({ base: sampleTable(), backend, state: { version: 0, features: {} }, logger, now: () => new Date(), syncIntervalMs: 5 });
  t.teardown(() => store.close());

  await waitFor('store picked up version 1', () => store.current().version === 1);
  t.ok(loads > 5, 'kept polling through the outage');
  t.equal(store.current().table.features[2]?.owner, 'reviews');
  t.same(lines.filter((l) => l.msg.startsWith('feature state sync')).map((l) => [l.level, l.msg]), [
    ['warn', 'feature state sync failed'],
    ['info', 'feature state sync recovered'],
  ]);
});
