import t from 'tap';
import { ObjectId } from 'mongodb';
import { ProductResponse } from '#contracts';
import { assertShopError, useShop } from './support/shop.ts';

const teapot = { sku: 'KIT-00001', name: 'Copper Teapot', description: 'Whistles.', category: 'kitchen', price: { amountMinor: 2499, currency: 'EUR' }, stock: 7 };

function clock(start: string) {
  let now = new Date(start);
  return { now: () => now, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

t.test('create stores the documented document shape and answers the contract shape', async (t) => {
  const time = clock('2026-11-26T10:00:00.000Z');
  const shop = await useShop(t, { now: time.now });
  const res = await shop.post('/api/products', teapot);
  t.equal(res.status, 201);
  t.ok(ProductResponse.safeParse(res.body).success, 'matches ProductResponse');
  t.same(res.body, { id: res.body.id, ...teapot, createdAt: '2026-11-26T10:00:00.000Z', updatedAt: '2026-11-26T10:00:00.000Z' });
  t.equal(res.headers.get('location'), `/api/products/${res.body.id}`);
  const doc = await shop.collections.products.findOne({ _id: new ObjectId(res.body.id as string) });
  t.ok(doc?._id instanceof ObjectId);
  t.ok(doc?.createdAt instanceof Date && doc.updatedAt instanceof Date, 'dates are BSON dates');
  t.same(doc?.price, { amountMinor: 2499, currency: 'EUR' });
  t.same((await shop.get(`/api/products/${res.body.id}`)).body, res.body);
});

t.test('PUT replaces every editable field, PATCH only the given ones; createdAt stays', async (t) => {
  const time = clock('2026-11-26T10:00:00.000Z');
  const shop = await useShop(t, { now: time.now });
  const { id } = (await shop.post('/api/products', teapot)).body;
  time.advance(60_000);
  const put = await shop.request('PUT', `/api/products/${id}`, { sku: 'KIT-00002', name: 'Steel Teapot', category: 'kitchen', price: { amountMinor: 1999, currency: 'EUR' }, stock: 3 });
  t.equal(put.status, 200);
  t.equal(put.body.description, '', 'an omitted description is cleared by PUT');
  t.equal(put.body.createdAt, '2026-11-26T10:00:00.000Z');
  t.equal(put.body.updatedAt, '2026-11-26T10:01:00.000Z');
  time.advance(60_000);
  const patch = await shop.request('PATCH', `/api/products/${id}`, { stock: 0, description: 'Sold out.' });
  t.equal(patch.status, 200);
  t.same(patch.body, { ...put.body, stock: 0, description: 'Sold out.', updatedAt: '2026-11-26T10:02:00.000Z' });
  t.same((await shop.get(`/api/products/${id}`)).body, patch.body);
});

t.test('SKUs are unique on create, replace and patch', async (t) => {
  const shop = await useShop(t);
  await shop.post('/api/products', teapot);
  const other = (await shop.post('/api/products', { ...teapot, sku: 'KIT-00009' })).body;
  assertShopError(t, await shop.post('/api/products', teapot), 409, 'PEEL_SHOP_DUPLICATE', 'sku');
  assertShopError(t, await shop.request('PATCH', `/api/products/${other.id}`, { sku: teapot.sku }), 409, 'PEEL_SHOP_DUPLICATE', 'sku');
  assertShopError(t, await shop.request('PUT', `/api/products/${other.id}`, teapot), 409, 'PEEL_SHOP_DUPLICATE', 'sku');
  t.equal((await shop.get(`/api/products/${other.id}`)).body.sku, 'KIT-00009', 'the failed writes changed nothing');
});

t.test('delete answers 204 once, then the product is gone', async (t) => {
  const shop = await useShop(t);
  const { id } = (await shop.post('/api/products', teapot)).body;
  const del = await shop.request('DELETE', `/api/products/${id}`);
  t.equal(del.status, 204);
  t.equal(del.text, '');
  assertShopError(t, await shop.get(`/api/products/${id}`), 404, 'PEEL_SHOP_NOT_FOUND');
  assertShopError(t, await shop.request('DELETE', `/api/products/${id}`), 404, 'PEEL_SHOP_NOT_FOUND');
  assertShopError(t, await shop.request('PATCH', `/api/products/${id}`, { stock: 1 }), 404, 'PEEL_SHOP_NOT_FOUND');
  assertShopError(t, await shop.request('PUT', `/api/products/${id}`, teapot), 404, 'PEEL_SHOP_NOT_FOUND');
});

t.test('invalid writes name the field and change nothing', async (t) => {
  const shop = await useShop(t);
  const { id } = (await shop.post('/api/products', teapot)).body;
  assertShopError(t, await shop.post('/api/products', { ...teapot, sku: 'KIT-2', price: { amountMinor: 9.5, currency: 'EUR' } }), 400, 'PEEL_SHOP_INVALID_REQUEST', 'price.amountMinor');
  assertShopError(t, await shop.request('PATCH', `/api/products/${id}`, { stock: -2 }), 400, 'PEEL_SHOP_INVALID_REQUEST', 'stock');
  assertShopError(t, await shop.request('PATCH', `/api/products/${id}`, {}), 400, 'PEEL_SHOP_INVALID_REQUEST', 'body');
  assertShopError(t, await shop.request('PATCH', '/api/products/xyz', { stock: 1 }), 400, 'PEEL_SHOP_INVALID_REQUEST', 'id');
  t.equal(await shop.collections.products.countDocuments(), 1);
  t.equal((await shop.get(`/api/products/${id}`)).body.stock, 7);
});
