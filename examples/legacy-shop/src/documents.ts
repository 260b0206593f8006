import type { Collection, Db, ObjectId } from 'mongodb';
import type { Money, OrderState, OrderStatus, ProductState, UserState } from '#contracts';

/**
 * The shop's MongoDB documents. The legacy adapter maps these same shapes to the
 * `shop.*` events, so a change here is a change to the adapter's input.
 */
export interface ProductDoc {
  _id: ObjectId;
  sku: string;
  name: string;
  description: string;
  category: string;
  price: Money;
  stock: number;
  createdAt: Date;
  updatedAt: Date;
  /** The request behind the last write (request-stamp.ts). */
  lastRequestId?: string;
}

export interface UserDoc {
  _id: ObjectId;
  /** Stored lowercased, so uniqueness ignores case. */
  email: string;
  name: string;
  registeredAt: Date;
  lastRequestId?: string;
}

export interface OrderItemDoc {
  productId: ObjectId;
  sku: string;
  name: string;
  quantity: number;
  unitPrice: Money;
}

export interface OrderDoc {
  _id: ObjectId;
  userId: ObjectId;
  items: OrderItemDoc[];
  total: Money;
  status: OrderStatus;
  placedAt: Date;
  updatedAt: Date;
  lastRequestId?: string;
}

export interface ShopCollections {
  products: Collection<ProductDoc>;
  users: Collection<UserDoc>;
  orders: Collection<OrderDoc>;
}

export function shopCollections(db: Db): ShopCollections {
  return {
    products: db.collection<ProductDoc>('products'),
    users: db.collection<UserDoc>('users'),
    orders: db.collection<OrderDoc>('orders'),
  };
}

const money = (m: Money): Money => ({ amountMinor: m.amountMinor, currency: m.currency });

export function productStateFromDoc(doc: ProductDoc): ProductState {
  return {
    productId: doc._id.toHexString(),
    sku: doc.sku,
    name: doc.name,
    description: doc.description,
    category: doc.category,
    price: money(doc.price),
    stock: doc.stock,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

export function userStateFromDoc(doc: UserDoc): UserState {
  return { userId: doc._id.toHexString(), email: doc.email, name: doc.name, registeredAt: doc.registeredAt.toISOString() };
}

export function orderStateFromDoc(doc: OrderDoc): OrderState {
  return {
    orderId: doc._id.toHexString(),
    userId: doc.userId.toHexString(),
    items: doc.items.map((i) => ({ productId: i.productId.toHexString(), sku: i.sku, name: i.name, quantity: i.quantity, unitPrice: money(i.unitPrice) })),
    total: money(doc.total),
    status: doc.status,
    placedAt: doc.placedAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}
