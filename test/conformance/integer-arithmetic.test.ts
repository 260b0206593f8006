import t from 'tap';
import { Int32, Long, MongoServerError, type Document } from 'mongodb';
import { useMongo } from '#test-support';

t.test('$inc and $mul on integers are exact 64-bit arithmetic', async (t) => {
  const mongo = await useMongo(t);
  const coll = mongo.client.db(mongo.dbName('ints')).collection<Document>('docs');
  const raw = { projection: { _id: 0 }, promoteLongs: false, promoteValues: false } as const;
  const apply = async (doc: Document, update: Document): Promise<Document | null> => {
    const { insertedId } = await coll.insertOne(doc);
    await coll.updateOne({ _id: insertedId }, update);
    return coll.findOne({ _id: insertedId }, raw);
  };
  const longAt = (doc: Document | null, field: string): string => {
    const value = doc?.[field] as unknown;
    return value instanceof Long ? `Long(${value.toString()})` : `not a Long: ${String(value)}`;
  };

  t.equal(longAt(await apply({ n: Long.fromString('9007199254740993') }, { $inc: { n: Long.fromNumber(1) } }), 'n'), 'Long(9007199254740994)', 'a Long past 2^53 increments exactly');
  t.equal(longAt(await apply({ n: Long.fromString('3000000000000000001') }, { $mul: { n: 3 } }), 'n'), 'Long(9000000000000000003)', 'a Long multiplies exactly');
  t.equal(longAt(await apply({ n: new Int32(2_147_483_647) }, { $inc: { n: 1 } }), 'n'), 'Long(2147483648)', 'an int32 that overflows becomes a Long');
  t.equal(longAt(await apply({}, { $inc: { n: Long.fromString('123456789012345678') } }), 'n'), 'Long(123456789012345678)', 'a missing field takes the Long operand');

  const { insertedId } = await coll.insertOne({ n: Long.MAX_VALUE });
  await t.rejects(coll.updateOne({ _id: insertedId }, { $inc: { n: 1 } }), MongoServerError, 'overflowing 64 bits is an error');
  t.equal(longAt(await coll.findOne({ _id: insertedId }, raw), 'n'), `Long(${Long.MAX_VALUE.toString()})`, 'and changes nothing');
});
