import t from 'tap';
import { Writable } from 'node:stream';
import { OrderState, ProductState, UserState } from '#contracts';
import { useMongo } from '#test-support/mongo';
import { orderStateFromDoc, productStateFromDoc, seedShop, shopCollections, userStateFromDoc } from '#legacy-shop';
import { run as runSeed } from '#legacy-shop/seed-command';

t.test('seeding fills valid data and a rerun adds nothing', async (t) => {
  const mongo = await useMongo(t);
  const db = mongo.client.db(mongo.dbName('shop'));
  const first = await seedShop(db, { users: 30, products: 40, orders: 25 });
  t.same(first.inserted, { users: 30, products: 40, orders: 25 });
  t.same(first.total, { users: 30, products: 40, orders: 25 });
  const again = await seedShop(db, { users: 30, products: 40, orders: 25 });
  t.same(again.inserted, { users: 0, products: 0, orders: 0 });
  t.same(again.total, first.total);
  const more = await seedShop(db, { users: 35, products: 40, orders: 30 });
  t.same(more.inserted, { users: 5, products: 0, orders: 5 }, 'a larger count tops up');

  const c = shopCollections(db);
  for (const doc of await c.users.find().toArray()) t.ok(UserState.safeParse(userStateFromDoc(doc)).success, `user ${doc.email}`);
  const products = await c.products.find().toArray();
  for (const doc of products) t.ok(ProductState.safeParse(productStateFromDoc(doc)).success, `product ${doc.sku}`);
  t.ok(new Set(products.map((p) => p.category)).size > 3, 'several categories');
  for (const doc of await c.orders.find().toArray()) t.ok(OrderState.safeParse(orderStateFromDoc(doc)).success, `order ${doc._id.toHexString()}`);
  t.ok(products.every((p) => p.stock >= 0), 'no negative stock');
});

t.test('peel seed prints the result as JSON', async (t) => {
  const mongo = await useMongo(t);
  const database = mongo.dbName('shop');
  let out = '';
  const stdout = new Writable({
    write(chunk: Buffer, _enc, done) {
      out += chunk.toString();
      done();
    },
  });
  const code = await runSeed(['--users', '3', '--products', '4', '--orders', '2', '--database', database, '--json'], { stdout, stderr: stdout, env: { MONGODB_URL: mongo.url } });
  t.equal(code, 0, out);
  const result = JSON.parse(out) as { database: string; total: unknown };
  t.equal(result.database, database);
  t.same(result.total, { users: 3, products: 4, orders: 2 });
  await t.rejects(runSeed(['--users', '-1'], { stdout, stderr: stdout, env: {} }), { code: 'PEEL_CLI_USAGE' });
});
