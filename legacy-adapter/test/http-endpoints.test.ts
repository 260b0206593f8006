import t from 'tap';
import { AdapterStatus } from '#contracts';
import { waitFor } from '#lib';
import { useAmqp, useMongo } from '#test-support';
import { buildHttpServer } from '#adapter';
import { productDoc } from './fixtures/shop-docs.ts';
import { receiveAll, startAdapter, testConfig, testNames } from './fixtures/harness.ts';

t.test('/healthz, /readyz, /status and /metrics report capture and relay', async (t) => {
  const started = Date.now();
  const mongo = await useMongo(t);
  const amqp = await useAmqp(t);
  const names = testNames(mongo, amqp);
  const received = await receiveAll(amqp, names.exchange);
  const adapter = await startAdapter(t, testConfig(mongo, amqp, names));
  const http = buildHttpServer(adapter);
  t.teardown(() => http.close());

  await mongo.client.db(names.shopDb).collection('products').insertMany([productDoc(1), productDoc(2)]);
  const events = await received.until('two events', (e) => e.length >= 2);
  // Caught up once a read of the stream comes back empty.
  await waitFor('capture to catch up', () => adapter.status().capture.lagMs === 0);

  t.equal((await http.inject('/healthz')).statusCode, 200);
  const readyz = await http.inject('/readyz');
  t.equal(readyz.statusCode, 200);
  t.same(readyz.json(), { ready: true, reasons: [] });

  const status = AdapterStatus.parse((await http.inject('/status')).json());
  t.equal(status.capture.lastSequence, events[1]?.sequence);
  t.equal(status.capture.lastEventTime, events[1]?.time);
  t.equal(status.capture.lagMs, 0, 'caught up');
  t.match(status.relay, { lastPublishedSequence: events[1]?.sequence, lagEvents: 0, lagMs: 0, blocked: false });

  const metrics = await http.inject('/metrics');
  t.match(metrics.headers['content-type'], /text\/plain/);
  t.match(metrics.body, /peel_adapter_events_captured_total 2/);
  t.match(metrics.body, /peel_adapter_events_published_total 2/);
  // Every stored and every confirmed event is timed from its commit, within this test's lifetime.
  const elapsed = (Date.now() - started) / 1000;
  for (const histogram of ['peel_adapter_capture_latency_seconds', 'peel_adapter_delivery_latency_seconds']) {
    const count = await waitFor(`${histogram} to count both events`, async () => {
      const text = (await http.inject('/metrics')).body;
      const value = Number(new RegExp(`^${histogram}_count (\\d+)$`, 'm').exec(text)?.[1]);
      return value === 2 ? text : false;
    });
    const sum = Number(new RegExp(`^${histogram}_sum (\\S+)$`, 'm').exec(count)?.[1]);
    t.ok(sum >= 0 && sum <= 2 * elapsed + 1, `${histogram} sums two plausible latencies (${sum} s)`);
  }
  for (const name of ['peel_adapter_capture_lag_seconds', 'peel_adapter_relay_lag_events', 'peel_adapter_relay_lag_seconds', 'peel_adapter_events_rejected_total']) {
    t.match(metrics.body, new RegExp(`^${name} 0$`, 'm'), `${name} is 0 once everything is delivered`);
  }
  t.match(metrics.body, /^nodejs_eventloop_lag_p99_seconds /m, 'the event loop delay, among the process figures');
});
