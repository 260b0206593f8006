import t from 'tap';
import { createLogger } from '#lib';
import type { AuditEntry } from '../src/audit.ts';
import { FeatureStoreCore } from '../src/feature-store-core.ts';
import type { StoreBackend } from '../src/store-backend.ts';
import { createMemoryBackend } from '../src/store-memory.ts';
import { sampleTable } from './feature-store-table.ts';

const logger = createLogger('proxy-test', { level: 'silent' });

/** A shared backend where another replica commits right before each of our next `races` commits. */
function racingBackend(races: number): StoreBackend & { others: number } {
  const shared = createMemoryBackend();
  let left = races;
  const backend = {
    ...shared,
    others: 0,
    async commit(expected: number, next: Parameters<StoreBackend['commit']>[1], entry: AuditEntry) {
      if (left > 0) {
        left--;
        const current = await shared.load();
        const version = current.version + 1;
        backend.others++;
        const features = { ...current.features, reviews: { owner: 'reviews', mode: 'service' as const, percent: 100, fallback: 'legacy' as const } };
        await shared.commit(current.version, { version, features }, { ...entry, version, actor: 'other-replica', features: ['reviews'] });
      }
      return shared.commit(expected, next, entry);
    },
  };
  return backend;
}

function storeOn(backend: StoreBackend) {
  return new FeatureStoreCore({ base: sampleTable(), backend, state: { version: 0, features: {} }, logger, now: () => new Date(), syncIntervalMs: 1000 });
}

t.test('a change that loses the race is applied again on top of the winner', async (t) => {
  const backend = racingBackend(2);
  const store = storeOn(backend);
  t.teardown(() => store.close());
  const snap = await store.update('products-read', { owner: 'catalog' }, { actor: 'me' });
  t.equal(backend.others, 2);
  t.equal(snap.version, 3, 'versions 1 and 2 went to the other replica');
  t.match(snap.table.features, [{ name: 'products-read', owner: 'catalog' }, {}, { name: 'reviews', owner: 'reviews' }], "keeps the winner's change");
  t.match(await store.audit(), [{ version: 3, actor: 'me', before: { 'products-read': { owner: 'legacy' } } }, { actor: 'other-replica' }, { actor: 'other-replica' }]);
});

t.test('after five lost races the change gives up with a 409 and changes nothing', async (t) => {
  const backend = racingBackend(5);
  const store = storeOn(backend);
  t.teardown(() => store.close());
  await t.rejects(store.update('products-read', { owner: 'catalog' }, { actor: 'me' }), { code: 'PEEL_PROXY_FEATURE_CONFLICT', statusCode: 409 });
  t.equal(store.current().table.features[0]?.owner, 'legacy');
  t.equal(store.current().version, 5, 'but it did pick up what the others wrote');
  t.notOk((await store.audit()).some((e) => e.actor === 'me'));
});
