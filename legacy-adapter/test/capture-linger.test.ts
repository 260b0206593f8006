import t, { type Test } from 'tap';
import { useAmqp, useMongo } from '#test-support';
import { realTimers, type Timers } from '#adapter/util/timers';
import { productDoc } from './fixtures/shop-docs.ts';
import { receiveAll, startAdapter, testConfig, testNames } from './fixtures/harness.ts';

/** Real timers that record every sleep's length. */
function recordingTimers(): { timers: Timers; sleeps: number[] } {
  const sleeps: number[] = [];
  return { sleeps, timers: { ...realTimers, sleep: (ms, signal) => (sleeps.push(ms), realTimers.sleep(ms, signal)) } };
}

async function run(t: Test, lingerMs: number): Promise<number[]> {
  const mongo = await useMongo(t);
  const amqp = await useAmqp(t);
  const names = testNames(mongo, amqp);
  const received = await receiveAll(amqp, names.exchange);
  const { timers, sleeps } = recordingTimers();
  await startAdapter(t, testConfig(mongo, amqp, names, { capture: { maxAwaitMs: 100, lingerMs } }), { timers });
  const products = mongo.client.db(names.shopDb).collection('products');
  for (let i = 0; i < 3; i++) await products.insertOne(productDoc(i));
  const events = await received.until('three events', (e) => e.length >= 3);
  t.same(events.map((e) => e.type), Array(3).fill('shop.product.created.v1'), 'every change still arrives, in order');
  return sleeps;
}

t.test('after a batch smaller than batchSize, capture waits lingerMs before reading again', async (t) => {
  const sleeps = await run(t, 37);
  t.ok(sleeps.includes(37), `a 37 ms linger was taken (sleeps: ${sleeps.join(', ')})`);
});

t.test('lingerMs 0 reads again at once', async (t) => {
  const sleeps = await run(t, 0);
  t.notOk(sleeps.includes(0), `no zero-length sleep (sleeps: ${sleeps.join(', ')})`);
});
