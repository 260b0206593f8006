import { ObjectId, type ClientSession, type Db } from 'mongodb';
import type { OrderStatus } from '#contracts';
import type { OrderDoc, ShopCollections } from '../documents.ts';
import { shopErrors } from '../errors.ts';
import type { RequestStamp } from '../request-stamp.ts';
import { allowedNextStatuses, canTransition } from './transitions.ts';

/**
 * Moves an order to `to` if the transition is allowed from its current status. The
 * update is conditional on the status it was read with, so two concurrent changes cannot
 * both win; cancelling gives the stock back in the same transaction.
 */
export async function changeOrderStatus(db: Db, collections: ShopCollections, id: string, to: OrderStatus, now: Date, stamp: RequestStamp = {}): Promise<OrderDoc> {
  const written = { updatedAt: now, ...stamp };
  const current = await collections.orders.findOne({ _id: new ObjectId(id) });
  if (!current) throw shopErrors.notFound({ resource: 'order', id });
  assertTransition(current, to);
  if (to !== 'cancelled') return (await setStatus(collections, current, to, written)) ?? raceLost(collections, id, to);
  const cancelled = await db.client.withSession((session) =>
    session.withTransaction(async () => {
      const updated = await setStatus(collections, current, to, written, session);
      if (!updated) return null;
      for (const item of current.items) {
        // A product deleted since the order was placed has no stock to return to.
        await collections.products.updateOne({ _id: item.productId }, { $inc: { stock: item.quantity }, $set: written }, { session });
      }
      return updated;
    }),
  );
  return cancelled ?? raceLost(collections, id, to);
}

function setStatus(collections: ShopCollections, current: OrderDoc, to: OrderStatus, written: { updatedAt: Date } & RequestStamp, session?: ClientSession) {
  return collections.orders.findOneAndUpdate(
    { _id: current._id, status: current.status },
    { $set: { status: to, ...written } },
    { returnDocument: 'after', ...(session ? { session } : {}) },
  );
}

function assertTransition(order: OrderDoc, to: OrderStatus): void {
  if (!canTransition(order.status, to)) {
    throw shopErrors.invalidTransition({ orderId: order._id.toHexString(), from: order.status, to, allowed: allowedNextStatuses(order.status) });
  }
}

/** Someone else changed the order between our read and our write: judge again against what won. */
async function raceLost(collections: ShopCollections, id: string, to: OrderStatus): Promise<never> {
  const latest = await collections.orders.findOne({ _id: new ObjectId(id) });
  if (!latest) throw shopErrors.notFound({ resource: 'order', id });
  assertTransition(latest, to);
  throw shopErrors.invalidTransition({ orderId: id, from: latest.status, to, allowed: allowedNextStatuses(latest.status) });
}
