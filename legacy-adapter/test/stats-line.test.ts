import t from 'tap';
import { createLogger, waitFor } from '#lib';
import { useAmqp, useMongo } from '#test-support';
import { productDoc } from './fixtures/shop-docs.ts';
import { receiveAll, startAdapter, testConfig, testNames } from './fixtures/harness.ts';

t.test('an info line with the figures every statsIntervalMs', async (t) => {
  const mongo = await useMongo(t);
  const amqp = await useAmqp(t);
  const names = testNames(mongo, amqp);
  const received = await receiveAll(amqp, names.exchange);
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger('legacy-adapter', { level: 'info', destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } });
  await startAdapter(t, testConfig(mongo, amqp, names, { statsIntervalMs: 50 }), { logger });
  await mongo.client.db(names.shopDb).collection('products').insertOne(productDoc(1));
  await received.until('the event', (e) => e.length === 1);

  // The confirm is counted as it arrives; the relay checkpoint moves on the relay's next turn.
  const line = await waitFor('a stats line counting the event, the relay caught up', () => lines.find((l) => l.msg === 'adapter stats' && l.published === 1 && l.relayLagEvents === 0));
  t.match(line, { level: 'info', service: 'legacy-adapter', captured: 1, published: 1, rejected: 0, parked: 0, relayLagEvents: 0, ready: true });
  for (const field of ['capturedPerSec', 'publishedPerSec', 'captureLagMs', 'relayLagMs']) t.type(line[field], 'number', field);
});
