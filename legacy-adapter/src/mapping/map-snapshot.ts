import type { Document } from 'bson';
import { draft, sourceOf, subjectOfKey, toRelaxedEjson, type EventDraft } from './draft.ts';
import { snapshotEventId } from './event-id.ts';
import type { MappingContext } from './raw-change.ts';
import { orderState, productState, userState } from './shop-state.ts';
import { toHexId } from './values.ts';

const SHOP_SNAPSHOTS: Record<string, { type: string; state: (doc: Document) => Record<string, unknown> }> = {
  users: { type: 'shop.user.snapshot.v1', state: userState },
  products: { type: 'shop.product.snapshot.v1', state: productState },
  orders: { type: 'shop.order.snapshot.v1', state: orderState },
};

export interface SnapshotSource {
  db: string;
  coll: string;
  runId: string;
  /** When the snapshot copied the document. */
  time: Date;
}

/** One copied document to one event: the shop's `*.snapshot.v1`, or `legacy.change.v1` with operation `snapshot`. */
export function mapSnapshot(doc: Document, src: SnapshotSource, ctx: MappingContext): EventDraft {
  const documentKey = { _id: doc._id as unknown };
  const base = {
    id: snapshotEventId(src.runId, `${src.db}.${src.coll}`, documentKey),
    source: sourceOf(src.db, src.coll),
    time: src.time.toISOString(),
  };
  const shop = src.db === ctx.shopDatabase ? SHOP_SNAPSHOTS[src.coll] : undefined;
  if (shop) return draft(shop.type, { ...base, subject: String(toHexId(doc._id)), data: shop.state(doc) });
  const data = { namespace: { db: src.db, coll: src.coll }, operation: 'snapshot', documentKey: toRelaxedEjson(documentKey), fullDocument: toRelaxedEjson(doc) };
  return draft('legacy.change.v1', { ...base, subject: subjectOfKey(documentKey), data });
}
