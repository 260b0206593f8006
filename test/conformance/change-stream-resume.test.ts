import t from 'tap';
import { MongoServerError, type ResumeToken, type Timestamp } from 'mongodb';
import { useMongo } from '#test-support';
import { WATCH_OPTIONS, opened, take, types } from './change-stream-helpers.ts';

const keys = (events: Array<{ documentKey?: { _id: unknown } }>): unknown[] => events.map((e) => e.documentKey?._id);

t.test('resumeAfter, startAfter and startAtOperationTime pick up where asked', async (t) => {
  const mongo = await useMongo(t);
  const coll = mongo.client.db(mongo.dbName('cs-resume')).collection('items');
  await coll.insertOne({ _id: 0 as never });
  const stream = await opened(coll.watch([], WATCH_OPTIONS));
  t.teardown(() => stream.close());
  for (const _id of [1, 2, 3]) await coll.insertOne({ _id: _id as never });
  const events = await take(stream, 3);
  const watchFrom = async (options: object): Promise<unknown[]> => {
    const resumed = coll.watch([], { ...WATCH_OPTIONS, ...options });
    t.teardown(() => resumed.close());
    return keys((await take(resumed, 2)) as never);
  };
  t.same(await watchFrom({ resumeAfter: events[0]?._id }), [2, 3]);
  t.same(await watchFrom({ startAfter: events[0]?._id }), [2, 3]);
  t.same(await watchFrom({ startAtOperationTime: events[1]?.clusterTime }), [2, 3], 'startAtOperationTime includes changes at that time');
});

t.test('tryNext on an idle stream advances the resume token past unrelated changes', async (t) => {
  const mongo = await useMongo(t);
  const db = mongo.client.db(mongo.dbName('cs-idle'));
  const coll = db.collection('watched');
  const stream = await opened(coll.watch([], WATCH_OPTIONS));
  t.teardown(() => stream.close());
  const initial = stream.resumeToken as ResumeToken;
  t.ok(initial, 'a resume token exists before any event');
  await coll.insertOne({ _id: 'seen before the mark' as never });
  t.equal((await take(stream, 1))[0]?.operationType, 'insert');
  const afterEvent = stream.resumeToken;
  await db.collection('other').insertOne({ n: 1 });
  const advanced = await takeUntilMoved(stream, afterEvent);
  await coll.insertOne({ _id: 'new' as never });
  const resumed = coll.watch([], { ...WATCH_OPTIONS, resumeAfter: advanced });
  t.teardown(() => resumed.close());
  t.same(keys((await take(resumed, 1)) as never), ['new'], 'resuming from the advanced token neither repeats nor skips');
});

async function takeUntilMoved(stream: { tryNext(): Promise<unknown>; resumeToken: ResumeToken }, from: ResumeToken): Promise<ResumeToken> {
  const deadline = Date.now() + 15_000;
  while (JSON.stringify(stream.resumeToken) === JSON.stringify(from)) {
    if (Date.now() > deadline) throw new Error('the resume token never advanced');
    t.equal(await stream.tryNext(), null, 'no event for an unrelated change');
  }
  return stream.resumeToken;
}

t.test('resume tokens that are not tokens fail', async (t) => {
  const mongo = await useMongo(t);
  const coll = mongo.client.db(mongo.dbName('cs-bad-token')).collection('items');
  await coll.insertOne({ n: 1 });
  const fails = async (resumeAfter: unknown): Promise<MongoServerError> => {
    const stream = coll.watch([], { ...WATCH_OPTIONS, resumeAfter: resumeAfter as ResumeToken });
    t.teardown(() => stream.close());
    const err = await stream.tryNext().then(
      () => undefined,
      (e: unknown) => e,
    );
    t.ok(err instanceof MongoServerError, `refused: ${JSON.stringify(resumeAfter)}`);
    return err as MongoServerError;
  };
  t.equal((await fails({})).code, 40647, 'no _data');
  t.equal((await fails({ _data: 42 })).code, 40647, '_data not a string');
  t.ok([9, 260].includes((await fails({ _data: 'not hex at all' })).code as number), 'not hex');
  await fails({ _data: '00' });
});

t.test('a token from another collection is not found in this stream', async (t) => {
  const mongo = await useMongo(t);
  const db = mongo.client.db(mongo.dbName('cs-foreign'));
  const other = await opened(db.collection('other').watch([], WATCH_OPTIONS));
  t.teardown(() => other.close());
  await db.collection('other').insertOne({ n: 1 });
  const [foreign] = await take(other, 1);
  const stream = db.collection('mine').watch([], { ...WATCH_OPTIONS, resumeAfter: foreign?._id });
  t.teardown(() => stream.close());
  await db.collection('mine').insertOne({ n: 2 });
  await t.rejects(take(stream, 1), { code: 280, codeName: 'ChangeStreamFatalError' });
});

t.test('after an invalidate: resumeAfter is refused, startAfter opens a new stream', async (t) => {
  const mongo = await useMongo(t);
  const coll = mongo.client.db(mongo.dbName('cs-invalidate')).collection('items');
  await coll.insertOne({ n: 1 });
  const stream = await opened(coll.watch([], WATCH_OPTIONS));
  t.teardown(() => stream.close());
  await coll.drop();
  const events = await take(stream, 2);
  t.same(types(events), ['drop', 'invalidate']);
  const invalidate = events[1]?._id;
  const resumed = coll.watch([], { ...WATCH_OPTIONS, resumeAfter: invalidate });
  t.teardown(() => resumed.close());
  await t.rejects(resumed.tryNext(), { code: 260, codeName: 'InvalidResumeToken' });
  const started = coll.watch([], { ...WATCH_OPTIONS, startAfter: invalidate });
  t.teardown(() => started.close());
  await coll.insertOne({ _id: 'again' as never });
  const [event] = await take(started, 1);
  t.match(event, { operationType: 'insert', documentKey: { _id: 'again' } });
});

t.test('insertMany events arrive in order with monotonic cluster times', async (t) => {
  const mongo = await useMongo(t);
  const coll = mongo.client.db(mongo.dbName('cs-order')).collection('items');
  const stream = await opened(coll.watch([], WATCH_OPTIONS));
  t.teardown(() => stream.close());
  await coll.insertMany([{ _id: 1 }, { _id: 2 }, { _id: 3 }] as never);
  const events = await take(stream, 3);
  t.same(keys(events as never), [1, 2, 3], 'in commit order');
  const times = events.map((e) => e.clusterTime as Timestamp);
  t.ok(times[0]!.lte(times[1]!) && times[1]!.lte(times[2]!), 'cluster times are monotonic');
});
