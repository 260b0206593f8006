import t, { type Test } from 'tap';
import { AdapterConfig, type ProductResponse, type ServiceReadiness } from '#contracts';
import { parseConfig, waitFor } from '#lib';
import { buildHttpServer, createAdapter } from '#adapter';
import { loadShopConfig, startLegacyShop } from '#legacy-shop';
import { useAmqp, useMongo, useTinyChangeLogMongo, type TestMongo } from '#test-support';
import { quiet, useCatalog } from './helpers.ts';

/** The legacy shop on `mongo`, with a helper to call its API and one to create a product. */
async function useShop(t: Test, mongo: TestMongo) {
  const shopDb = mongo.dbName('shop');
  const shop = await startLegacyShop(loadShopConfig({}, { mongodbUrl: mongo.url, database: shopDb, http: { host: '127.0.0.1', port: 0 }, logLevel: 'silent' }), {
    logger: quiet,
  });
  t.teardown(() => shop.close());
  const send = async (method: string, path: string, body?: unknown): Promise<Response> =>
    fetch(`${shop.url}${path}`, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
  const create = async (sku: string, amountMinor: number): Promise<ProductResponse> =>
    (await (await send('POST', '/api/products', { sku, name: `Item ${sku}`, category: 'misc', price: { amountMinor, currency: 'EUR' }, stock: 3 })).json()) as ProductResponse;
  return { shop, shopDb, send, create };
}

/** Whether the shop and the catalog answer `path` with the same status and bytes. */
async function sameAnswer(shopUrl: string, catalogUrl: string, path: string): Promise<boolean> {
  const [a, b] = await Promise.all([fetch(`${shopUrl}${path}`), fetch(`${catalogUrl}${path}`)]);
  return a.status === b.status && (await a.text()) === (await b.text());
}

t.test('fed by the real adapter, the catalog converges on the shop, snapshot first, then live', async (t) => {
  const mongo = await useMongo(t);
  const amqp = await useAmqp(t);
  const exchange = amqp.exchange('cat-adapter-ex');
  const { shop, shopDb, send, create } = await useShop(t, mongo);
  const before = [await create('SNAP-1', 100), await create('SNAP-2', 200), await create('SNAP-3', 300)];

  // The catalog's queue must exist before the adapter publishes, or the snapshot has nowhere to go.
  const adapterConfig = parseConfig(
    AdapterConfig,
    { mongodbUrl: mongo.url, amqpUrl: amqp.url, database: mongo.dbName('adapter'), watch: [{ db: shopDb }], exchange, statsIntervalMs: 0, capture: { maxAwaitMs: 100 }, http: { host: '127.0.0.1', port: 0 } },
    'test',
  );
  const adapter = await createAdapter(adapterConfig, { logger: quiet });
  t.teardown(() => adapter.close());
  const adapterHttp = buildHttpServer(adapter);
  const adapterUrl = await adapterHttp.listen({ host: '127.0.0.1', port: 0 });
  t.teardown(() => adapterHttp.close());
  const catalog = await useCatalog(t, { exchange, adapterStatusUrl: `${adapterUrl}/status`, adapterStatusIntervalMs: 100 });
  await adapter.start({ forceSnapshot: false });

  const same = (path: string) => sameAnswer(shop.url, catalog.service.url, path);
  await waitFor('the snapshot applied', () => same('/api/products'), { timeoutMs: 15_000 });
  t.equal(((await catalog.get('/api/products')).body as { page: { total: number } }).page.total, 3);

  await create('LIVE-1', 400);
  t.equal((await send('PATCH', `/api/products/${before[0]?.id}`, { stock: 0 })).status, 200);
  t.equal((await send('DELETE', `/api/products/${before[1]?.id}`)).status, 204);
  await waitFor('the live changes applied', () => same('/api/products?sort=-price'), { timeoutMs: 15_000 });
  t.ok(await same(`/api/products/${before[0]?.id}`), 'the update, byte for byte');
  t.ok(await same(`/api/products/${before[1]?.id}`), 'the delete: the same 404');

  const readiness = await waitFor(
    'the lag measured against the adapter',
    async () => {
      const body = (await catalog.get('/readyz')).body as ServiceReadiness;
      return body.lag?.sequence === 0 && body.lag.ms !== null && body;
    },
    { timeoutMs: 15_000 },
  );
  t.match(readiness, { ready: true, lag: { sequence: 0, lastAppliedSequence: adapter.status().capture.lastSequence } });
});

t.test('after a lost resume point, the re-snapshot removes from the catalog the products deleted while nothing watched', { skip: process.env.MONGODB_URL ? 'needs an embedded server with a tiny change log' : false }, async (t) => {
  const legacy = await useTinyChangeLogMongo(t);
  const amqp = await useAmqp(t);
  const exchange = amqp.exchange('cat-resnap-ex');
  const { shop, shopDb, send, create } = await useShop(t, legacy);
  const [kept, deleted] = [await create('KEEP-1', 100), await create('GONE-1', 200)];
  const adapterConfig = parseConfig(
    AdapterConfig,
    {
      mongodbUrl: legacy.url, amqpUrl: amqp.url, database: legacy.dbName('adapter'), watch: [{ db: shopDb }], exchange, statsIntervalMs: 0,
      capture: { maxAwaitMs: 100 }, snapshot: { onResumeTokenLost: 'resnapshot' }, http: { host: '127.0.0.1', port: 0 },
    },
    'test',
  );
  const catalog = await useCatalog(t, { exchange });
  const first = await createAdapter(adapterConfig, { logger: quiet });
  await first.start({ forceSnapshot: false });
  const same = (path: string) => sameAnswer(shop.url, catalog.service.url, path);
  await waitFor('the first snapshot applied', () => same('/api/products'), { timeoutMs: 15_000 });
  await first.close();

  // While the adapter is down: a delete, then more changes than the change log keeps.
  t.equal((await send('DELETE', `/api/products/${deleted.id}`)).status, 204);
  for (let stock = 1; stock <= 70; stock++) t.equal((await send('PATCH', `/api/products/${kept.id}`, { stock })).status, 200);

  const second = await createAdapter(adapterConfig, { logger: quiet });
  t.teardown(() => second.close());
  await second.start({ forceSnapshot: false });
  await waitFor('the re-snapshot applied', () => same('/api/products'), { timeoutMs: 15_000 });
  t.ok(await same(`/api/products/${deleted.id}`), 'the product deleted while nothing watched: the same 404');
  t.ok(await same(`/api/products/${kept.id}`), 'the other one in its current state, byte for byte');
  t.equal(await catalog.metric('peel_catalog_products_dropped_by_snapshot_total'), 1);
});
