import t, { type Test } from 'tap';
import type { Document } from 'mongodb';

interface Thing {
  _id: string;
  [field: string]: unknown;
}
import { hasCode, waitFor } from '#lib';
import { useMongo } from '#test-support';
import { applyIfNewer, insertOnce, runtimeErrors, SEQUENCE_FIELD } from '#runtime';
import { productEvent, useRuntime } from './helpers.ts';

async function collection(t: Test) {
  const mongo = await useMongo(t);
  return mongo.client.db(mongo.dbName('rt-idem')).collection<Thing>('things');
}

t.test('applyIfNewer: a newer sequence applies, an older or equal one never overwrites', async (t) => {
  const things = await collection(t);
  t.equal(await applyIfNewer(things, 'a', 5, { $set: { name: 'five' } }), 'applied', 'a missing document is created');
  t.equal(await applyIfNewer(things, 'a', 3, { $set: { name: 'three' } }), 'stale');
  t.equal(await applyIfNewer(things, 'a', 5, { $set: { name: 'five again' } }), 'stale', 'the same event again is a no-op');
  t.same(await things.findOne({ _id: 'a' }), { _id: 'a', name: 'five', [SEQUENCE_FIELD]: 5 });
  t.equal(await applyIfNewer(things, 'a', 7, { $set: { name: 'seven' }, $inc: { edits: 1 } }), 'applied');
  t.same(await things.findOne({ _id: 'a' }), { _id: 'a', name: 'seven', edits: 1, [SEQUENCE_FIELD]: 7 });
});

t.test('applyIfNewer with a replacement document replaces the whole state', async (t) => {
  const things = await collection(t);
  t.equal(await applyIfNewer(things, 'b', 2, { name: 'two', tags: ['x'] }), 'applied');
  t.equal(await applyIfNewer(things, 'b', 4, { name: 'four' }), 'applied');
  t.equal(await applyIfNewer(things, 'b', 3, { name: 'three', tags: ['late'] }), 'stale');
  t.same(await things.findOne({ _id: 'b' }), { _id: 'b', name: 'four', [SEQUENCE_FIELD]: 4 });
});

t.test('applyIfNewer under concurrent, shuffled redelivery ends at the newest state', async (t) => {
  const things = await collection(t);
  const sequences = [3, 9, 1, 9, 4, 7, 2, 9, 8, 5, 6, 3];
  const results = await Promise.all(sequences.map((seq) => applyIfNewer(things, 'c', seq, { $set: { name: `v${seq}` } })));
  t.same(await things.findOne({ _id: 'c' }), { _id: 'c', name: 'v9', [SEQUENCE_FIELD]: 9 });
  const newest = results.filter((r, i) => sequences[i] === 9);
  t.same(newest.sort(), ['applied', 'stale', 'stale'], 'exactly one delivery of the newest event applied');
});

t.test('insertOnce inserts by id once, even concurrently', async (t) => {
  const things = await collection(t);
  t.equal(await insertOnce(things, { _id: 'ev-1', kind: 'welcome' }), 'inserted');
  t.equal(await insertOnce(things, { _id: 'ev-1', kind: 'welcome' }), 'duplicate');
  const results = await Promise.all(Array.from({ length: 6 }, () => insertOnce(things, { _id: 'ev-2', kind: 'order' })));
  t.same(results.sort(), ['duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate', 'inserted']);
  t.equal(await things.countDocuments(), 2);
});

t.test('bad input is refused with a coded error', async (t) => {
  const things = await collection(t);
  await t.rejects(applyIfNewer(things, 'd', 0, { $set: { a: 1 } }), { code: runtimeErrors.updateInvalid.code, message: /sequence must be a positive integer/ });
  const mixed = await applyIfNewer(things, 'd', 1, { $set: { a: 1 }, b: 2 } as Document as Thing).catch((err: unknown) => err);
  t.ok(hasCode(mixed, runtimeErrors.updateInvalid), 'operators mixed with fields');
  t.equal(await things.countDocuments(), 0);
});

t.test('a consumer applying with applyIfNewer: redelivered and out-of-order events leave the newest state', async (t) => {
  const rt = await useRuntime(t);
  const products = await collection(t);
  const consumer = await rt.consumer({
    handler: async (e) => {
      if (e.type !== 'shop.product.updated.v1') return;
      await applyIfNewer(products, e.subject, e.sequence, { $set: { stock: e.data.stock } });
    },
  });
  const newer = { ...productEvent(20), data: { ...productEvent(20).data, stock: 7 } };
  const older = { ...productEvent(10), data: { ...productEvent(10).data, stock: 99 } };
  rt.publish(newer);
  rt.publish(newer);
  rt.publish(older);
  await waitFor('three deliveries handled', () => consumer.stats().handled === 3);
  t.same(await products.find().toArray(), [{ _id: newer.subject, stock: 7, [SEQUENCE_FIELD]: 20 }]);
});
