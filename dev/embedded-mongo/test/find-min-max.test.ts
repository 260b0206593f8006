import t from 'tap';
import { Binary, ObjectId, Timestamp, type Document } from 'mongodb';
import { useMongo } from '#test-support';

t.test('find min()/max() bound the hinted index across BSON types, in MongoDB order', async (t) => {
  const mongo = await useMongo(t);
  const coll = mongo.client.db(mongo.dbName('bounds')).collection<Document>('mixed');
  const [oid1, oid2] = [new ObjectId('6b0000000000000000000001'), new ObjectId('6b0000000000000000000002')];
  const inOrder: unknown[] = [1, 2.5, 'a', 'b', { k: 1 }, new Binary(Buffer.from([1])), oid1, oid2, false, true, new Date(0), new Timestamp({ t: 5, i: 0 })];
  await coll.insertMany([...inOrder].reverse().map((_id, i) => ({ _id, i }) as Document));
  const ids = async (options: Document) => (await coll.find({}, { hint: { _id: 1 }, ...options }).toArray()).map((d) => d._id as unknown);

  t.same(await ids({ min: { _id: 'b' } }), inOrder.slice(3), 'from a string on: the later strings and every later type');
  t.same(await ids({ min: { _id: oid2 }, limit: 2 }), [oid2, false], 'inclusive, and a limit counts from the bound');
  t.same(await ids({ max: { _id: 'a' } }), [1, 2.5], 'max is exclusive');
  t.same(await ids({ min: { _id: 2 }, max: { _id: oid1 } }), inOrder.slice(1, 6));
  t.same(
    (await coll.find({ i: { $gte: 6 } }, { hint: { _id: 1 }, min: { _id: 'a' } }).toArray()).map((d) => d._id as unknown),
    inOrder.slice(2, 6),
    'the filter still applies',
  );
  await t.rejects(coll.find({}, { min: { _id: 'a' } }).toArray(), { code: 51173 }, 'min() needs a hint');
});
