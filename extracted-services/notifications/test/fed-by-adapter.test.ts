import t from 'tap';
import { AdapterConfig, type NotificationResponse } from '#contracts';
import { parseConfig, waitFor } from '#lib';
import { createAdapter } from '#adapter';
import { loadShopConfig, startLegacyShop } from '#legacy-shop';
import { useAmqp, useMongo } from '#test-support';
import { quiet, useNotifications } from './helpers.ts';

t.test('fed by the real adapter, shop activity becomes the right notifications', async (t) => {
  const mongo = await useMongo(t);
  const amqp = await useAmqp(t);
  const exchange = amqp.exchange('notif-adapter-ex');
  const shopDb = mongo.dbName('shop');
  const shop = await startLegacyShop(loadShopConfig({}, { mongodbUrl: mongo.url, database: shopDb, http: { host: '127.0.0.1', port: 0 }, logLevel: 'silent' }), {
    logger: quiet,
  });
  t.teardown(() => shop.close());
  const f = await useNotifications(t, { config: { exchange } });
  const adapter = await createAdapter(
    parseConfig(AdapterConfig, { mongodbUrl: mongo.url, amqpUrl: amqp.url, database: mongo.dbName('adapter'), watch: [{ db: shopDb }], exchange, statsIntervalMs: 0, capture: { maxAwaitMs: 100 } }, 'test'),
    { logger: quiet },
  );
  t.teardown(() => adapter.close());
  await adapter.start({ forceSnapshot: false });
  await waitFor('the adapter streaming', () => adapter.status().ready, { timeoutMs: 15_000 });

  const post = async <T>(path: string, body: unknown): Promise<T> => {
    const res = await fetch(`${shop.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    t.ok(res.ok, `POST ${path} answered ${res.status}`);
    return (await res.json()) as T;
  };
  const user = await post<{ id: string }>('/api/users', { email: 'Grace@Example.com', name: 'Grace Hopper' });
  await waitFor('the welcome mail', () => f.sender.sent.length === 1, { timeoutMs: 15_000 });
  const product = await post<{ id: string }>('/api/products', { sku: 'BOOK-1', name: 'Book', category: 'books', price: { amountMinor: 2500, currency: 'EUR' }, stock: 5 });
  const order = await post<{ id: string }>('/api/orders', { userId: user.id, items: [{ productId: product.id, quantity: 2 }] });
  for (const status of ['paid', 'shipped', 'delivered']) await post(`/api/orders/${order.id}/status`, { status });

  await waitFor('confirmation, shipped and delivered', () => f.sender.sent.length === 4, { timeoutMs: 15_000 });
  const items = await waitFor('all four marked sent', async () => {
    const { body } = await f.list(`userId=${user.id}`);
    return body.items.every((n: NotificationResponse) => n.status === 'sent') && body.items.length === 4 && body.items;
  });
  t.same(items.map((n) => n.kind).sort(), ['order-confirmation', 'order-delivered', 'order-shipped', 'welcome']);
  t.ok(items.every((n) => n.to === 'grace@example.com'), 'every mail addressed from the registration');
  t.match(items.find((n) => n.kind === 'order-confirmation'), { orderId: order.id, body: /2 x Book \(25\.00 EUR\)\nTotal: 50\.00 EUR/ });
});
