import t from 'tap';
import { MongoServerError, type Document } from 'mongodb';
import { useMongo } from '#test-support';

t.test('update operators', async (t) => {
  const mongo = await useMongo(t);
  const coll = mongo.client.db(mongo.dbName('ops')).collection<Document>('docs');
  const apply = async (doc: Document, update: Document | Document[], options: Document = {}): Promise<Document | null> => {
    const { insertedId } = await coll.insertOne(doc);
    await coll.updateOne({ _id: insertedId }, update, options);
    return coll.findOne({ _id: insertedId }, { projection: { _id: 0 } });
  };
  t.same(await apply({ a: 1 }, { $set: { 'b.c': 2 }, $unset: { a: '' } }), { b: { c: 2 } }, '$set creates paths, $unset removes');
  t.same(await apply({ n: 5, m: 2 }, { $inc: { n: -2, z: 1 }, $mul: { m: 3 } }), { n: 3, m: 6, z: 1 }, '$inc and $mul');
  t.same(await apply({ lo: 5, hi: 5 }, { $min: { lo: 3 }, $max: { hi: 9 } }), { lo: 3, hi: 9 }, '$min and $max');
  t.same(await apply({ old: 1 }, { $rename: { old: 'new' } }), { new: 1 }, '$rename');
  t.same(await apply({ a: [1, 2] }, { $push: { a: { $each: [5, 0], $sort: 1, $slice: 3 } } }), { a: [0, 1, 2] }, '$push with $each, $sort, $slice');
  t.same(await apply({ a: [1, 3] }, { $push: { a: { $each: [2], $position: 1 } } }), { a: [1, 2, 3] }, '$push with $position');
  t.same(await apply({ a: ['x'] }, { $addToSet: { a: { $each: ['x', 'y'] } } }), { a: ['x', 'y'] }, '$addToSet');
  t.same(await apply({ a: [1, 2, 3] }, { $pop: { a: 1 } }), { a: [1, 2] }, '$pop');
  t.same(await apply({ a: [1, 2, 3, 4] }, { $pull: { a: { $gte: 3 } } }), { a: [1, 2] }, '$pull with a condition');
  t.same(await apply({ a: [1, 2, 1] }, { $pullAll: { a: [1] } }), { a: [2] }, '$pullAll');
  const dated = await apply({}, { $currentDate: { at: true } });
  t.ok(dated?.at instanceof Date, '$currentDate sets a date');
  t.same(await apply({ xs: [{ k: 1, v: 0 }, { k: 2, v: 0 }] }, { $set: { 'xs.$[e].v': 9 } }, { arrayFilters: [{ 'e.k': 2 }] }), { xs: [{ k: 1, v: 0 }, { k: 2, v: 9 }] }, 'arrayFilters');
  t.same(await apply({ xs: [1, 2, 3] }, { $inc: { 'xs.$[]': 10 } }), { xs: [11, 12, 13] }, 'all-positional $[]');
  t.same(await apply({ a: 1, b: 2 }, [{ $set: { sum: { $add: ['$a', '$b'] } } }, { $unset: 'a' }]), { b: 2, sum: 3 }, 'pipeline update');

  const { insertedId } = await coll.insertOne({ grades: [80, 85, 90] });
  await coll.updateOne({ _id: insertedId, grades: 85 }, { $set: { 'grades.$': 86 } });
  t.same((await coll.findOne({ _id: insertedId }))?.grades, [80, 86, 90], 'positional $ follows the query');
});

t.test('bad updates fail with MongoDB error codes', async (t) => {
  const mongo = await useMongo(t);
  const coll = mongo.client.db(mongo.dbName('ops')).collection<Document>('docs');
  await coll.insertOne({ _id: 1 as never, s: 'text', scalar: 1 });
  const code = (p: Promise<unknown>): Promise<number | undefined> => p.then(
    () => undefined,
    (err: unknown) => (err instanceof MongoServerError ? (err.code as number) : -1),
  );
  t.equal(await code(coll.updateOne({ _id: 1 as never }, { $set: { _id: 2 } })), 66, 'changing _id is ImmutableField');
  t.equal(await code(coll.replaceOne({ _id: 1 as never }, { _id: 3 as never, x: 1 })), 66, 'replacing _id is ImmutableField');
  t.equal(await code(coll.updateOne({ _id: 1 as never }, { $inc: { s: 1 } })), 14, '$inc on a string is TypeMismatch');
  t.equal(await code(coll.updateOne({ _id: 1 as never }, { $set: { 'scalar.x': 1 } })), 28, 'a field under a scalar is PathNotViable');
  t.equal(await code(coll.updateOne({ _id: 1 as never }, { $set: { a: 1 }, $inc: { a: 1 } })), 40, 'two operators on one path conflict');
  t.equal(await code(coll.updateOne({ _id: 1 as never }, { $bogus: { a: 1 } } as never)), 9, 'an unknown modifier is FailedToParse');
  t.same(await coll.findOne({ _id: 1 as never }, { projection: { _id: 0 } }), { s: 'text', scalar: 1 }, 'failed updates change nothing');
});
