import t from 'tap';
import { useMongo } from '#test-support';
import { WATCH_OPTIONS, opened, take } from './change-stream-helpers.ts';

t.test("fullDocument: 'updateLookup' adds the current document to updates", async (t) => {
  const mongo = await useMongo(t);
  const coll = mongo.client.db(mongo.dbName('cs-lookup')).collection('items');
  await coll.insertOne({ _id: 1 as never, n: 1, name: 'x' });
  const stream = await opened(coll.watch([], { ...WATCH_OPTIONS, fullDocument: 'updateLookup' }));
  t.teardown(() => stream.close());
  await coll.updateOne({ _id: 1 as never }, { $inc: { n: 1 } });
  const [event] = await take(stream, 1);
  t.match(event, { operationType: 'update', fullDocument: { _id: 1, n: 2, name: 'x' }, updateDescription: { updatedFields: { n: 2 } } });
});

t.test('pre- and post-images come from collections that record them', async (t) => {
  const mongo = await useMongo(t);
  const db = mongo.client.db(mongo.dbName('cs-images'));
  const coll = await db.createCollection('items', { changeStreamPreAndPostImages: { enabled: true } });
  await coll.insertOne({ _id: 1 as never, n: 1 });
  const stream = await opened(coll.watch([], { ...WATCH_OPTIONS, fullDocument: 'required', fullDocumentBeforeChange: 'required' }));
  t.teardown(() => stream.close());
  await coll.updateOne({ _id: 1 as never }, { $set: { n: 2 } });
  await coll.deleteOne({ _id: 1 as never });
  const [update, del] = await take(stream, 2);
  t.match(update, { operationType: 'update', fullDocument: { _id: 1, n: 2 }, fullDocumentBeforeChange: { _id: 1, n: 1 } });
  t.match(del, { operationType: 'delete', fullDocumentBeforeChange: { _id: 1, n: 2 } });
});

t.test("without images: 'whenAvailable' gives null, 'required' fails with NoMatchingDocument", async (t) => {
  const mongo = await useMongo(t);
  const coll = mongo.client.db(mongo.dbName('cs-no-images')).collection('items');
  await coll.insertOne({ _id: 1 as never, n: 1 });
  const lenient = await opened(coll.watch([], { ...WATCH_OPTIONS, fullDocument: 'whenAvailable', fullDocumentBeforeChange: 'whenAvailable' }));
  t.teardown(() => lenient.close());
  const strict = await opened(coll.watch([], { ...WATCH_OPTIONS, fullDocument: 'required' }));
  t.teardown(() => strict.close());
  await coll.updateOne({ _id: 1 as never }, { $set: { n: 2 } });
  const [event] = await take(lenient, 1);
  t.match(event, { operationType: 'update', fullDocument: null, fullDocumentBeforeChange: null });
  await t.rejects(take(strict, 1), { code: 47, codeName: 'NoMatchingDocument' });
});
