import t from 'tap';
import { useMongo } from '#test-support';
import type { Appended } from '#adapter/store/event-store';
import { EventStore } from '#adapter/store/event-store';
import type { EventDraft } from '#adapter/mapping/draft';

const draft = (id: string): EventDraft => ({
  id,
  type: 'legacy.change.v1',
  source: 'legacy-adapter/shop.x',
  time: new Date().toISOString(),
  subject: id,
  dataschema: 'urn:peel:schema:legacy.change.v1',
  data: {},
});

t.test('the event store numbers events, drops re-read ids, and keeps counting across restarts', async (t) => {
  const mongo = await useMongo(t);
  const db = mongo.client.db(mongo.dbName('store'));
  const store = new EventStore(db);
  await store.init();
  const announced: Appended[] = [];
  store.on('appended', (a: Appended) => announced.push(a));

  t.same(await store.append([draft('a'), draft('b')]), { stored: 2, duplicates: 0 });
  t.same(await store.append([draft('b'), draft('c')]), { stored: 1, duplicates: 1 }, 'a re-read change is dropped by its id');
  t.same((await store.readAfter(0, 10)).map((e) => [e.id, e.sequence]), [['a', 1], ['b', 2], ['c', 4]], 'the duplicate leaves a gap, never a reuse');
  t.same(announced.map((a) => [a.previous, a.visible, a.events.map((e) => e.id)]), [[0, 2, ['a', 'b']], [2, 4, ['c']]]);
  t.same((await store.readAfter(2, 10)).map((e) => e.id), ['c']);
  t.notOk(announced.some((a) => a.events.some((e) => '_id' in e)), 'announced events are what the relay publishes: no storage _id');
  t.ok((await db.collection('events').findOne({ id: 'a' }))?._id, 'stored ones have one');

  const indexes = (await db.collection('events').indexes()).map((i) => i.name);
  for (const name of ['id_unique', 'sequence', 'type', 'subject', 'time']) t.ok(indexes.includes(name), `index ${name}`);

  const restarted = new EventStore(db);
  await restarted.init();
  t.equal(restarted.lastSequence, 4);
  await restarted.append([draft('d')]);
  t.same((await restarted.readAfter(4, 10)).map((e) => [e.id, e.sequence]), [['d', 5]], 'sequences survive a restart');
});
