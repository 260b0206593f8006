import { MongoServerError, type Db } from 'mongodb';

const NAMESPACE_EXISTS = 48;

/**
 * Makes the `shop` database ready: the unique indexes the shop relies on, and pre-images
 * on `orders` so a status change can carry the previous status to the change stream.
 * Safe to run on every start and against a database that is already set up.
 */
export async function prepareShopDatabase(db: Db): Promise<void> {
  await enableOrderPreImages(db);
  await Promise.all([
    db.collection('users').createIndex({ email: 1 }, { unique: true, name: 'email_unique' }),
    db.collection('products').createIndex({ sku: 1 }, { unique: true, name: 'sku_unique' }),
    db.collection('products').createIndex({ category: 1, createdAt: 1 }, { name: 'category_createdAt' }),
    db.collection('orders').createIndex({ userId: 1, placedAt: -1 }, { name: 'userId_placedAt' }),
  ]);
}

async function enableOrderPreImages(db: Db): Promise<void> {
  const option = { changeStreamPreAndPostImages: { enabled: true } };
  const [existing] = await db.listCollections({ name: 'orders' }).toArray();
  if (existing) {
    const current = (existing as { options?: { changeStreamPreAndPostImages?: { enabled?: boolean } } }).options;
    if (current?.changeStreamPreAndPostImages?.enabled !== true) await db.command({ collMod: 'orders', ...option });
    return;
  }
  try {
    await db.createCollection('orders', option);
  } catch (err) {
    // Another shop instance created it between our check and our create.
    if (!(err instanceof MongoServerError && err.code === NAMESPACE_EXISTS)) throw err;
    await db.command({ collMod: 'orders', ...option });
  }
}
