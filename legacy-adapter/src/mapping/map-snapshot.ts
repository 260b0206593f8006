import type { Document } from 'bson';
import { draft, sourceOf, subjectOfKey, toRelaxedEjson, type EventDraft } from './draft.ts';
import { snapshotCompletedEventId, snapshotEventId } from './event-id.ts';
import type { MappingContext } from './raw-change.ts';
import { orderState, productState, userState } from './shop-state.ts';
import { toHexId } from './values.ts';

const SHOP_SNAPSHOTS: Record<string, { type: string; completed: string; state: (doc: Document) => Record<string, unknown> }> = {
  users: { type: 'shop.user.snapshot.v1', completed: 'shop.user.snapshot-completed.v1', state: userState },
  products: { type: 'shop.product.snapshot.v1', completed: 'shop.product.snapshot-completed.v1', state: productState },
  orders: { type: 'shop.order.snapshot.v1', completed: 'shop.order.snapshot-completed.v1', state: orderState },
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

export interface SnapshotCompletion {
  db: string;
  coll: string;
  runId: string;
  /** Every event of the run is numbered from here on; every earlier event below it. */
  startSequence: number;
  copied: number;
  startedAt: Date;
  time: Date;
}

/** The end of one collection's copy: the shop's `*.snapshot-completed.v1`, or `legacy.snapshot-completed.v1`. */
export function mapSnapshotCompleted(done: SnapshotCompletion, ctx: MappingContext): EventDraft {
  const namespace = `${done.db}.${done.coll}`;
  const shop = done.db === ctx.shopDatabase ? SHOP_SNAPSHOTS[done.coll] : undefined;
  const data = { runId: done.runId, namespace: { db: done.db, coll: done.coll }, startSequence: done.startSequence, copied: done.copied, startedAt: done.startedAt.toISOString() };
  return draft(shop?.completed ?? 'legacy.snapshot-completed.v1', {
    id: snapshotCompletedEventId(done.runId, namespace),
    source: sourceOf(done.db, done.coll),
    time: done.time.toISOString(),
    subject: namespace,
    data,
  });
}
