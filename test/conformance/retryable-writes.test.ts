import t from 'tap';
import { Long } from 'mongodb';
import { useMongo } from '#test-support';

t.test('a retried write (same session and txnNumber) is answered without running twice', async (t) => {
  const mongo = await useMongo(t);
  const db = mongo.client.db(mongo.dbName('retry'));
  await db.createCollection('counters');
  await db.collection('counters').insertOne({ _id: 'c' as never, n: 0 });
  const session = mongo.client.startSession();
  t.teardown(() => session.endSession());
  const command = { update: 'counters', updates: [{ q: { _id: 'c' }, u: { $inc: { n: 1 } } }], txnNumber: Long.fromNumber(41) };
  const first = await db.command(command, { session });
  const retry = await db.command(command, { session });
  t.equal(first.nModified, 1);
  t.equal(retry.nModified, 1, 'the retry gets the original result');
  t.equal((await db.collection('counters').findOne({ _id: 'c' as never }))?.n, 1, 'and the increment happened once');
  await db.command({ ...command, txnNumber: Long.fromNumber(42) }, { session });
  t.equal((await db.collection('counters').findOne({ _id: 'c' as never }))?.n, 2, 'a new txnNumber is a new write');
});
