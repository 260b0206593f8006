import t from 'tap';
import { ObjectId } from 'mongodb';
import { assertShopError, useShop } from './support/shop.ts';

t.test('register, then read back; the email is stored lowercased', async (t) => {
  const shop = await useShop(t);
  const res = await shop.post('/api/users', { email: 'Grace.Hopper@Example.com', name: 'Grace Hopper' });
  t.equal(res.status, 201);
  t.same(Object.keys(res.body), ['id', 'email', 'name', 'registeredAt']);
  t.equal(res.body.email, 'grace.hopper@example.com');
  t.equal(res.headers.get('location'), `/api/users/${res.body.id}`);
  const read = await shop.get(`/api/users/${res.body.id}`);
  t.equal(read.status, 200);
  t.same(read.body, res.body);
  const doc = await shop.collections.users.findOne({ _id: new ObjectId(res.body.id as string) });
  t.ok(doc?.registeredAt instanceof Date, 'registeredAt is a BSON date');
  t.equal(doc?.registeredAt.toISOString(), res.body.registeredAt);
});

t.test('a second registration with the same email, in any case, is a 409', async (t) => {
  const shop = await useShop(t);
  await shop.createUser('ada@example.com');
  assertShopError(t, await shop.post('/api/users', { email: 'ADA@example.com', name: 'Other Ada' }), 409, 'PEEL_SHOP_DUPLICATE', 'email');
  t.equal(await shop.collections.users.countDocuments(), 1);
});

t.test('unknown and malformed user ids', async (t) => {
  const shop = await useShop(t);
  const unknown = new ObjectId().toHexString();
  const res = await shop.get(`/api/users/${unknown}`);
  assertShopError(t, res, 404, 'PEEL_SHOP_NOT_FOUND');
  t.equal(res.body.message, `user ${unknown} not found`);
  assertShopError(t, await shop.get('/api/users/123'), 400, 'PEEL_SHOP_INVALID_REQUEST', 'id');
  assertShopError(t, await shop.get(`/api/users/${unknown}/orders`), 404, 'PEEL_SHOP_NOT_FOUND');
});

t.test('invalid registrations name the field', async (t) => {
  const shop = await useShop(t);
  assertShopError(t, await shop.post('/api/users', { email: 'nope', name: 'X' }), 400, 'PEEL_SHOP_INVALID_REQUEST', 'email');
  assertShopError(t, await shop.post('/api/users', { email: 'x@example.com' }), 400, 'PEEL_SHOP_INVALID_REQUEST', 'name');
  assertShopError(t, await shop.post('/api/users', { email: 'x@example.com', name: 'X', admin: true }), 400, 'PEEL_SHOP_INVALID_REQUEST', 'admin');
  t.equal(await shop.collections.users.countDocuments(), 0);
});
