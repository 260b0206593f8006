import t from 'tap';
import { setTimeout as sleep } from 'node:timers/promises';
import { createFixture, insert } from './change-stream-fixture.ts';

t.test('an awaitData getMore wakes as soon as a matching change arrives', async (t) => {
  const f = createFixture();
  const stream = await f.open();
  const pending = stream.cursor.getMore({ maxTimeMS: 60_000, signal: new AbortController().signal });
  setImmediate(() => f.commit(insert(1, {}, 'other')));
  setImmediate(() => setImmediate(() => f.commit(insert(2))));
  const batch = await pending;
  t.same(
    batch.docs.map((d) => d.documentKey._id),
    [2],
    'an unrelated change does not end the wait; the matching one does',
  );
});

t.test('at maxTimeMS an idle getMore returns an empty batch with a resume token', async (t) => {
  const f = createFixture();
  const stream = await f.open();
  f.commit(insert(1, {}, 'other'));
  const batch = await stream.cursor.getMore({ maxTimeMS: 20, signal: new AbortController().signal });
  t.same(batch.docs, []);
  t.equal(batch.exhausted, false);
  t.match(batch.postBatchResumeToken, { _data: String });
  t.not(batch.postBatchResumeToken?._data, stream.postBatchResumeToken._data, 'the mark moved past the scanned change');
});

t.test('an aborted getMore returns at once', async (t) => {
  const f = createFixture();
  const stream = await f.open();
  const controller = new AbortController();
  const pending = stream.cursor.getMore({ maxTimeMS: 60_000, signal: controller.signal });
  controller.abort();
  t.same((await pending).docs, []);
});

t.test('killing the cursor ends a waiting getMore at once', async (t) => {
  const f = createFixture();
  const stream = await f.open();
  const pending = stream.cursor.getMore({ maxTimeMS: 60_000, signal: new AbortController().signal });
  stream.cursor.close();
  const batch = await Promise.race([pending, sleep(10_000, undefined, { ref: false })]);
  t.same(batch?.docs, [], 'returned long before maxTimeMS');
  t.equal(batch?.exhausted, true);
});

t.test('batchSize limits a getMore', async (t) => {
  const f = createFixture();
  const stream = await f.open({}, { batchSize: 1 });
  for (let i = 1; i <= 3; i++) f.commit(insert(i));
  const batch = await stream.cursor.getMore({ batchSize: 2, maxTimeMS: 0, signal: new AbortController().signal });
  t.same(
    batch.docs.map((d) => d.documentKey._id),
    [1, 2],
  );
});

t.test('the first batch holds what is already there, up to batchSize, without waiting', async (t) => {
  const f = createFixture();
  f.commit(insert(1));
  f.commit(insert(2));
  const first = (await f.open({ startAfter: undefined })).postBatchResumeToken;
  const none = await f.open({ resumeAfter: first }, { batchSize: 0 });
  t.same(none.firstBatch, []);
  f.commit(insert(3));
  f.commit(insert(4));
  const some = await f.open({ resumeAfter: first }, { batchSize: 1 });
  t.same(
    some.firstBatch.map((d) => d.documentKey._id),
    [3],
  );
  t.same(some.postBatchResumeToken, some.firstBatch[0]?._id);
});
