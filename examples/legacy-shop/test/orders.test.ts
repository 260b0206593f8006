import t from 'tap';
import { ObjectId } from 'mongodb';
import { assertShopError, useShop, type TestShop } from './support/shop.ts';

async function stockOf(shop: TestShop, id: string): Promise<number> {
  return (await shop.get(`/api/products/${id}`)).body.stock;
}

t.test('placing an order takes the stock and records the prices of the moment', async (t) => {
  const shop = await useShop(t);
  const user = await shop.createUser();
  const pan = await shop.createProduct({ price: { amountMinor: 1250, currency: 'EUR' }, stock: 5 });
  const lid = await shop.createProduct({ price: { amountMinor: 300, currency: 'EUR' }, stock: 2 });
  const res = await shop.post('/api/orders', { userId: user.id, items: [{ productId: pan.id, quantity: 2 }, { productId: lid.id, quantity: 2 }] });
  t.equal(res.status, 201, res.text);
  t.same(Object.keys(res.body), ['id', 'userId', 'items', 'total', 'status', 'placedAt', 'updatedAt']);
  t.equal(res.body.status, 'placed');
  t.same(res.body.total, { amountMinor: 2 * 1250 + 2 * 300, currency: 'EUR' });
  t.same(res.body.items[0], { productId: pan.id, sku: pan.sku, name: `Product ${pan.sku.slice(4)}`, quantity: 2, unitPrice: { amountMinor: 1250, currency: 'EUR' } });
  t.equal(res.headers.get('location'), `/api/orders/${res.body.id}`);
  t.equal(await stockOf(shop, pan.id), 3);
  t.equal(await stockOf(shop, lid.id), 0);
  t.same((await shop.get(`/api/orders/${res.body.id}`)).body, res.body);
  const doc = await shop.collections.orders.findOne({ _id: new ObjectId(res.body.id as string) });
  t.ok(doc?.userId instanceof ObjectId && doc.items[0]?.productId instanceof ObjectId, 'references are ObjectIds');
  t.ok(doc?.placedAt instanceof Date);
});

t.test('a short item fails the whole order: 409 naming it, no stock taken anywhere', async (t) => {
  const shop = await useShop(t);
  const user = await shop.createUser();
  const plenty = await shop.createProduct({ stock: 10 });
  const scarce = await shop.createProduct({ stock: 1 });
  const res = await shop.post('/api/orders', { userId: user.id, items: [{ productId: plenty.id, quantity: 4 }, { productId: scarce.id, quantity: 2 }] });
  assertShopError(t, res, 409, 'PEEL_SHOP_INSUFFICIENT_STOCK', 'items[1].quantity');
  t.match(res.body.message, /has 1 in stock, 2 requested/);
  t.equal(await stockOf(shop, plenty.id), 10, 'the first item was rolled back with the transaction');
  t.equal(await shop.collections.orders.countDocuments(), 0);
});

t.test('concurrent orders never oversell', async (t) => {
  const shop = await useShop(t);
  const user = await shop.createUser();
  const product = await shop.createProduct({ stock: 3 });
  const results = await Promise.all(Array.from({ length: 6 }, () => shop.post('/api/orders', { userId: user.id, items: [{ productId: product.id, quantity: 1 }] })));
  const statuses = results.map((r) => r.status).sort();
  t.same(statuses, [201, 201, 201, 409, 409, 409], results.map((r) => r.text).join('\n'));
  t.equal(await stockOf(shop, product.id), 0);
});

t.test('unknown user or product: 404 naming the field', async (t) => {
  const shop = await useShop(t);
  const user = await shop.createUser();
  const product = await shop.createProduct();
  const ghost = new ObjectId().toHexString();
  assertShopError(t, await shop.post('/api/orders', { userId: ghost, items: [{ productId: product.id, quantity: 1 }] }), 404, 'PEEL_SHOP_NOT_FOUND', 'userId');
  const res = await shop.post('/api/orders', { userId: user.id, items: [{ productId: product.id, quantity: 1 }, { productId: ghost, quantity: 1 }] });
  assertShopError(t, res, 404, 'PEEL_SHOP_NOT_FOUND', 'items[1].productId');
  t.equal(await stockOf(shop, product.id), 10);
  assertShopError(t, await shop.get(`/api/orders/${ghost}`), 404, 'PEEL_SHOP_NOT_FOUND');
});

t.test('the lifecycle: placed → paid → shipped → delivered, and nothing after', async (t) => {
  const shop = await useShop(t);
  const user = await shop.createUser();
  const product = await shop.createProduct();
  const order = (await shop.post('/api/orders', { userId: user.id, items: [{ productId: product.id, quantity: 1 }] })).body;
  assertShopError(t, await shop.post(`/api/orders/${order.id}/status`, { status: 'shipped' }), 409, 'PEEL_SHOP_INVALID_TRANSITION');
  for (const status of ['paid', 'shipped', 'delivered']) {
    const res = await shop.post(`/api/orders/${order.id}/status`, { status });
    t.equal(res.status, 200, res.text);
    t.equal(res.body.status, status);
  }
  const late = await shop.post(`/api/orders/${order.id}/status`, { status: 'cancelled' });
  assertShopError(t, late, 409, 'PEEL_SHOP_INVALID_TRANSITION');
  t.match(late.body.message, /from delivered to cancelled; allowed: none/);
  assertShopError(t, await shop.post(`/api/orders/${order.id}/status`, { status: 'lost' }), 400, 'PEEL_SHOP_INVALID_REQUEST', 'status');
  t.equal(await stockOf(shop, product.id), 9, 'delivery keeps the stock taken');
});

t.test('cancelling from placed or paid gives the stock back, once', async (t) => {
  const shop = await useShop(t);
  const user = await shop.createUser();
  const product = await shop.createProduct({ stock: 10 });
  const place = async (quantity: number) => (await shop.post('/api/orders', { userId: user.id, items: [{ productId: product.id, quantity }] })).body;
  const placed = await place(2);
  const paid = await place(3);
  await shop.post(`/api/orders/${paid.id}/status`, { status: 'paid' });
  t.equal(await stockOf(shop, product.id), 5);
  t.equal((await shop.post(`/api/orders/${placed.id}/status`, { status: 'cancelled' })).body.status, 'cancelled');
  t.equal((await shop.post(`/api/orders/${paid.id}/status`, { status: 'cancelled' })).body.status, 'cancelled');
  t.equal(await stockOf(shop, product.id), 10);
  assertShopError(t, await shop.post(`/api/orders/${placed.id}/status`, { status: 'cancelled' }), 409, 'PEEL_SHOP_INVALID_TRANSITION');
  t.equal(await stockOf(shop, product.id), 10, 'a second cancel returns nothing');
});

t.test("a user's orders, newest first", async (t) => {
  const shop = await useShop(t);
  const [alice, bob] = [await shop.createUser(), await shop.createUser()];
  const product = await shop.createProduct({ stock: 10 });
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push((await shop.post('/api/orders', { userId: alice.id, items: [{ productId: product.id, quantity: 1 }] })).body.id);
  await shop.post('/api/orders', { userId: bob.id, items: [{ productId: product.id, quantity: 1 }] });
  const res = await shop.get(`/api/users/${alice.id}/orders`);
  t.equal(res.status, 200);
  t.same(res.body.items.map((o: { id: string }) => o.id), ids.reverse());
  t.same((await shop.get(`/api/users/${alice.id}/orders?limit=1`)).body.items.length, 1);
  assertShopError(t, await shop.get(`/api/users/${alice.id}/orders?limit=0`), 400, 'PEEL_SHOP_INVALID_REQUEST', 'limit');
});
