import { ObjectId, type ClientSession, type Db } from 'mongodb';
import type { Money } from '#contracts';
import type { OrderDoc, OrderItemDoc, ShopCollections } from '../documents.ts';
import { shopErrors } from '../errors.ts';
import type { OrderInput } from '../request-schemas.ts';
import type { RequestStamp } from '../request-stamp.ts';

/**
 * Places an order: in one transaction, takes each item's quantity off the product's stock
 * (only where enough is left) and inserts the order with the prices of that moment. Any
 * shortfall aborts the whole transaction, so stock never goes negative or half-moves.
 */
export async function placeOrder(db: Db, collections: ShopCollections, input: OrderInput, now: Date, stamp: RequestStamp = {}): Promise<OrderDoc> {
  const userId = new ObjectId(input.userId);
  const user = await collections.users.findOne({ _id: userId }, { projection: { _id: 1 } });
  if (!user) throw shopErrors.notFound({ resource: 'user', id: input.userId, field: 'userId' });
  return db.client.withSession((session) =>
    session.withTransaction(async () => {
      const items: OrderItemDoc[] = [];
      for (const [index, item] of input.items.entries()) items.push(await takeStock(collections, item, index, { updatedAt: now, ...stamp }, session));
      const order: OrderDoc = { _id: new ObjectId(), userId, items, total: totalOf(items), status: 'placed', placedAt: now, updatedAt: now, ...stamp };
      await collections.orders.insertOne(order, { session });
      return order;
    }),
  );
}

async function takeStock(
  { products }: ShopCollections,
  item: OrderInput['items'][number],
  index: number,
  written: { updatedAt: Date } & RequestStamp,
  session: ClientSession,
): Promise<OrderItemDoc> {
  const _id = new ObjectId(item.productId);
  const product = await products.findOneAndUpdate(
    { _id, stock: { $gte: item.quantity } },
    { $inc: { stock: -item.quantity }, $set: written },
    { session, returnDocument: 'after' },
  );
  if (product) return { productId: _id, sku: product.sku, name: product.name, quantity: item.quantity, unitPrice: { ...product.price } };
  const current = await products.findOne({ _id }, { session, projection: { stock: 1 } });
  if (!current) throw shopErrors.notFound({ resource: 'product', id: item.productId, field: `items[${index}].productId` });
  throw shopErrors.insufficientStock({ field: `items[${index}].quantity`, productId: item.productId, requested: item.quantity, available: current.stock });
}

function totalOf(items: OrderItemDoc[]): Money {
  const currency = items[0]?.unitPrice.currency ?? 'EUR';
  const mixed = items.findIndex((i) => i.unitPrice.currency !== currency);
  if (mixed >= 0) {
    throw shopErrors.invalidRequest({ field: `items[${mixed}].productId`, message: `all items of an order must be priced in one currency (${currency})` });
  }
  return { amountMinor: items.reduce((sum, i) => sum + i.unitPrice.amountMinor * i.quantity, 0), currency };
}
