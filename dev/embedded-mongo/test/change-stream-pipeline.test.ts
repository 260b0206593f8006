import t from 'tap';
import { Decimal128, Long } from 'bson';
import { createFixture, insert, poll, update } from './change-stream-fixture.ts';

t.test('stages after $changeStream filter and reshape events', async (t) => {
  const f = createFixture();
  const stream = await f.open(
    {},
    {
      pipeline: [
        { $match: { operationType: 'insert', 'fullDocument.price': { $gte: 10 } } },
        { $addFields: { tag: 'pricey' } },
        { $set: { 'fullDocument.seen': true } },
        { $unset: ['wallTime'] },
        { $project: { operationType: 1, fullDocument: 1, tag: 1 } },
      ],
    },
  );
  f.commit(insert(1, { price: 5 }));
  f.commit(insert(2, { price: 50 }));
  f.commit(update(2, { price: 50 }, { price: 60 }));
  const { docs } = await poll(stream);
  t.equal(docs.length, 1);
  t.same(docs[0], { _id: docs[0]?._id, operationType: 'insert', fullDocument: { _id: 2, price: 50, seen: true }, tag: 'pricey' });
  t.same(f.docs.get('shop.products/{"_id":2}'), { _id: 2, price: 60 }, 'stages never write into the stored documents');
  const log = f.changeLog.readFrom(2, 1)?.[0];
  t.same(log?.after, { _id: 2, price: 50 }, 'nor into the change log');
});

t.test('$replaceRoot, $replaceWith and $redact keep working when _id is kept', async (t) => {
  const f = createFixture();
  const replaced = await f.open({}, { pipeline: [{ $replaceRoot: { newRoot: { _id: '$_id', doc: '$fullDocument' } } }] });
  const replacedWith = await f.open({}, { pipeline: [{ $replaceWith: { _id: '$_id', k: '$documentKey' } }] });
  const redacted = await f.open({}, { pipeline: [{ $redact: { $cond: { if: { $eq: ['$documentKey._id', 1] }, then: '$$PRUNE', else: '$$KEEP' } } }] });
  f.commit(insert(1));
  f.commit(insert(2));
  const r = (await poll(replaced)).docs;
  t.same(
    r.map((d) => d.doc),
    [{ _id: 1 }, { _id: 2 }],
  );
  t.same(
    (await poll(replacedWith)).docs.map((d) => d.k),
    [{ _id: 1 }, { _id: 2 }],
  );
  t.same(
    (await poll(redacted)).docs.map((d) => d.documentKey._id),
    [2],
  );
});

t.test('$match compares Long and Decimal128 like numbers and runs no scripts', async (t) => {
  const f = createFixture();
  const stream = await f.open({}, { pipeline: [{ $match: { 'fullDocument.qty': { $gt: 5 } } }] });
  f.commit(insert(1, { qty: Long.fromNumber(3) }));
  f.commit(insert(2, { qty: Long.fromNumber(10) }));
  f.commit(insert(3, { qty: Decimal128.fromString('7.5') }));
  t.same(
    (await poll(stream)).docs.map((d) => d.documentKey._id),
    [2, 3],
  );
  await t.rejects(f.open({}, { pipeline: [{ $match: { $where: 'true' } }] }), { code: 2 });
});

t.test('changing or removing _id fails with ChangeStreamFatalError 280', async (t) => {
  const f = createFixture();
  const modified = await f.open({}, { pipeline: [{ $set: { _id: 'mine' } }] });
  const removed = await f.open({}, { pipeline: [{ $project: { _id: 0 } }] });
  f.commit(insert(1));
  await t.rejects(poll(modified), { code: 280, codeName: 'ChangeStreamFatalError', errorLabels: ['NonResumableChangeStreamError'] });
  await t.rejects(poll(removed), { code: 280 });
});

t.test('stages a change stream does not allow are refused', async (t) => {
  const f = createFixture();
  await t.rejects(f.open({}, { pipeline: [{ $group: { _id: null } }] }), { code: 20, codeName: 'IllegalOperation', message: '$group is not permitted in a $changeStream pipeline' });
  await t.rejects(f.open({}, { pipeline: [{ $changeStream: {} }] }), { code: 40602 });
  await t.rejects(f.open({}, { pipeline: [{ $match: {}, $project: {} }] }), { code: 40323 });
  await t.rejects(f.open({}, { pipeline: [{ $match: { a: { $bogus: 1 } } }] }), { code: 2 });
  await t.rejects(f.open({}, { pipeline: [{ $match: 5 }] }), { code: 15959 });
  await t.rejects(f.open({}, { pipeline: [{ $set: { x: 1 } }, { $match: { a: { $bogus: 1 } } }] }), { code: 2 }, 'also after a reshaping stage');
});
