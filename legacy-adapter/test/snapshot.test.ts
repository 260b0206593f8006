import { ObjectId } from 'bson';
import t from 'tap';
import { waitFor } from '#lib';
import { useAmqp, useMongo } from '#test-support';
import type { StoredEvent } from '#adapter';
import { productDoc } from './fixtures/shop-docs.ts';
import { bySubject, startAdapter, testConfig, testNames, useAdapterWorld } from './fixtures/harness.ts';

const SEEDED = 400;

t.test('a snapshot with concurrent writes ends with every document\'s final state delivered', async (t) => {
  const { mongo, amqp, names, received, products } = await useAdapterWorld(t);
  await products.insertMany(Array.from({ length: SEEDED }, (_, i) => productDoc(i)));
  const ids = (await products.find({}, { projection: { _id: 1 } }).toArray()).map((d) => d._id);

  const adapter = await startAdapter(t, testConfig(mongo, amqp, names, { snapshot: { batchSize: 20 } }), {}, false, false);
  await waitFor('the snapshot to start', () => adapter.status().reasons.some((r) => r.includes('snapshot in progress')));
  let duringSnapshot = 0;
  for (let i = 0; i < 150; i++) {
    const id = ids[(i * 7) % ids.length] as ObjectId;
    if (i % 10 === 0) await products.deleteOne({ _id: id });
    else if (i % 10 === 1) await products.insertOne(productDoc(SEEDED + i));
    else await products.updateOne({ _id: id }, { $set: { stock: 10_000 + i, updatedAt: new Date() } });
    if (!adapter.status().ready) duringSnapshot += 1;
  }
  t.ok(duringSnapshot > 0, `${duringSnapshot} writes happened during the snapshot`);

  const final = new Map((await products.find().toArray()).map((d) => [d._id.toHexString(), d.stock as number]));
  const events = await received.until('every document in its final state', (e) => matchesFinalState(bySubject(e), final), 30_000);
  const snapshots = events.filter((e) => e.type === 'shop.product.snapshot.v1');
  t.ok(snapshots.length > 0, `${snapshots.length} snapshot events`);
  const deletedNotLast = [...bySubject(events)].filter(([subject, list]) => !final.has(subject) && newest(list).type !== 'shop.product.deleted.v1');
  t.same(deletedNotLast, [], 'every deleted document ends with its deleted event');
  const completed = await received.until('the end of the copy', (e) => e.some((x) => x.type === 'shop.product.snapshot-completed.v1'));
  const marker = completed.find((x) => x.type === 'shop.product.snapshot-completed.v1');
  const copiedEvents = completed.filter((x) => x.type === 'shop.product.snapshot.v1');
  t.ok(copiedEvents.every((x) => x.sequence < (marker?.sequence ?? 0) && x.sequence >= (marker?.data as { startSequence: number }).startSequence), 'after every snapshot event, which are all at or above its startSequence');
  t.equal((marker?.data as { copied: number }).copied, copiedEvents.length, 'it counts the documents copied');
});

t.test('a snapshot stopped half-way continues where it stopped', async (t) => {
  const mongo = await useMongo(t);
  const amqp = await useAmqp(t);
  const names = testNames(mongo, amqp);
  const products = mongo.client.db(names.shopDb).collection('products');
  await products.insertMany(Array.from({ length: 200 }, (_, i) => productDoc(i)));
  const config = testConfig(mongo, amqp, names, { snapshot: { batchSize: 10 } });
  const events = mongo.client.db(names.adapterDb).collection('events');

  const first = await startAdapter(t, config, {}, false, false);
  await waitFor('part of the copy', async () => (await events.countDocuments()) >= 30);
  await first.close();
  const copied = await events.countDocuments();
  t.ok(copied < 200, `stopped after ${copied} documents`);

  await startAdapter(t, config);
  t.equal(await events.countDocuments({ type: 'shop.product.snapshot.v1' }), 200, 'every document once: the copy went on from where it stopped');
  t.equal((await events.distinct('subject')).length, 201, 'the 200 products and the end-of-copy marker');
  const markers = await events.find({ type: 'shop.product.snapshot-completed.v1' }).toArray();
  t.equal(markers.length, 1, 'the end of the copy is marked once');
  t.match(markers[0]?.data, { copied: 200 }, 'counting what both processes copied');
});

function newest(list: StoredEvent[]): StoredEvent {
  return list.reduce((a, b) => (b.sequence > a.sequence ? b : a));
}

function matchesFinalState(subjects: Map<string, StoredEvent[]>, final: Map<string, number>): boolean {
  for (const [id, stock] of final) {
    const list = subjects.get(id);
    if (!list) return false;
    const last = newest(list);
    if ((last.data as { stock?: number }).stock !== stock) return false;
  }
  for (const [subject, list] of subjects) if (!final.has(subject) && newest(list).type !== 'shop.product.deleted.v1') return false;
  return true;
}

t.test('a collection whose _ids mix BSON types is copied whole, also across a restart', async (t) => {
  const mongo = await useMongo(t);
  const amqp = await useAmqp(t);
  const names = testNames(mongo, amqp);
  const ledger = mongo.client.db(names.shopDb).collection('ledger');
  const ids: unknown[] = [
    ...Array.from({ length: 25 }, (_, i) => i * 1.5),
    ...Array.from({ length: 25 }, (_, i) => `entry-${String(i).padStart(2, '0')}`),
    ...Array.from({ length: 25 }, () => new ObjectId()),
    ...Array.from({ length: 25 }, (_, i) => new Date(Date.UTC(2020, 0, i + 1))),
  ];
  await ledger.insertMany(ids.map((_id, n) => ({ _id, n }) as never));
  const config = testConfig(mongo, amqp, names, { snapshot: { batchSize: 7 } });
  const events = mongo.client.db(names.adapterDb).collection<StoredEvent>('events');

  const first = await startAdapter(t, config, {}, false, false);
  await waitFor('part of the copy', async () => (await events.countDocuments()) >= 30);
  await first.close();
  t.ok((await events.countDocuments()) < 100, 'stopped part-way');

  await startAdapter(t, config);
  const copied = await events.find({ type: 'legacy.change.v1' }).toArray();
  const seen = copied.map((e) => (e.data as { fullDocument?: { n?: number } }).fullDocument?.n);
  t.equal(new Set(seen).size, 100, 'every document, whatever the type of its _id');
  t.equal(seen.length, 100, 'each once');
  const [marker] = await events.find({ type: 'legacy.snapshot-completed.v1' }).toArray();
  t.match(marker?.data, { copied: 100 });
});
