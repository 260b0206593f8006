import { z } from 'zod';
import { IsoDateTime, Money, ObjectIdString } from '../common.ts';
import { defineEvent } from '../envelope.ts';
import { SnapshotCompleted } from './snapshot-completed.ts';

export const ORDER_STATUSES = ['placed', 'paid', 'shipped', 'delivered', 'cancelled'] as const;
export const OrderStatus = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatus>;

export const OrderItem = z
  .object({
    productId: ObjectIdString,
    sku: z.string().min(1),
    name: z.string().min(1),
    quantity: z.int().min(1),
    unitPrice: Money,
  })
  .strict();

export const OrderState = z
  .object({
    orderId: ObjectIdString,
    userId: ObjectIdString,
    items: z.array(OrderItem).min(1),
    total: Money,
    status: OrderStatus,
    placedAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .strict();
export type OrderState = z.infer<typeof OrderState>;

export const OrderPlacedV1 = defineEvent('shop.order.placed.v1', OrderState);

export const OrderStatusChangedV1 = defineEvent(
  'shop.order.status-changed.v1',
  z
    .object({
      orderId: ObjectIdString,
      userId: ObjectIdString,
      /** Known when the collection records pre-images; null otherwise. */
      previousStatus: OrderStatus.nullable(),
      status: OrderStatus,
      changedAt: IsoDateTime,
    })
    .strict(),
);

export const OrderSnapshotV1 = defineEvent('shop.order.snapshot.v1', OrderState);

/** The adapter's snapshot has sent every order that exists; see SnapshotCompleted. */
export const OrderSnapshotCompletedV1 = defineEvent('shop.order.snapshot-completed.v1', SnapshotCompleted);
