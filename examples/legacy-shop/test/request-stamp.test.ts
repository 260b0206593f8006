import t from 'tap';
import { ObjectId } from 'mongodb';
import { REQUEST_ID_FIELD } from '#legacy-shop/request-stamp';
import { useShop } from './support/shop.ts';

t.test('every write records the X-Request-Id behind it; responses do not show it', async (t) => {
  const shop = await useShop(t);
  const as = (id: string) => ({ 'x-request-id': id });
  const user = await shop.request('POST', '/api/users', { email: 'stamp@example.com', name: 'Stamp' }, as('req-user'));
  const product = await shop.request('POST', '/api/products', { sku: 'STAMP-1', name: 'Stamp', category: 'tests', price: { amountMinor: 100, currency: 'EUR' }, stock: 5 }, as('req-product'));
  t.equal(user.status, 201, user.text);
  t.equal(product.status, 201, product.text);
  const userId = new ObjectId(user.body.id as string);
  const productId = new ObjectId(product.body.id as string);
  const stampOf = async (collection: 'users' | 'products' | 'orders', _id: ObjectId) => (await shop.db.collection(collection).findOne({ _id }))?.[REQUEST_ID_FIELD] as unknown;
  t.equal(await stampOf('users', userId), 'req-user');
  t.equal(await stampOf('products', productId), 'req-product');
  t.notOk(REQUEST_ID_FIELD in (product.body as object) || REQUEST_ID_FIELD in (user.body as object), 'not in the responses');

  t.equal((await shop.request('PATCH', `/api/products/${productId.toHexString()}`, { stock: 9 }, as('req-patch'))).status, 200);
  t.equal(await stampOf('products', productId), 'req-patch');

  const order = await shop.request('POST', '/api/orders', { userId: user.body.id, items: [{ productId: product.body.id, quantity: 2 }] }, as('req-order'));
  t.equal(order.status, 201, order.text);
  const orderId = new ObjectId(order.body.id as string);
  t.equal(await stampOf('orders', orderId), 'req-order');
  t.equal(await stampOf('products', productId), 'req-order', 'the stock it took is the order request\'s write');

  t.equal((await shop.request('POST', `/api/orders/${orderId.toHexString()}/status`, { status: 'cancelled' }, as('req-cancel'))).status, 200);
  t.equal(await stampOf('orders', orderId), 'req-cancel');
  t.equal(await stampOf('products', productId), 'req-cancel', 'the stock given back too');

  const unstamped = await shop.createProduct();
  t.equal(await stampOf('products', new ObjectId(unstamped.id)), undefined, 'no request id: nothing recorded');
  const long = await shop.request('PUT', `/api/products/${unstamped.id}`, { sku: unstamped.sku, name: 'Long', category: 'tests', price: { amountMinor: 1, currency: 'EUR' }, stock: 1 }, as('x'.repeat(129)));
  t.equal(long.status, 200, long.text);
  t.equal(await stampOf('products', new ObjectId(unstamped.id)), undefined, 'an id longer than an envelope takes is not recorded');
});
