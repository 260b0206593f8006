import { once } from 'node:events';
import t from 'tap';
import { createMemoryFeatureStore, type FeatureSnapshot } from '../src/feature-store.ts';
import { sampleTable } from './feature-store-table.ts';

const admin = { actor: 'alice', reason: 'test' };

function ownership(snapshot: FeatureSnapshot, name: string) {
  const f = snapshot.table.features.find((x) => x.name === name);
  return f && { owner: f.owner, mode: f.mode, percent: f.percent, fallback: f.fallback };
}

t.test('starts at version 0 with the table, deep-frozen', async (t) => {
  const store = createMemoryFeatureStore(sampleTable());
  t.teardown(() => store.close());
  const snap = store.current();
  t.equal(snap.version, 0);
  t.equal(store.current(), snap, 'current() returns the same object until a change');
  t.ok(Object.isFrozen(snap) && Object.isFrozen(snap.table.features[0]) && Object.isFrozen(snap.table.features[0]?.match.paths));
});

t.test('each change gets the next version, emits change and leaves the old snapshot intact', async (t) => {
  const store = createMemoryFeatureStore(sampleTable());
  t.teardown(() => store.close());
  const before = store.current();
  const changed = once(store, 'change');
  const after = await store.update('products-read', { owner: 'catalog' }, admin);
  t.equal(after.version, 1);
  t.equal((await changed)[0], after);
  t.same(ownership(after, 'products-read'), { owner: 'catalog', mode: 'service', percent: 100, fallback: 'legacy' });
  t.same(ownership(before, 'products-read'), { owner: 'legacy', mode: 'legacy', percent: 0, fallback: 'legacy' });
  t.equal((await store.update('products-read', { percent: 25 }, admin)).version, 2);
  t.same(ownership(store.current(), 'products-read'), { owner: 'catalog', mode: 'canary', percent: 25, fallback: 'legacy' });
});

t.test('owner and mode resolve from what the operator means', async (t) => {
  const store = createMemoryFeatureStore(sampleTable());
  t.teardown(() => store.close());
  const cases: Array<[string, string, object, object]> = [
    ['owner alone means service', 'reviews', { owner: 'reviews' }, { owner: 'reviews', mode: 'service', percent: 100 }],
    ['owner legacy alone means legacy', 'reviews', { owner: 'legacy' }, { owner: 'legacy', mode: 'legacy', percent: 0 }],
    ['owner and percent mean canary', 'reviews', { owner: 'reviews', percent: 10 }, { owner: 'reviews', mode: 'canary', percent: 10 }],
    ['mode service keeps the service owner', 'reviews', { mode: 'service' }, { owner: 'reviews', mode: 'service', percent: 100 }],
    ['mode legacy moves the owner back', 'products-write', { mode: 'legacy' }, { owner: 'legacy', mode: 'legacy', percent: 0 }],
    ['fallback alone changes only fallback', 'products-write', { fallback: 'none' }, { owner: 'legacy', mode: 'legacy', fallback: 'none' }],
  ];
  for (const [what, name, patch, expected] of cases) {
    const snap = await store.update(name, patch, admin);
    t.match(ownership(snap, name), expected, what);
  }
});

t.test('bad changes name the field and change nothing', async (t) => {
  const store = createMemoryFeatureStore(sampleTable());
  t.teardown(() => store.close());
  const cases: Array<[string, string, object, object]> = [
    ['percent over 100', 'products-read', { owner: 'catalog', percent: 120 }, { code: 'PEEL_PROXY_FEATURE_CHANGE_INVALID', statusCode: 400, message: /percent: expected number <= 100/ }],
    ['percent not a number', 'products-read', { percent: '5' }, { code: 'PEEL_PROXY_FEATURE_CHANGE_INVALID', message: /percent: expected number/ }],
    ['unknown mode', 'products-read', { mode: 'half' }, { code: 'PEEL_PROXY_FEATURE_CHANGE_INVALID', message: /mode: expected one of "legacy", "service", "canary"/ }],
    ['unknown field', 'products-read', { ownr: 'catalog' }, { code: 'PEEL_PROXY_FEATURE_CHANGE_INVALID', message: /ownr: expected no such field/ }],
    ['service mode with no service owner', 'products-read', { mode: 'service' }, { code: 'PEEL_PROXY_FEATURE_CHANGE_INVALID', message: /owner: expected a service owner for mode service/ }],
    ['canary without a percent', 'products-write', { mode: 'canary' }, { code: 'PEEL_PROXY_FEATURE_CHANGE_INVALID', message: /percent: expected a number from 0 to 100 for mode canary/ }],
    ['split percent with mode service', 'products-write', { mode: 'service', percent: 40 }, { code: 'PEEL_PROXY_FEATURE_CHANGE_INVALID', message: /percent: expected 100/ }],
    ['owner without upstream', 'products-read', { owner: 'billing' }, { code: 'PEEL_PROXY_FEATURE_OWNER_UNKNOWN', statusCode: 400, message: /owner: billing has no upstream.*legacy, catalog, reviews/ }],
    ['unknown feature', 'nope', { owner: 'catalog' }, { code: 'PEEL_PROXY_FEATURE_NOT_FOUND', statusCode: 404 }],
  ];
  for (const [what, name, patch, expected] of cases) {
    await t.rejects(store.update(name, patch as never, admin), expected as Error, what);
  }
  t.equal(store.current().version, 0, 'no version was spent on a rejected change');
  t.same(await store.audit(), []);
});

