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

t.test("a replica whose features file cannot use another's stored ownership leaves it as stored when changing something else", async (t) => {
  const shared = { ...createMemoryBackend(), shared: true };
  // Replica B knows an upstream A's file does not: it moves products-read there.
  const withCatalog2 = sampleTable((input) => ({ ...input, upstreams: { ...input.upstreams, catalog2: { urls: ['http://127.0.0.1:4003'] } } }));
  const b = new FeatureStoreCore({ base: withCatalog2, backend: shared, state: await shared.load(), logger, now: () => new Date(), syncIntervalMs: 1000 });
  t.teardown(() => b.close());
  await b.update('products-read', { owner: 'catalog2', mode: 'service' }, { actor: 'bob' });
  const a = new FeatureStoreCore({ base: sampleTable(), backend: shared, state: await shared.load(), logger, now: () => new Date(), syncIntervalMs: 1000 });
  t.teardown(() => a.close());
  t.match(a.current().table.features[0], { name: 'products-read', owner: 'legacy' }, 'A cannot route to catalog2, so it keeps products-read on legacy itself');

  await a.update('reviews', { owner: 'reviews', mode: 'service' }, { actor: 'alice' });
  const stored = await shared.load();
  t.match(stored.features['products-read'], { owner: 'catalog2', mode: 'service' }, "B's change is still what is stored");
  t.same(Object.keys(stored.features).sort(), ['products-read', 'reviews']);
  t.same((await shared.audit({})).map((e) => [e.actor, e.features]), [['alice', ['reviews']], ['bob', ['products-read']]]);
});

t.test('a change with ifVersion that loses the race is refused, not applied over what the caller never saw', async (t) => {
  const backend = racingBackend(1);
  const store = storeOn(backend);
  t.teardown(() => store.close());
  await t.rejects(store.update('products-read', { owner: 'catalog' }, { actor: 'alice', ifVersion: 0 }), { code: 'PEEL_PROXY_FEATURE_VERSION_MISMATCH', message: /at config version 1, not 0/ });
  t.equal((await backend.load()).version, 1, "only the other replica's change is stored");
  t.match(store.current().table.features[0], { name: 'products-read', owner: 'legacy' });
});
