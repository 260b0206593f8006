import t from 'tap';
import { MongoServerError } from 'mongodb';
import { useMongo } from '#test-support';

t.test('a committed transaction applies all its writes; others see none of them before', async (t) => {
  const mongo = await useMongo(t);
  const db = mongo.client.db(mongo.dbName('txn'));
  const stock = db.collection('stock');
  const orders = db.collection('orders');
  await stock.insertOne({ _id: 'lamp' as never, qty: 3 });
  await orders.insertOne({ _id: 'seed' as never });
  const session = mongo.client.startSession();
  t.teardown(() => session.endSession());
  session.startTransaction();
  await stock.updateOne({ _id: 'lamp' as never }, { $inc: { qty: -1 } }, { session });
  await orders.insertOne({ _id: 'o1' as never, item: 'lamp' }, { session });
  t.equal((await stock.findOne({ _id: 'lamp' as never }, { session }))?.qty, 2, 'the transaction reads its own writes');
  t.equal((await stock.findOne({ _id: 'lamp' as never }))?.qty, 3, 'others do not see the uncommitted update');
  t.equal(await orders.countDocuments({ _id: 'o1' as never }), 0, 'others do not see the uncommitted insert');
  await session.commitTransaction();
  t.equal((await stock.findOne({ _id: 'lamp' as never }))?.qty, 2);
  t.equal(await orders.countDocuments({ _id: 'o1' as never }), 1);
});

t.test('an aborted transaction leaves nothing behind', async (t) => {
  const mongo = await useMongo(t);
  const coll = mongo.client.db(mongo.dbName('txn')).collection('items');
  await coll.insertOne({ _id: 'keep' as never, v: 1 });
  const session = mongo.client.startSession();
  t.teardown(() => session.endSession());
  session.startTransaction();
  await coll.insertOne({ _id: 'gone' as never }, { session });
  await coll.updateOne({ _id: 'keep' as never }, { $set: { v: 2 } }, { session });
  await coll.deleteOne({ _id: 'keep' as never }, { session });
  await session.abortTransaction();
  t.same(await coll.find().toArray(), [{ _id: 'keep', v: 1 }]);
});

t.test('withTransaction: an error inside rolls everything back', async (t) => {
  const mongo = await useMongo(t);
  const coll = mongo.client.db(mongo.dbName('txn')).collection('items');
  await coll.createIndex({ sku: 1 }, { unique: true });
  await coll.insertOne({ sku: 'taken' });
  const session = mongo.client.startSession();
  t.teardown(() => session.endSession());
  const err = await session
    .withTransaction(async () => {
      await coll.insertOne({ sku: 'new' }, { session });
      await coll.insertOne({ sku: 'taken' }, { session });
    })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  t.ok(err instanceof MongoServerError && err.code === 11000, 'the duplicate key surfaces');
  t.equal(await coll.countDocuments({ sku: 'new' }), 0, 'the first insert was rolled back');
});

t.test('two transactions writing one document: the second gets a WriteConflict', async (t) => {
  const mongo = await useMongo(t);
  const coll = mongo.client.db(mongo.dbName('txn')).collection('items');
  await coll.insertOne({ _id: 'x' as never, v: 0 });
  const a = mongo.client.startSession();
  const b = mongo.client.startSession();
  t.teardown(async () => {
    await a.endSession();
    await b.endSession();
  });
  a.startTransaction();
  b.startTransaction();
  await coll.updateOne({ _id: 'x' as never }, { $set: { v: 1 } }, { session: a });
  const err = await coll.updateOne({ _id: 'x' as never }, { $set: { v: 2 } }, { session: b }).then(
    () => undefined,
    (e: unknown) => e,
  );
  t.ok(err instanceof MongoServerError && err.code === 112, 'WriteConflict');
  t.ok(err instanceof MongoServerError && err.hasErrorLabel('TransientTransactionError'), 'labelled transient, so drivers retry');
  await b.abortTransaction();
  await a.commitTransaction();
  t.equal((await coll.findOne({ _id: 'x' as never }))?.v, 1);
});

t.test('updating a document that changed after the transaction began is a WriteConflict', async (t) => {
  const mongo = await useMongo(t);
  const coll = mongo.client.db(mongo.dbName('txn')).collection('items');
  await coll.insertMany([{ _id: 'x' as never, v: 0 }, { _id: 'y' as never, v: 0 }]);
  const session = mongo.client.startSession();
  t.teardown(() => session.endSession());
  session.startTransaction();
  t.equal((await coll.findOne({ _id: 'y' as never }, { session }))?.v, 0, 'the transaction has begun');
  await coll.updateOne({ _id: 'x' as never }, { $set: { v: 1 } });
  const err = await coll.updateOne({ _id: 'x' as never }, { $set: { v: 2 } }, { session }).then(
    () => undefined,
    (e: unknown) => e,
  );
  t.ok(err instanceof MongoServerError && err.code === 112, 'WriteConflict');
  await session.abortTransaction().catch(() => undefined);
  t.equal((await coll.findOne({ _id: 'x' as never }))?.v, 1);
});

t.test('commitTransaction without a transaction is NoSuchTransaction', async (t) => {
  const mongo = await useMongo(t);
  const session = mongo.client.startSession();
  t.teardown(() => session.endSession());
  const err = await mongo.client
    .db('admin')
    .command({ commitTransaction: 1, txnNumber: 99, autocommit: false }, { session })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  t.ok(err instanceof MongoServerError && err.code === 251, 'NoSuchTransaction');
});