t.test('rollback and the kill switch put features back on legacy at once', async (t) => {
  const store = createMemoryFeatureStore(sampleTable());
  t.teardown(() => store.close());
  await store.update('products-read', { owner: 'catalog', percent: 50 }, admin);
  const rolled = await store.rollback('products-read', { actor: 'bob' });
  t.same(ownership(rolled, 'products-read'), { owner: 'legacy', mode: 'legacy', percent: 0, fallback: 'legacy' });
  await t.rejects(store.rollback('nope', admin), { code: 'PEEL_PROXY_FEATURE_NOT_FOUND' });
  await store.update('reviews', { owner: 'reviews' }, admin);
  const all = await store.rollbackAll({ actor: 'carol', reason: 'incident' });
  t.equal(all.version, 4);
  t.ok(all.table.features.every((f) => f.owner === 'legacy' && f.mode === 'legacy'));
});

t.test('a rollback keeps the fallback policy the operator set for the service', async (t) => {
  const store = createMemoryFeatureStore(sampleTable());
  t.teardown(() => store.close());
  await store.update('products-read', { owner: 'catalog', percent: 20, fallback: 'none' }, admin);
  t.same(ownership(await store.rollback('products-read', admin), 'products-read'), { owner: 'legacy', mode: 'legacy', percent: 0, fallback: 'none' });
  await store.update('products-read', { owner: 'catalog', percent: 20 }, admin);
  t.equal(ownership(store.current(), 'products-read')?.fallback, 'none', 'back on the service, failed reads still do not go to legacy');
  await store.rollbackAll(admin);
  t.equal(ownership(store.current(), 'products-read')?.fallback, 'none', 'the kill switch keeps it too');
});

t.test('a change that changes nothing makes no new version and no audit entry', async (t) => {
  const store = createMemoryFeatureStore(sampleTable());
  t.teardown(() => store.close());
  await store.update('products-read', { owner: 'catalog' }, admin);
  const before = store.current();
  t.equal(await store.update('products-read', {}, admin), before, 'an empty patch');
  t.equal(await store.update('products-read', { owner: 'catalog', mode: 'service' }, admin), before, 'the same ownership again');
  t.equal(await store.rollback('reviews', admin), before, 'a rollback of a feature already on legacy');
  t.equal((await store.audit()).length, 1);
  t.equal((await store.rollbackAll(admin)).version, 2, 'a kill switch that changes something still commits');
});

t.test('the audit log records who, when, before, after and why, newest first', async (t) => {
  let clock = Date.parse('2026-11-27T00:00:00Z');
  const store = createMemoryFeatureStore(sampleTable(), { now: () => new Date((clock += 1000)) });
  t.teardown(() => store.close());
  await store.update('products-read', { owner: 'catalog' }, { actor: 'alice', reason: 'move reads' });
  await store.rollback('products-read', { actor: 'bob' });
  await store.rollbackAll({ actor: 'carol', reason: 'incident' });
  const entries = await store.audit();
  t.same(entries.map((e) => e.version), [3, 2, 1]);
  t.match(entries[2], {
    version: 1,
    at: '2026-11-27T00:00:01.000Z',
    actor: 'alice',
    action: 'update',
    features: ['products-read'],
    before: { 'products-read': { owner: 'legacy', mode: 'legacy' } },
    after: { 'products-read': { owner: 'catalog', mode: 'service' } },
    reason: 'move reads',
  });
  t.notOk('reason' in (entries[1] ?? {}), 'no reason given, none recorded');
  t.same(entries[0]?.features, ['products-read', 'products-write', 'reviews']);
  t.same((await store.audit({ feature: 'reviews' })).map((e) => e.version), [3]);
  t.same((await store.audit({ limit: 1 })).map((e) => e.version), [3]);
});

t.test('concurrent changes are applied one at a time with distinct versions', async (t) => {
  const store = createMemoryFeatureStore(sampleTable());
  t.teardown(() => store.close());
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.update('products-read', { owner: 'catalog', percent: i }, admin)));
  t.same(results.map((s) => s.version).sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i + 1));
  t.equal(store.current().version, 20);
});

t.test('a throwing change listener does not turn a committed change into a failure', async (t) => {
  const store = createMemoryFeatureStore(sampleTable());
  t.teardown(() => store.close());
  store.on('change', () => {
    throw new Error('listener bug');
  });
  const snap = await store.update('reviews', { owner: 'reviews' }, admin);
  t.equal(snap.version, 1);
  t.equal(store.current(), snap);
});
