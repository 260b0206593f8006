import t from 'tap';
import { useMongo } from '#test-support';
import { WATCH_OPTIONS, opened, take } from './change-stream-helpers.ts';

t.test('$match and $project after $changeStream filter and shape events', async (t) => {
  const mongo = await useMongo(t);
  const coll = mongo.client.db(mongo.dbName('cs-pipeline')).collection('items');
  const pipeline = [{ $match: { operationType: 'insert', 'fullDocument.price': { $gte: 10 } } }, { $project: { operationType: 1, 'fullDocument.price': 1 } }];
  const stream = await opened(coll.watch(pipeline, WATCH_OPTIONS));
  t.teardown(() => stream.close());
  await coll.insertOne({ _id: 1 as never, price: 5, name: 'cheap' });
  await coll.insertOne({ _id: 2 as never, price: 50, name: 'dear' });
  await coll.deleteOne({ _id: 2 as never });
  await coll.insertOne({ _id: 3 as never, price: 70, name: 'last' });
  const events = await take(stream, 2);
  t.same(
    events.map((e) => ({ ...e, _id: undefined })),
    [
      { _id: undefined, operationType: 'insert', fullDocument: { price: 50 } },
      { _id: undefined, operationType: 'insert', fullDocument: { price: 70 } },
    ],
  );
  t.ok(events.every((e) => e._id), 'the resume token stays');
});

t.test('a pipeline that removes the resume token fails the stream', async (t) => {
  const mongo = await useMongo(t);
  const coll = mongo.client.db(mongo.dbName('cs-pipeline-id')).collection('items');
  const stream = await opened(coll.watch([{ $project: { _id: 0 } }], WATCH_OPTIONS));
  t.teardown(() => stream.close());
  await coll.insertOne({ n: 1 });
  await t.rejects(take(stream, 1), { code: 280, codeName: 'ChangeStreamFatalError' });
});
