import { ObjectId } from 'bson';
import t from 'tap';
import { validateEvent } from '#contracts';
import { mapSnapshot, mapSnapshotCompleted } from '#adapter/mapping/map-snapshot';

const ctx = { shopDatabase: 'shop' };
const time = new Date('2026-11-26T10:00:00.000Z');
const at = new Date('2026-11-20T08:00:00.000Z');
const id = new ObjectId('6745a1f0c2b3d4e5f6a7b8d0');

const cases = [
  { coll: 'users', doc: { _id: id, email: 'ada@example.com', name: 'Ada', registeredAt: at }, type: 'shop.user.snapshot.v1' },
  {
    coll: 'products',
    doc: { _id: id, sku: 'MUG-1', name: 'Mug', description: '', category: 'kitchen', price: { amountMinor: 100, currency: 'EUR' }, stock: 0, createdAt: at, updatedAt: at },
    type: 'shop.product.snapshot.v1',
  },
  {
    coll: 'orders',
    doc: { _id: id, userId: id, items: [{ productId: id, sku: 'MUG-1', name: 'Mug', quantity: 1, unitPrice: { amountMinor: 100, currency: 'EUR' } }], total: { amountMinor: 100, currency: 'EUR' }, status: 'placed', placedAt: at, updatedAt: at },
    type: 'shop.order.snapshot.v1',
  },
  { coll: 'invoices', doc: { _id: id, paid: true }, type: 'legacy.change.v1' },
];

for (const c of cases) {
  t.test(`snapshot of ${c.coll}`, async (t) => {
    const event = mapSnapshot(c.doc, { db: 'shop', coll: c.coll, runId: 'run-1', time }, ctx);
    t.equal(event.type, c.type);
    t.equal(event.time, time.toISOString());
    const result = validateEvent({ ...event, sequence: 1 });
    t.ok(result.ok, result.ok ? 'valid' : result.message);
  });
}

t.test('a legacy snapshot event carries the document as EJSON with operation snapshot', async (t) => {
  const event = mapSnapshot({ _id: id, paid: true }, { db: 'shop', coll: 'invoices', runId: 'r', time }, ctx);
  t.match(event.data, { operation: 'snapshot', namespace: { db: 'shop', coll: 'invoices' }, fullDocument: { _id: { $oid: id.toHexString() }, paid: true } });
});

t.test('snapshot ids are stable within a run and differ across runs and namespaces', async (t) => {
  const doc = { _id: id, paid: true };
  const src = { db: 'shop', coll: 'invoices', runId: 'r1', time };
  t.equal(mapSnapshot(doc, src, ctx).id, mapSnapshot(doc, { ...src, time: new Date() }, ctx).id);
  t.not(mapSnapshot(doc, src, ctx).id, mapSnapshot(doc, { ...src, runId: 'r2' }, ctx).id);
  t.not(mapSnapshot(doc, src, ctx).id, mapSnapshot(doc, { ...src, coll: 'bills' }, ctx).id);
});

const completions = [
  { db: 'shop', coll: 'users', type: 'shop.user.snapshot-completed.v1' },
  { db: 'shop', coll: 'products', type: 'shop.product.snapshot-completed.v1' },
  { db: 'shop', coll: 'orders', type: 'shop.order.snapshot-completed.v1' },
  { db: 'shop', coll: 'invoices', type: 'legacy.snapshot-completed.v1' },
  { db: 'billing', coll: 'products', type: 'legacy.snapshot-completed.v1' },
];

for (const c of completions) {
  t.test(`end of the copy of ${c.db}.${c.coll}`, async (t) => {
    const event = mapSnapshotCompleted({ db: c.db, coll: c.coll, runId: 'run-1', startSequence: 41, copied: 7, startedAt: at, time }, ctx);
    t.equal(event.type, c.type);
    t.equal(event.subject, `${c.db}.${c.coll}`);
    t.same(event.data, { runId: 'run-1', namespace: { db: c.db, coll: c.coll }, startSequence: 41, copied: 7, startedAt: at.toISOString() });
    const result = validateEvent({ ...event, sequence: 50 });
    t.ok(result.ok, result.ok ? 'valid' : result.message);
  });
}

t.test('the end-of-copy id is the same however often it is sent, and differs across runs and collections', async (t) => {
  const done = { db: 'shop', coll: 'products', runId: 'r1', startSequence: 1, copied: 0, startedAt: at, time };
  t.equal(mapSnapshotCompleted(done, ctx).id, mapSnapshotCompleted({ ...done, time: new Date() }, ctx).id);
  t.not(mapSnapshotCompleted(done, ctx).id, mapSnapshotCompleted({ ...done, runId: 'r2' }, ctx).id);
  t.not(mapSnapshotCompleted(done, ctx).id, mapSnapshotCompleted({ ...done, coll: 'orders' }, ctx).id);
  t.not(mapSnapshotCompleted(done, ctx).id, mapSnapshot({ _id: id }, done, ctx).id, 'and from every snapshot event');
});
