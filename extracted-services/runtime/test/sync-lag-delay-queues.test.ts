import t from 'tap';
import type { AdapterStatus } from '#contracts';
import { waitFor } from '#lib';
import { useAdapterStatusServer } from '#test-support';
import { createSyncLagTracker, retryQueueOf } from '#runtime';
import { productEvent, quiet, useRuntime } from './helpers.ts';

t.test('an event parked in a delay queue is not applied: the lag counts it instead of reading 0', async (t) => {
  const rt = await useRuntime(t, [20_000]);
  const status: { current: AdapterStatus } = {
    current: {
      ready: true,
      reasons: [],
      capture: { lastSequence: 5, lastEventTime: '2026-11-26T10:00:05.000Z', lagMs: 1 },
      relay: { lastPublishedSequence: 5, lagEvents: 0, lagMs: 0, blocked: false },
    },
  };
  const adapterStatusUrl = await useAdapterStatusServer(t, status);
  const consumer = await rt.consumer({
    handler: async () => {
      throw new Error('not yet');
    },
  });
  const tracker = createSyncLagTracker({
    adapterStatusUrl,
    adapterStatusIntervalMs: 100,
    amqpUrl: rt.url,
    queue: rt.queueName,
    retryDelaysMs: [20_000],
    initial: { sequence: 4, time: new Date('2026-11-26T10:00:04.000Z') },
    inFlight: () => consumer.stats().inFlight,
    logger: quiet,
  });
  t.teardown(() => tracker.close());

  rt.publish(productEvent(5));
  await waitFor('event 5 parked in the delay queue', async () => (await rt.channel.checkQueue(retryQueueOf(rt.queueName, 20_000))).messageCount === 1);
  await waitFor('nothing in flight', () => consumer.stats().inFlight === 0);
  const lag = await waitFor('the lag known', async () => {
    const l = await tracker.lag();
    return l.sequence !== null && l;
  });
  t.match(lag, { sequence: 1, ms: 1_000, lastAppliedSequence: 4 }, 'one event behind, a second old');
});
