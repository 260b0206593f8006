import { dataschemaOf } from './envelope.ts';
import type { EventOf, EventTypeName, PeelEvent } from './registry.ts';

const userId = '6745a1f0c2b3d4e5f6a7b8c9';
const productId = '6745a1f0c2b3d4e5f6a7b8d0';
const orderId = '6745a1f0c2b3d4e5f6a7b8e1';
const time = '2026-11-26T10:15:30.123Z';

function envelope<T extends EventTypeName>(type: T, source: string, subject: string, sequence: number, data: EventOf<T>['data']) {
  return {
    id: `ev-${sequence.toString().padStart(4, '0')}-8c1f2b7e9d3a4c5b`,
    type,
    source,
    time,
    subject,
    sequence,
    dataschema: dataschemaOf(type),
    data,
  } as EventOf<T>;
}

const product = {
  productId,
  sku: 'MUG-CERAMIC-01',
  name: 'Ceramic mug',
  description: 'A 350 ml stoneware mug.',
  category: 'kitchen',
  price: { amountMinor: 1299, currency: 'EUR' },
  stock: 42,
  createdAt: '2026-11-20T08:00:00.000Z',
  updatedAt: time,
};

const order = {
  orderId,
  userId,
  items: [{ productId, sku: 'MUG-CERAMIC-01', name: 'Ceramic mug', quantity: 2, unitPrice: { amountMinor: 1299, currency: 'EUR' } }],
  total: { amountMinor: 2598, currency: 'EUR' },
  status: 'placed' as const,
  placedAt: time,
  updatedAt: time,
};

const user = { userId, email: 'ada@example.com', name: 'Ada Lovelace', registeredAt: time };

type SnapshotCompletedType = Extract<EventTypeName, `${string}.snapshot-completed.v1`>;

function snapshotCompleted<T extends SnapshotCompletedType>(type: T, coll: string, sequence: number, copied: number) {
  const data = { runId: '3f0c9a52-6d1e-4b7a-9c2f-5e8d1a4b6c70', namespace: { db: 'shop', coll }, startSequence: 2, copied, startedAt: '2026-11-26T10:15:00.000Z' };
  return envelope(type, `legacy-adapter/shop.${coll}`, `shop.${coll}`, sequence, data as EventOf<T>['data']);
}

/** One valid example per event type: documentation, tests and demo fixtures. */
export const EVENT_EXAMPLES: { [T in EventTypeName]: EventOf<T> } = {
  'shop.user.registered.v1': envelope('shop.user.registered.v1', 'legacy-adapter/shop.users', userId, 1, user),
  'shop.user.snapshot.v1': envelope('shop.user.snapshot.v1', 'legacy-adapter/shop.users', userId, 2, user),
  'shop.user.snapshot-completed.v1': snapshotCompleted('shop.user.snapshot-completed.v1', 'users', 11, 1),
  'shop.product.created.v1': envelope('shop.product.created.v1', 'legacy-adapter/shop.products', productId, 3, product),
  'shop.product.updated.v1': envelope('shop.product.updated.v1', 'legacy-adapter/shop.products', productId, 4, {
    ...product,
    stock: 40,
    changedFields: ['stock', 'updatedAt'],
  }),
  'shop.product.deleted.v1': envelope('shop.product.deleted.v1', 'legacy-adapter/shop.products', productId, 5, { productId, deletedAt: time }),
  'shop.product.snapshot.v1': envelope('shop.product.snapshot.v1', 'legacy-adapter/shop.products', productId, 6, product),
  'shop.product.snapshot-completed.v1': snapshotCompleted('shop.product.snapshot-completed.v1', 'products', 12, 1),
  'shop.order.placed.v1': envelope('shop.order.placed.v1', 'legacy-adapter/shop.orders', orderId, 7, order),
  'shop.order.status-changed.v1': envelope('shop.order.status-changed.v1', 'legacy-adapter/shop.orders', orderId, 8, {
    orderId,
    userId,
    previousStatus: 'placed',
    status: 'paid',
    changedAt: time,
  }),
  'shop.order.snapshot.v1': envelope('shop.order.snapshot.v1', 'legacy-adapter/shop.orders', orderId, 9, order),
  'shop.order.snapshot-completed.v1': snapshotCompleted('shop.order.snapshot-completed.v1', 'orders', 13, 1),
  'legacy.change.v1': envelope('legacy.change.v1', 'legacy-adapter/shop.invoices', '{"_id":{"$oid":"6745a1f0c2b3d4e5f6a7b8f2"}}', 10, {
    namespace: { db: 'shop', coll: 'invoices' },
    operation: 'update',
    documentKey: { _id: { $oid: '6745a1f0c2b3d4e5f6a7b8f2' } },
    fullDocument: null,
    updateDescription: { updatedFields: { paid: true, 'lines.0.qty': 3 }, removedFields: ['draft'], truncatedArrays: [] },
  }),
  'legacy.snapshot-completed.v1': snapshotCompleted('legacy.snapshot-completed.v1', 'invoices', 14, 120),
};

export function exampleOf<T extends EventTypeName>(type: T): EventOf<T> {
  return structuredClone(EVENT_EXAMPLES[type]);
}

export const ALL_EXAMPLES: PeelEvent[] = Object.values(EVENT_EXAMPLES);
