import t from 'tap';
import { Timestamp } from 'bson';
import { createFixture, insert, poll } from './change-stream-fixture.ts';

const ids = (docs: Array<{ documentKey?: { _id: unknown } }>): unknown[] => docs.map((d) => d.documentKey?._id);

t.test('resumeAfter an event token continues right after it', async (t) => {
  const f = createFixture();
  const stream = await f.open();
  f.commit(insert(1));
  f.commit(insert(2));
  f.commit(insert(3));
  const { docs } = await poll(stream);
  const resumed = await f.open({ resumeAfter: docs[0]?._id });
  t.same(ids(resumed.firstBatch), [2, 3]);
  const started = await f.open({ startAfter: docs[1]?._id });
  t.same(ids(started.firstBatch), [3]);
});

t.test('the postBatchResumeToken of an idle stream advances and resumes without duplicates', async (t) => {
  const f = createFixture();
  const stream = await f.open();
  const idle = stream.postBatchResumeToken;
  f.commit(insert(1, {}, 'other'));
  const batch = await poll(stream);
  t.same(batch.docs, [], 'changes to other collections are not events here');
  t.not(batch.postBatchResumeToken?._data, idle._data, 'the token moved past the unrelated change');
  f.commit(insert(2));
  const resumed = await f.open({ resumeAfter: batch.postBatchResumeToken });
  t.same(ids(resumed.firstBatch), [2]);
  const fromIdle = await f.open({ resumeAfter: idle });
  t.same(ids(fromIdle.firstBatch), [2], 'the first, older mark resumes too');
});

t.test('a full batch reports the last event as its resume point', async (t) => {
  const f = createFixture();
  const stream = await f.open();
  f.commit(insert(1));
  f.commit(insert(2));
  const batch = await poll(stream, 1);
  t.same(ids(batch.docs), [1]);
  t.same(batch.postBatchResumeToken, batch.docs[0]?._id);
  t.same(ids((await poll(stream)).docs), [2]);
});

t.test('startAtOperationTime includes changes at that time', async (t) => {
  const f = createFixture();
  f.commit(insert(1));
  f.commit(insert(2), insert(3));
  const stream = await f.open({ startAtOperationTime: new Timestamp({ t: 0, i: 0 }) });
  t.same(ids(stream.firstBatch), [1, 2, 3]);
  const time = stream.firstBatch[1]?.clusterTime as Timestamp;
  const at = await f.open({ startAtOperationTime: time });
  t.same(ids(at.firstBatch), [2, 3]);
});

t.test('resuming from a point that left the bounded log fails with 286', async (t) => {
  const f = createFixture(3);
  const stream = await f.open();
  f.commit(insert(1));
  const { docs } = await poll(stream);
  for (let i = 2; i <= 6; i++) f.commit(insert(i));
  const expectLost = async (spec: object, what: string): Promise<void> => {
    await t.rejects(f.open(spec), { code: 286, codeName: 'ChangeStreamHistoryLost', errorLabels: ['NonResumableChangeStreamError'] }, what);
  };
  await expectLost({ resumeAfter: docs[0]?._id }, 'event token');
  await expectLost({ resumeAfter: stream.postBatchResumeToken }, 'high-water mark');
  await expectLost({ startAtOperationTime: new Timestamp({ t: 0, i: 0 }) }, 'operation time');
  await t.rejects(poll(stream), { code: 286 }, 'an open stream that fell behind fails too');
});

t.test('a token from another collection is not found in this stream (280)', async (t) => {
  const f = createFixture();
  const other = await f.open({}, { coll: 'orders' });
  f.commit(insert(1, {}, 'orders'));
  f.commit(insert(2));
  const { docs } = await poll(other);
  await t.rejects(f.open({ resumeAfter: docs[0]?._id }), { code: 280, codeName: 'ChangeStreamFatalError', errorLabels: ['NonResumableChangeStreamError'] });
  const db = await f.open({ resumeAfter: docs[0]?._id }, { coll: undefined });
  t.same(ids(db.firstBatch), [2], 'a database stream that contains the event resumes from it');
});

