import t from 'tap';
import { MongoServerError } from 'mongodb';
import { useMongo } from '#test-support/mongo';
import { prepareShopDatabase } from '#legacy-shop';

t.test('prepare creates the unique indexes and enables order pre-images, and can run again', async (t) => {
  const mongo = await useMongo(t);
  const db = mongo.client.db(mongo.dbName('shop'));
  await prepareShopDatabase(db);
  await prepareShopDatabase(db);
  const [orders] = await db.listCollections({ name: 'orders' }).toArray();
  t.same((orders as { options?: unknown } | undefined)?.options, { changeStreamPreAndPostImages: { enabled: true } });
  const unique = async (name: string) => (await db.collection(name).listIndexes().toArray()).filter((i) => i.unique).map((i) => i.key);
  t.same(await unique('users'), [{ email: 1 }]);
  t.same(await unique('products'), [{ sku: 1 }]);
  await db.collection('users').insertOne({ email: 'a@example.com' });
  const err = await db.collection('users').insertOne({ email: 'a@example.com' }).catch((e: unknown) => e);
  t.ok(err instanceof MongoServerError && err.code === 11000, 'the email index is enforced');
});

t.test('an orders collection that exists without pre-images gets them', async (t) => {
  const mongo = await useMongo(t);
  const db = mongo.client.db(mongo.dbName('shop'));
  await db.createCollection('orders');
  await prepareShopDatabase(db);
  const [orders] = await db.listCollections({ name: 'orders' }).toArray();
  t.same((orders as { options?: { changeStreamPreAndPostImages?: unknown } } | undefined)?.options?.changeStreamPreAndPostImages, { enabled: true });
});
