import t from 'tap';
import { createLogger } from '#lib';
import { buildHttpServer } from '#adapter';
import { productDoc } from './fixtures/shop-docs.ts';
import { startAdapter, testConfig, useAdapterWorld } from './fixtures/harness.ts';

t.test('a poison document lands in rejected with the reason, and the stream goes on', async (t) => {
  const { mongo, amqp, names, received, products } = await useAdapterWorld(t);
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger('legacy-adapter', { level: 'warn', destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } });
  const adapter = await startAdapter(t, testConfig(mongo, amqp, names), { logger });

  const poison = productDoc(1, { price: 'twelve euros', sku: 'not a sku' });
  const good = productDoc(2);
  await products.insertOne(poison);
  await products.insertOne(good);

  const events = await received.until('the good product', (e) => e.some((x) => x.subject === good._id.toHexString()));
  t.notOk(events.some((e) => e.subject === poison._id.toHexString()), 'the poison document produced no event');
  const rejected = await mongo.client.db(names.adapterDb).collection('rejected').find().toArray();
  t.equal(rejected.length, 1);
  t.match(rejected[0], { code: 'PEEL_CONTRACTS_INVALID_EVENT', eventType: 'shop.product.created.v1', operation: 'insert', reason: /price/ });
  t.match(rejected[0]?.raw, poison._id.toHexString(), 'the raw change is kept');
  t.equal(await adapter.metrics.count(adapter.metrics.rejected), 1, 'counted');
  const http = buildHttpServer(adapter);
  t.teardown(() => http.close());
  t.match((await http.inject('/metrics')).body, /^peel_adapter_events_rejected_total 1$/m, 'on /metrics');
  const logged = lines.filter((l) => l.msg === 'change rejected');
  t.equal(logged.length, 1, 'logged once');
  t.match(logged[0], { level: 'warn', code: 'PEEL_CONTRACTS_INVALID_EVENT', eventType: 'shop.product.created.v1', operation: 'insert', namespace: `${names.shopDb}.products`, reason: /price/ });
});
