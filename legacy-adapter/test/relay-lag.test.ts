import t from 'tap';
import { waitFor } from '#lib';
import { buildHttpServer, type Adapter } from '#adapter';
import { productDoc } from './fixtures/shop-docs.ts';
import { startAdapter, testConfig, useAdapterWorld } from './fixtures/harness.ts';

const NO_BROKER = 'amqp://guest:guest@127.0.0.1:1';

t.test('relay lag in seconds counts from the oldest event not yet confirmed, also when the broker was never reached', async (t) => {
  const { mongo, amqp, names, products } = await useAdapterWorld(t);
  const config = testConfig(mongo, amqp, names, { amqpUrl: NO_BROKER });
  const metric = async (adapter: Adapter) => {
    const http = buildHttpServer(adapter);
    const text = (await http.inject('/metrics')).body;
    await http.close();
    return Number(/^peel_adapter_relay_lag_seconds (\S+)/m.exec(text)?.[1]);
  };

  const storedAt = Date.now();
  await products.insertMany([productDoc(1), productDoc(2)]);
  // The first start's snapshot stores them (and its end marker) while no broker can be reached.
  const first = await startAdapter(t, config, {}, false, false);
  await waitFor('the snapshot stored, nothing published', () => first.status().reasons.every((r) => !r.startsWith('capture')) && first.status().relay.lagEvents === 3);
  await waitFor('the lag to grow with the waiting events', () => (first.status().relay.lagMs ?? 0) >= 300, { timeoutMs: 5_000 });
  t.ok((first.status().relay.lagMs ?? Infinity) <= Date.now() - storedAt + 1_000, 'counted from the events, not from some older time');
  t.ok((await metric(first)) >= 0.3, '/metrics says the same');
  await first.close();

  // A new process with a backlog from before it started: the events are only in the store.
  const second = await startAdapter(t, config, {}, false, false);
  t.equal(second.status().relay.lagEvents, 3);
  t.ok((second.status().relay.lagMs ?? 0) >= Date.now() - storedAt - 1_000, 'the backlog is as old as its first event');
});