t.test('a token from another server (restarted in memory) is not found', async (t) => {
  const before = createFixture();
  const stream = await before.open();
  before.commit(insert(1));
  const token = (await poll(stream)).docs[0]?._id;
  const after = createFixture();
  after.commit({ op: 'drop', db: 'shop', coll: 'orders' });
  await t.rejects(after.open({ resumeAfter: token }), { code: 280 });
});

t.test('a high-water mark from another server resumes by its time', async (t) => {
  const before = createFixture();
  // A clock well ahead of the wall clock, so "later" and "earlier" below never depend on timing.
  before.changeLog.advanceTo(new Timestamp({ t: Math.floor(Date.now() / 1000) + 100, i: 0 }));
  before.commit(insert(1));
  before.commit(insert(2));
  before.commit(insert(3));
  const mark = (await before.open()).postBatchResumeToken;
  const after = createFixture();
  after.changeLog.advanceTo(new Timestamp({ t: before.changeLog.now().high + 5, i: 0 }));
  after.commit(insert(7));
  const resumed = await after.open({ startAfter: mark });
  t.same(ids(resumed.firstBatch), [7], 'the later change is delivered, not skipped by a foreign position');
  const early = createFixture();
  early.commit(insert(8));
  t.same(ids((await early.open({ startAfter: mark })).firstBatch), [], 'earlier changes are not');
});

t.test('garbage and malformed tokens fail with MongoDB codes', async (t) => {
  const f = createFixture();
  f.commit(insert(1));
  await t.rejects(f.open({ resumeAfter: { _data: 'zz' } }), { code: 9, codeName: 'FailedToParse' });
  await t.rejects(f.open({ resumeAfter: { _data: 42 } }), { code: 40647 });
  await t.rejects(f.open({ resumeAfter: {} }), { code: 40647 });
  await t.rejects(f.open({ resumeAfter: { _data: '' } }), { code: 40649 });
  await t.rejects(f.open({ resumeAfter: { _data: '8263A1B2C3000000012B022C0100296E5A1004' } }), { code: 260, codeName: 'InvalidResumeToken' });
  await t.rejects(f.open({ resumeAfter: 'abc' }), { code: 14, codeName: 'TypeMismatch' });
  const stream = await f.open({ startAtOperationTime: new Timestamp({ t: 0, i: 0 }) });
  const good = stream.firstBatch[0]?._id._data as string;
  const flipped = good.slice(0, 20) + (good[20] === '0' ? '1' : '0') + good.slice(21);
  await t.rejects(f.open({ resumeAfter: { _data: flipped } }), { code: 260 }, 'a token with a changed byte is refused');
});

t.test('resumeAfter an invalidate is refused; startAfter it opens a new stream', async (t) => {
  const f = createFixture();
  const stream = await f.open();
  f.commit(insert(1));
  f.commit({ op: 'drop', db: 'shop', coll: 'products' });
  f.commit(insert(2));
  const { docs } = await poll(stream);
  const invalidate = docs.find((d) => d.operationType === 'invalidate');
  const drop = docs.find((d) => d.operationType === 'drop');
  await t.rejects(f.open({ resumeAfter: invalidate?._id }), { code: 260, codeName: 'InvalidResumeToken' });
  const after = await f.open({ startAfter: invalidate?._id });
  t.same(ids(after.firstBatch), [2]);
  t.equal(after.exhausted, false);
  const fromDrop = await f.open({ resumeAfter: drop?._id });
  t.same(
    fromDrop.firstBatch.map((d) => d.operationType),
    ['invalidate'],
    'resuming after the drop shows the invalidate again',
  );
  t.equal(fromDrop.exhausted, true);
});

t.test('only one resume option at a time', async (t) => {
  const f = createFixture();
  const stream = await f.open();
  const token = stream.postBatchResumeToken;
  await t.rejects(f.open({ resumeAfter: token, startAfter: token }), { code: 50865 });
  await t.rejects(f.open({ resumeAfter: token, startAtOperationTime: new Timestamp({ t: 1, i: 1 }) }), { code: 40674 });
});
