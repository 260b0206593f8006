import t from 'tap';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { ChangeStream } from 'mongodb';
import { useMongo } from '#test-support';

t.test('a waiting getMore returns as soon as a change arrives, not at maxAwaitTimeMS', async (t) => {
  const mongo = await useMongo(t);
  const coll = mongo.client.db(mongo.dbName('cs-await')).collection('items');
  const stream = coll.watch([], { maxAwaitTimeMS: 60_000 });
  t.teardown(() => stream.close());
  // The aggregate goes out with the first next(); its reply sets the first resume token: the stream is open.
  const init = once(stream, ChangeStream.RESUME_TOKEN_CHANGED);
  const pending = stream.next();
  await init;
  await coll.insertOne({ _id: 'wake' as never });
  const deadline = new AbortController();
  t.teardown(() => deadline.abort());
  const late = sleep(10_000, 'late', { signal: deadline.signal }).catch(() => 'aborted');
  const event = await Promise.race([pending, late]);
  t.match(event, { operationType: 'insert', documentKey: { _id: 'wake' } }, 'the change woke the waiting getMore');
});
