import t from 'tap';
import { useMongo } from '#test-support';
import { WATCH_OPTIONS, opened, take, types } from './change-stream-helpers.ts';

t.test('a transaction shows up only at commit, all events with one clusterTime, lsid and txnNumber', async (t) => {
  const mongo = await useMongo(t);
  const db = mongo.client.db(mongo.dbName('cs-txn'));
  const orders = await db.createCollection('orders');
  const stock = await db.createCollection('stock');
  await stock.insertOne({ _id: 'lamp' as never, qty: 5 });
  const stream = await opened(db.watch([], WATCH_OPTIONS));
  t.teardown(() => stream.close());
  const session = mongo.client.startSession();
  t.teardown(() => session.endSession());
  session.startTransaction();
  await orders.insertOne({ _id: 1 as never, item: 'lamp' }, { session });
  await stock.updateOne({ _id: 'lamp' as never }, { $inc: { qty: -1 } }, { session });
  t.equal(await stream.tryNext(), null, 'nothing is visible before the commit');
  await session.commitTransaction();
  const events = await take(stream, 2);
  t.same(types(events), ['insert', 'update']);
  const [insert, update] = events;
  t.ok(insert?.clusterTime?.equals(update!.clusterTime!), 'one commit, one cluster time');
  t.ok(insert && 'lsid' in insert && insert.lsid, 'carries the session id');
  t.ok(insert && 'txnNumber' in insert && insert.txnNumber !== undefined, 'carries the transaction number');
  t.not(JSON.stringify(insert?._id), JSON.stringify(update?._id), 'each event has its own resume token');
});

t.test('an aborted transaction produces no events', async (t) => {
  const mongo = await useMongo(t);
  const db = mongo.client.db(mongo.dbName('cs-txn-abort'));
  const coll = await db.createCollection('items');
  const stream = await opened(coll.watch([], WATCH_OPTIONS));
  t.teardown(() => stream.close());
  const session = mongo.client.startSession();
  t.teardown(() => session.endSession());
  session.startTransaction();
  await coll.insertOne({ _id: 'aborted' as never }, { session });
  await session.abortTransaction();
  await coll.insertOne({ _id: 'after' as never });
  const [event] = await take(stream, 1);
  t.match(event, { operationType: 'insert', documentKey: { _id: 'after' } }, 'the first event is the one after the abort');
});
