import t from 'tap';
import { createFixture, insert, poll } from './change-stream-fixture.ts';

t.test('collection, database and deployment streams see their own changes', async (t) => {
  const f = createFixture();
  const coll = await f.open();
  const db = await f.open({}, { coll: undefined });
  const all = await f.open({ allChangesForCluster: true }, { db: 'admin', coll: undefined });
  f.commit(insert(1));
  f.commit(insert(2, {}, 'orders'));
  f.commit(insert(3, {}, 'products', 'crm'));
  f.commit(insert(4, {}, 'system.views'));
  f.commit(insert(5, {}, 'users', 'admin'));
  const keys = async (s: typeof coll): Promise<unknown[]> => (await poll(s)).docs.map((d) => d.documentKey._id);
  t.same(await keys(coll), [1]);
  t.same(await keys(db), [1, 2]);
  t.same(await keys(all), [1, 2, 3], 'no system collections, no internal databases');
  t.equal(coll.cursor.ns, 'shop.products');
  t.equal(db.cursor.ns, 'shop.$cmd.aggregate');
  t.equal(all.cursor.ns, 'admin.$cmd.aggregate');
});

t.test('a deployment stream is never invalidated', async (t) => {
  const f = createFixture();
  const all = await f.open({ allChangesForCluster: true }, { db: 'admin', coll: undefined });
  f.commit({ op: 'drop', db: 'shop', coll: 'products' });
  f.commit({ op: 'dropDatabase', db: 'shop' });
  f.commit(insert(1, {}, 'products', 'crm'));
  const batch = await poll(all);
  t.same(
    batch.docs.map((d) => d.operationType),
    ['drop', 'dropDatabase', 'insert'],
  );
  t.equal(batch.exhausted, false);
});

t.test('namespaces MongoDB refuses are refused the same way', async (t) => {
  const f = createFixture();
  await t.rejects(f.open({}, { db: 'admin', coll: undefined }), { code: 73, codeName: 'InvalidNamespace' });
  await t.rejects(f.open({}, { db: 'local', coll: 'oplog.rs' }), { code: 73 });
  await t.rejects(f.open({}, { coll: 'system.views' }), { code: 73 });
  await t.rejects(f.open({ allChangesForCluster: true }), { code: 72, codeName: 'InvalidOptions' });
  await t.rejects(f.open({ allChangesForCluster: true }, { db: 'admin', coll: 'x' }), { code: 72 });
});
