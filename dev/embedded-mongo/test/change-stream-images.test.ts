import t from 'tap';
import { createFixture, poll, update } from './change-stream-fixture.ts';

const withImages = { imagesEnabled: true };

t.test('updateLookup returns the current document, or null once deleted', async (t) => {
  const f = createFixture();
  const stream = await f.open({ fullDocument: 'updateLookup' });
  f.commit(update(1, { n: 1 }, { n: 2 }));
  f.commit(update(1, { n: 2 }, { n: 3 }));
  const { docs } = await poll(stream);
  t.same(
    docs.map((d) => d.fullDocument),
    [
      { _id: 1, n: 3 },
      { _id: 1, n: 3 },
    ],
    'the lookup sees the latest version, as MongoDB documents',
  );
  f.commit({ op: 'delete', db: 'shop', coll: 'products', documentKey: { _id: 1 }, before: { _id: 1, n: 3 } });
  const resumed = await f.open({ fullDocument: 'updateLookup', resumeAfter: docs[0]?._id });
  t.equal(resumed.firstBatch[0]?.fullDocument, null);
});

t.test('whenAvailable gives post- and pre-images only where the collection records them', async (t) => {
  const f = createFixture();
  const stream = await f.open({ fullDocument: 'whenAvailable', fullDocumentBeforeChange: 'whenAvailable' });
  f.commit(update(1, { n: 1 }, { n: 2 }, withImages));
  f.commit(update(2, { n: 1 }, { n: 2 }));
  f.commit({ op: 'delete', db: 'shop', coll: 'products', documentKey: { _id: 1 }, before: { _id: 1, n: 2 }, ...withImages });
  const [a, b, c] = (await poll(stream)).docs;
  t.same(a?.fullDocument, { _id: 1, n: 2 });
  t.same(a?.fullDocumentBeforeChange, { _id: 1, n: 1 });
  t.equal(b?.fullDocument, null);
  t.equal(b?.fullDocumentBeforeChange, null);
  t.same(c?.fullDocumentBeforeChange, { _id: 1, n: 2 });
});

t.test('required images fail the stream with NoMatchingDocument when missing', async (t) => {
  const f = createFixture();
  const post = await f.open({ fullDocument: 'required' });
  const pre = await f.open({ fullDocumentBeforeChange: 'required' });
  f.commit(update(1, { n: 1 }, { n: 2 }, withImages));
  t.same((await poll(post)).docs[0]?.fullDocument, { _id: 1, n: 2 });
  t.same((await poll(pre)).docs[0]?.fullDocumentBeforeChange, { _id: 1, n: 1 });
  f.commit(update(2, { n: 1 }, { n: 2 }));
  await t.rejects(poll(post), { code: 47, codeName: 'NoMatchingDocument', message: /post-image/ });
  await t.rejects(poll(pre), { code: 47, codeName: 'NoMatchingDocument', message: /pre-image/ });
  t.same(await poll(post), { docs: [], postBatchResumeToken: (await poll(post)).postBatchResumeToken, exhausted: true }, 'the failed cursor is over');
});

t.test('bad options fail with MongoDB codes', async (t) => {
  const f = createFixture();
  await t.rejects(f.open({ fullDocument: 'always' }), { code: 2, codeName: 'BadValue' });
  await t.rejects(f.open({ fullDocumentBeforeChange: true }), { code: 14, codeName: 'TypeMismatch' });
  await t.rejects(f.open({ showExpandedEvents: 'yes' }), { code: 14 });
  await t.rejects(f.open({ colour: 'red' }), { code: 40415, message: /\$changeStream\.colour/ });
  await t.rejects(f.open({ startAtOperationTime: 5 }), { code: 14 });
  await t.rejects(f.open(5 as never), { code: 50808 });
});
