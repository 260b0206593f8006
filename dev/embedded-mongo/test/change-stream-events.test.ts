import t from 'tap';
import { Long, Timestamp, UUID } from 'bson';
import { createFixture, insert, poll, update } from './change-stream-fixture.ts';

t.test('document changes become events with MongoDB fields', async (t) => {
  const f = createFixture();
  const stream = await f.open();
  t.same(stream.firstBatch, [], 'a new stream starts after the last change');
  f.commit(insert(1, { name: 'lamp' }));
  f.commit(update(1, { name: 'lamp' }, { name: 'desk lamp' }));
  f.commit({ op: 'replace', db: 'shop', coll: 'products', documentKey: { _id: 1 }, before: { _id: 1, name: 'desk lamp' }, after: { _id: 1, title: 'x' } });
  f.commit({ op: 'delete', db: 'shop', coll: 'products', documentKey: { _id: 1 }, before: { _id: 1, title: 'x' } });
  const { docs } = await poll(stream);
  t.same(
    docs.map((d) => d.operationType),
    ['insert', 'update', 'replace', 'delete'],
  );
  const [ins, upd, rep, del] = docs;
  t.same(ins?.fullDocument, { _id: 1, name: 'lamp' });
  t.same(ins?.ns, { db: 'shop', coll: 'products' });
  t.same(ins?.documentKey, { _id: 1 });
  t.ok(ins?.clusterTime instanceof Timestamp, 'clusterTime is a Timestamp');
  t.ok(ins?.wallTime instanceof Date, 'wallTime is a Date');
  t.match(ins?._id, { _data: /^82[0-9A-F]+$/ }, 'the resume token is a hex string like MongoDB');
  t.same(upd?.updateDescription, { updatedFields: { name: 'desk lamp' }, removedFields: [], truncatedArrays: [] });
  t.notOk('fullDocument' in (upd ?? {}), 'updates carry no fullDocument by default');
  t.same(rep?.fullDocument, { _id: 1, title: 'x' });
  t.same(del?.documentKey, { _id: 1 });
  t.notOk('fullDocument' in (del ?? {}));
});

t.test('a drop ends a collection stream with drop then invalidate', async (t) => {
  const f = createFixture();
  const stream = await f.open();
  f.commit({ op: 'drop', db: 'shop', coll: 'products' });
  f.commit(insert(2));
  const batch = await poll(stream);
  t.same(
    batch.docs.map((d) => d.operationType),
    ['drop', 'invalidate'],
  );
  t.same(batch.docs[0]?.ns, { db: 'shop', coll: 'products' });
  t.notOk('ns' in (batch.docs[1] ?? {}), 'invalidate has no ns');
  t.equal(batch.exhausted, true, 'the cursor ends after the invalidate');
  t.same(batch.postBatchResumeToken, batch.docs[1]?._id);
});

t.test('a rename reports the target and invalidates the source collection stream', async (t) => {
  const f = createFixture();
  const coll = await f.open();
  const db = await f.open({}, { coll: undefined });
  f.commit({ op: 'rename', db: 'shop', coll: 'products', to: { db: 'shop', coll: 'items' } });
  f.commit(insert(1, {}, 'items'));
  const c = await poll(coll);
  t.same(
    c.docs.map((d) => d.operationType),
    ['rename', 'invalidate'],
  );
  t.same(c.docs[0]?.to, { db: 'shop', coll: 'items' });
  const d = await poll(db);
  t.same(
    d.docs.map((e) => [e.operationType, e.ns.coll]),
    [
      ['rename', 'products'],
      ['insert', 'items'],
    ],
    'a database stream goes on after a rename',
  );
  t.equal(d.exhausted, false);
});

t.test('dropDatabase: database stream sees it then invalidate; collection stream only invalidate', async (t) => {
  const f = createFixture();
  const db = await f.open({}, { coll: undefined });
  const coll = await f.open();
  f.commit({ op: 'dropDatabase', db: 'shop' });
  const d = await poll(db);
  t.same(
    d.docs.map((e) => e.operationType),
    ['dropDatabase', 'invalidate'],
  );
  t.same(d.docs[0]?.ns, { db: 'shop' });
  t.equal(d.exhausted, true);
  const c = await poll(coll);
  t.same(
    c.docs.map((e) => e.operationType),
    ['invalidate'],
  );
});

t.test('an invalidate that does not fit the batch comes in the next one', async (t) => {
  const f = createFixture();
  const stream = await f.open();
  f.commit({ op: 'drop', db: 'shop', coll: 'products' });
  const first = await poll(stream, 1);
  t.same(
    first.docs.map((e) => e.operationType),
    ['drop'],
  );
  t.equal(first.exhausted, false);
  const second = await poll(stream, 1);
  t.same(
    second.docs.map((e) => e.operationType),
    ['invalidate'],
  );
  t.equal(second.exhausted, true);
});

t.test('transaction changes share a cluster time and carry lsid and txnNumber', async (t) => {
  const f = createFixture();
  const stream = await f.open();
  const lsid = { id: new UUID() };
  f.commit({ ...insert(1), lsid, txnNumber: 3n }, { ...insert(2), lsid, txnNumber: 3n });
  const { docs } = await poll(stream);
  t.equal(docs.length, 2);
  t.ok(docs[0]?.clusterTime.equals(docs[1]?.clusterTime), 'one commit, one cluster time');
  t.not(docs[0]?._id._data, docs[1]?._id._data, 'each event has its own token');
  t.same(docs[0]?.lsid, lsid);
  t.ok(docs[1]?.txnNumber instanceof Long && docs[1].txnNumber.equals(3));
});

t.test('expanded events only with showExpandedEvents', async (t) => {
  const f = createFixture();
  const plain = await f.open();
  const expanded = await f.open({ showExpandedEvents: true });
  f.commit({ op: 'createIndexes', db: 'shop', coll: 'products', indexes: [{ v: 2, key: { sku: 1 }, name: 'sku_1' }] });
  f.commit(insert(1));
  t.same(
    (await poll(plain)).docs.map((e) => e.operationType),
    ['insert'],
  );
  const e = await poll(expanded);
  t.same(
    e.docs.map((d) => d.operationType),
    ['createIndexes', 'insert'],
  );
  t.same(e.docs[0]?.operationDescription, { indexes: [{ v: 2, key: { sku: 1 }, name: 'sku_1' }] });
});
