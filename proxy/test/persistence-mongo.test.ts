import { createServer } from 'node:net';
import t, { type Test } from 'tap';
import { createLogger } from '#lib';
import { useMongo, type TestMongo } from '#test-support';
import { createFeatureStore } from '../src/feature-store.ts';
import { AUDIT_COLLECTION, FEATURES_COLLECTION, createMongoBackend } from '../src/store-mongo.ts';
import { sampleTable } from './feature-store-table.ts';

const logger = createLogger('proxy-test', { level: 'silent' });

async function open(t: Test, mongo: TestMongo, database: string) {
  const store = await createFeatureStore({ table: sampleTable(), mongodbUrl: mongo.url, database, stateFile: '/nonexistent/unused.json', syncIntervalMs: 100, logger });
  t.teardown(() => store.close());
  return store;
}

t.test('state and audit live in peel_features and peel_audit and survive a restart', async (t) => {
  const mongo = await useMongo(t);
  const database = mongo.dbName('features');
  const first = await open(t, mongo, database);
  await first.update('products-read', { owner: 'catalog', percent: 20 }, { actor: 'alice', reason: 'canary' });
  await first.rollback('products-write', { actor: 'bob' });
  await first.close();

  const db = mongo.client.db(database);
  t.match(await db.collection(FEATURES_COLLECTION).findOne({}), { version: 2, features: { 'products-read': { owner: 'catalog', mode: 'canary', percent: 20 } } });
  t.equal(await db.collection(AUDIT_COLLECTION).countDocuments({}), 2);

  const second = await open(t, mongo, database);
  t.equal(second.current().version, 2);
  t.match(second.current().table.features, [{ name: 'products-read', owner: 'catalog', percent: 20 }, { name: 'products-write', owner: 'legacy', mode: 'legacy' }, { name: 'reviews' }]);
  t.match(await second.audit(), [{ version: 2, actor: 'bob', action: 'rollback' }, { version: 1, actor: 'alice', reason: 'canary' }]);
  t.match(await second.audit({ feature: 'products-read' }), [{ version: 1 }]);
  t.equal((await second.audit({ feature: 'products-read' })).length, 1);
  t.match(await second.audit({ before: 2 }), [{ version: 1, actor: 'alice' }], 'a page older than version 2');
  t.equal((await second.update('reviews', { owner: 'reviews' }, { actor: 'carol' })).version, 3);
});

t.test('the write is conditional on the version: of two writers that read the same version, one wins', async (t) => {
  const mongo = await useMongo(t);
  const database = mongo.dbName('features');
  const backends = await Promise.all([0, 1].map(() => createMongoBackend({ url: mongo.url, database })));
  t.teardown(() => Promise.all(backends.map((b) => b.close())));
  const entry = (actor: string, version: number) => ({ version, at: new Date().toISOString(), actor, action: 'update' as const, features: ['reviews'], before: {}, after: {} });
  for (const version of [1, 2, 3]) {
    const results = await Promise.all(backends.map((b, i) => b.commit(version - 1, { version, features: {} }, entry(`writer-${i}`, version))));
    t.same(results.filter(Boolean).length, 1, `exactly one writer gets version ${version}`);
  }
  t.equal((await backends[0]!.load()).version, 3);
  t.equal(await mongo.client.db(database).collection(AUDIT_COLLECTION).countDocuments({}), 3, 'only winners are audited');
});

t.test('two stores changing at once both apply, one after the other, with distinct versions', async (t) => {
  const mongo = await useMongo(t);
  const database = mongo.dbName('features');
  const [a, b] = [await open(t, mongo, database), await open(t, mongo, database)];
  const [ra, rb] = await Promise.all([a.update('products-read', { owner: 'catalog' }, { actor: 'a' }), b.update('reviews', { owner: 'reviews' }, { actor: 'b' })]);
  t.same([ra.version, rb.version].sort(), [1, 2]);
  const last = ra.version > rb.version ? ra : rb;
  t.match(last.table.features, [{ name: 'products-read', owner: 'catalog' }, {}, { name: 'reviews', owner: 'reviews' }], 'the later change was applied on top of the earlier one');
  t.same((await a.audit()).map((e) => e.actor).sort(), ['a', 'b']);
});

t.test('a damaged state document stops the store with a coded error', async (t) => {
  const mongo = await useMongo(t);
  const database = mongo.dbName('features');
  await mongo.client.db(database).collection<{ _id: string }>(FEATURES_COLLECTION).insertOne({ _id: 'state', version: 'seven', features: {} } as never);
  await t.rejects(open(t, mongo, database), { code: 'PEEL_PROXY_STATE_INVALID', message: /version/ });
});

t.test('unreachable MongoDB at start is a coded error, not a hang', async (t) => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const { port } = closed.address() as { port: number };
  await new Promise((resolve) => closed.close(resolve));
  await t.rejects(createMongoBackend({ url: `mongodb://127.0.0.1:${port}/?directConnection=true`, database: 'peel', connectTimeoutMs: 300 }), {
    code: 'PEEL_PROXY_STATE_UNAVAILABLE',
    message: /peel\.peel_features/,
  });
});

t.test('the state document removed by hand: the next change goes on after the last audited version, and state and audit stay in step', async (t) => {
  const mongo = await useMongo(t);
  const database = mongo.dbName('features');
  const db = mongo.client.db(database);
  const first = await open(t, mongo, database);
  await first.update('reviews', { owner: 'reviews' }, { actor: 'alice' });
  await first.close();
  await db.collection(FEATURES_COLLECTION).deleteMany({});

  const second = await open(t, mongo, database);
  t.equal(second.current().version, 1, 'the version is not reused');
  const changed = await second.update('products-read', { owner: 'catalog' }, { actor: 'bob' });
  t.equal(changed.version, 2);
  t.match(await db.collection(FEATURES_COLLECTION).findOne({}), { version: 2 });
  t.match(await second.audit(), [{ version: 2, actor: 'bob', features: ['products-read'] }, { version: 1, actor: 'alice' }]);
});

t.test('a change whose audit entry cannot be written is not applied either', async (t) => {
  const mongo = await useMongo(t);
  const database = mongo.dbName('features');
  const db = mongo.client.db(database);
  const store = await open(t, mongo, database);
  // An audit entry already holds version 1 (left by hand): the change's entry collides.
  await db.collection(AUDIT_COLLECTION).insertOne({ _id: 1 as never, version: 1, actor: 'stray' });
  await t.rejects(store.update('reviews', { owner: 'reviews' }, { actor: 'bob' }), { code: 11000 });
  t.equal(await db.collection(FEATURES_COLLECTION).countDocuments({}), 0, 'the state was not written');
  t.equal(store.current().version, 0);
});
