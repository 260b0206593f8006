import { ObjectId } from 'mongodb';
import type { ProductState, ProductStorageCodec } from '#contracts';

/**
 * A product as the catalog stores it: the shop's document shape (ObjectId `_id`, Date
 * times), so the shared list query sorts and pages exactly as the shop does, plus what
 * idempotent application needs. A deleted product stays as a tombstone (`deleted: true`)
 * carrying its sequence, so a late older update cannot bring it back.
 */
export interface CatalogProductDoc {
  _id: ObjectId;
  sku?: string;
  name?: string;
  description?: string;
  category?: string;
  price?: ProductState['price'];
  stock?: number;
  createdAt?: Date;
  updatedAt?: Date;
  deleted: boolean;
  deletedAt?: Date;
  /** The adapter sequence of the event that produced this state (`SEQUENCE_FIELD`, set by `applyIfNewer`). */
  _sequence?: number;
  /** The cluster time of that event, for the sync lag. */
  eventTime: Date;
}

/** The shop's storage types, for `productListMongoQuery`. */
export const CATALOG_STORAGE_CODEC: ProductStorageCodec = {
  id: (hex) => new ObjectId(hex),
  date: (iso) => new Date(iso),
};

/** The live fields of a product, as `$set` for its document. */
export function stateToFields(state: ProductState): Omit<CatalogProductDoc, '_id' | '_sequence' | 'eventTime' | 'deletedAt'> {
  return {
    sku: state.sku,
    name: state.name,
    description: state.description,
    category: state.category,
    price: { amountMinor: state.price.amountMinor, currency: state.price.currency },
    stock: state.stock,
    createdAt: new Date(state.createdAt),
    updatedAt: new Date(state.updatedAt),
    deleted: false,
  };
}

/** A stored live product back to its contract state; undefined for a tombstone or a partial document. */
export function docToState(doc: CatalogProductDoc): ProductState | undefined {
  const { sku, name, description, category, price, stock, createdAt, updatedAt } = doc;
  if (doc.deleted || sku === undefined || name === undefined || description === undefined || category === undefined) return undefined;
  if (price === undefined || stock === undefined || createdAt === undefined || updatedAt === undefined) return undefined;
  return {
    productId: doc._id.toHexString(),
    sku,
    name,
    description,
    category,
    price: { amountMinor: price.amountMinor, currency: price.currency },
    stock,
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  };
}
