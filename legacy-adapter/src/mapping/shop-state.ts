import type { Document } from 'bson';
import { toHexId, toIso, toMoney } from './values.ts';

/** The contract state of a shop document; field checks are left to contract validation. */
export function productState(doc: Document): Record<string, unknown> {
  return {
    productId: toHexId(doc._id),
    sku: doc.sku,
    name: doc.name,
    description: doc.description,
    category: doc.category,
    price: toMoney(doc.price),
    stock: doc.stock,
    createdAt: toIso(doc.createdAt),
    updatedAt: toIso(doc.updatedAt),
  };
}

export function userState(doc: Document): Record<string, unknown> {
  return { userId: toHexId(doc._id), email: doc.email, name: doc.name, registeredAt: toIso(doc.registeredAt) };
}

export function orderState(doc: Document): Record<string, unknown> {
  const items: unknown = doc.items;
  return {
    orderId: toHexId(doc._id),
    userId: toHexId(doc.userId),
    items: Array.isArray(items) ? items.map(orderItem) : items,
    total: toMoney(doc.total),
    status: doc.status,
    placedAt: toIso(doc.placedAt),
    updatedAt: toIso(doc.updatedAt),
  };
}

function orderItem(item: unknown): unknown {
  if (typeof item !== 'object' || item === null) return item;
  const i = item as Document;
  return { productId: toHexId(i.productId), sku: i.sku, name: i.name, quantity: i.quantity, unitPrice: toMoney(i.unitPrice) };
}
