import amqp from 'amqplib';
import t from 'tap';
import { useAmqp, useMongo } from '#test-support';
import { realTimers, type Timers } from '#adapter/util/timers';
import { productDoc } from './fixtures/shop-docs.ts';
import { receiveAll, startAdapter, testConfig, testNames } from './fixtures/harness.ts';

t.test('the relay reconnects with exponential backoff and jitter, through the timers module', async (t) => {
  const mongo = await useMongo(t);
  const broker = await useAmqp(t);
  const names = testNames(mongo, broker);
  const received = await receiveAll(broker, names.exchange);

  // Backoff sleeps are recorded and skipped: the test never waits for them.
  const sleeps: number[] = [];
  const timers: Timers = { ...realTimers, sleep: async (ms) => void sleeps.push(ms) };
  let attempts = 0;
  const connect = async (url: string) => {
    attempts += 1;
    if (attempts <= 4) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5672'), { code: 'ECONNREFUSED' });
    return amqp.connect(url);
  };
  const adapter = await startAdapter(t, testConfig(mongo, broker, names, { relay: { reconnectInitialMs: 100, reconnectMaxMs: 300 } }), { timers, connect });

  t.equal(attempts, 5, 'four refused attempts, then connected');
  t.equal(sleeps.length, 4);
  const ceilings = [100, 200, 300, 300];
  sleeps.forEach((ms, i) => t.ok(ms >= (ceilings[i] as number) / 2 && ms <= (ceilings[i] as number), `attempt ${i}: ${ms} ms within [${(ceilings[i] as number) / 2}, ${ceilings[i]}]`));

  await mongo.client.db(names.shopDb).collection('products').insertOne(productDoc(1));
  await received.until('the event', (e) => e.length === 1);
  t.ok(adapter.status().ready);
});
