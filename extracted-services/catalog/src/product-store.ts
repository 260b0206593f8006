import { ObjectId, type Collection, type Db } from 'mongodb';
import { productListMongoQuery, productListResponse, type ProductListQuery, type ProductListResponse, type ProductState } from '#contracts';
import { applyIfNewer, SEQUENCE_FIELD, type AppliedPosition } from '#runtime';
import type { ProductChange } from './product-change.ts';
import { CATALOG_STORAGE_CODEC, docToState, type CatalogProductDoc } from './product-doc.ts';

export interface ProductStore {
  ensureIndexes(): Promise<void>;
  apply(change: ProductChange): Promise<'applied' | 'stale'>;
  /**
   * Tombstones every live product no event since `startSequence` has touched: a snapshot
   * that began there has sent every product that exists. The tombstone takes the sequence
   * just below, so an event of that run still in flight brings its product back, and an
   * older one redelivered late does not. Returns how many were dropped.
   */
  dropNotSnapshotted(startSequence: number, time: Date): Promise<number>;
  list(query: ProductListQuery): Promise<ProductListResponse>;
  get(id: string): Promise<ProductState | undefined>;
  lastApplied(): Promise<AppliedPosition | undefined>;
}

const LIVE = { deleted: false };

export function createProductStore(db: Db): ProductStore {
  const products: Collection<CatalogProductDoc> = db.collection('products');
  return {
    async ensureIndexes() {
      await products.createIndex({ deleted: 1, createdAt: 1, _id: 1 });
      await products.createIndex({ deleted: 1, category: 1, createdAt: 1 });
      await products.createIndex({ deleted: 1, name: 1, _id: 1 });
      await products.createIndex({ deleted: 1, 'price.amountMinor': 1, _id: 1 });
      await products.createIndex({ [SEQUENCE_FIELD]: -1 });
    },
    apply(change) {
      return applyIfNewer(products, new ObjectId(change.productId), change.sequence, change.fields);
    },
    async dropNotSnapshotted(startSequence, time) {
      const result = await products.updateMany(
        { ...LIVE, [SEQUENCE_FIELD]: { $lt: startSequence } },
        { $set: { deleted: true, deletedAt: time, eventTime: time, [SEQUENCE_FIELD]: startSequence - 1 } },
      );
      return result.modifiedCount;
    },
    async list(query) {
      const q = productListMongoQuery(query, CATALOG_STORAGE_CODEC);
      const [docs, total] = await Promise.all([
        products.find({ ...q.filter, ...LIVE }).sort(q.sort).skip(q.skip).limit(q.limit).toArray(),
        products.countDocuments({ ...q.countFilter, ...LIVE }),
      ]);
      return productListResponse(query, docs.flatMap((doc) => docToState(doc) ?? []), total);
    },
    async get(id) {
      const doc = await products.findOne({ _id: new ObjectId(id), ...LIVE });
      return doc ? docToState(doc) : undefined;
    },
    async lastApplied() {
      const [doc] = await products.find({}, { projection: { [SEQUENCE_FIELD]: 1, eventTime: 1 } }).sort({ [SEQUENCE_FIELD]: -1 }).limit(1).toArray();
      return doc?._sequence === undefined ? undefined : { sequence: doc._sequence, time: doc.eventTime };
    },
  };
}
