import { MongoBulkWriteError, type Collection, type Db, type Document, type OptionalUnlessRequiredId } from 'mongodb';
import { shopCollections, type ProductDoc } from '../documents.ts';
import { prepareShopDatabase } from '../database.ts';
import { seededRandom } from './random.ts';
import { sampleOrder, sampleProduct, sampleUser, type StockedProduct } from './sample-documents.ts';

export interface SeedCounts {
  users: number;
  products: number;
  orders: number;
}

export interface SeedResult {
  /** Documents this run added. */
  inserted: SeedCounts;
  /** Documents in each collection afterwards. */
  total: SeedCounts;
  ms: number;
}

const BATCH = 1_000;
const MAX_ORDER_ATTEMPTS_PER_ORDER = 5;

/**
 * Fills the shop with realistic sample data. Rerunnable: users and products are the same
 * deterministic samples keyed by email and SKU (existing ones are kept, missing ones
 * added), and orders are topped up until at least `counts.orders` exist.
 */
export async function seedShop(db: Db, counts: SeedCounts, now: Date = new Date()): Promise<SeedResult> {
  const started = Date.now();
  await prepareShopDatabase(db);
  const c = shopCollections(db);
  const users = await insertMissing(c.users, counts.users, (n) => sampleUser(n, now));
  const products = await insertMissing(c.products, counts.products, (n) => sampleProduct(n, now));
  const orders = await topUpOrders(db, counts.orders, now);
  const [userTotal, productTotal, orderTotal] = await Promise.all([c.users.countDocuments(), c.products.countDocuments(), c.orders.countDocuments()]);
  return { inserted: { users, products, orders }, total: { users: userTotal, products: productTotal, orders: orderTotal }, ms: Date.now() - started };
}

/** Unordered insertMany in batches; documents whose unique key exists already are skipped. */
async function insertMissing<T extends Document>(collection: Collection<T>, count: number, make: (n: number) => T): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < count; start += BATCH) {
    const docs = Array.from({ length: Math.min(BATCH, count - start) }, (_, i) => make(start + i)) as OptionalUnlessRequiredId<T>[];
    inserted += await insertIgnoringDuplicates(collection, docs);
  }
  return inserted;
}

async function insertIgnoringDuplicates<T extends Document>(collection: Collection<T>, docs: OptionalUnlessRequiredId<T>[]): Promise<number> {
  if (docs.length === 0) return 0;
  try {
    return (await collection.insertMany(docs, { ordered: false })).insertedCount;
  } catch (err) {
    if (!(err instanceof MongoBulkWriteError)) throw err;
    const errors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
    if (errors.some((e) => e.code !== 11000)) throw err;
    return err.insertedCount;
  }
}

async function topUpOrders(db: Db, wanted: number, now: Date): Promise<number> {
  const c = shopCollections(db);
  const missing = wanted - (await c.orders.countDocuments());
  if (missing <= 0) return 0;
  const userIds = (await c.users.find({}, { projection: { _id: 1 } }).limit(10_000).toArray()).map((u) => u._id);
  const products: StockedProduct[] = await c.products
    .find({ stock: { $gt: 0 } }, { projection: { sku: 1, name: 1, price: 1, stock: 1 } })
    .limit(10_000)
    .toArray();
  if (userIds.length === 0 || products.length === 0) return 0;
  const before = new Map(products.map((p) => [p._id.toHexString(), p.stock]));
  const random = seededRandom(30_000 + wanted - missing);
  const orders = [];
  for (let attempts = 0; orders.length < missing && attempts < missing * MAX_ORDER_ATTEMPTS_PER_ORDER; attempts++) {
    const order = sampleOrder(random, userIds, products, now);
    if (order) orders.push(order);
  }
  for (let start = 0; start < orders.length; start += BATCH) await c.orders.insertMany(orders.slice(start, start + BATCH));
  await takeStock(c.products, products, before, now);
  return orders.length;
}

/** Takes the sampled orders' quantities off the products' stock, never below zero. */
async function takeStock(products: Collection<ProductDoc>, stocked: StockedProduct[], before: Map<string, number>, now: Date): Promise<void> {
  const ops = stocked.flatMap((p) => {
    const taken = (before.get(p._id.toHexString()) ?? p.stock) - p.stock;
    return taken > 0 ? [{ updateOne: { filter: { _id: p._id, stock: { $gte: taken } }, update: { $inc: { stock: -taken }, $set: { updatedAt: now } } } }] : [];
  });
  if (ops.length > 0) await products.bulkWrite(ops, { ordered: false });
}
