import { draft, type EventDraft } from './draft.ts';
import type { RawChange } from './raw-change.ts';
import { orderState } from './shop-state.ts';
import type { DraftBase } from './shop-users.ts';
import { toHexId } from './values.ts';

/** Orders get `placed` on insert and `status-changed` when the status moves; the rest stays raw. */
export function mapOrderChange(change: RawChange, base: DraftBase): EventDraft | undefined {
  const subject = String(toHexId(change.documentKey?._id));
  if (change.operationType === 'insert') {
    return change.fullDocument ? draft('shop.order.placed.v1', { ...base, subject, data: orderState(change.fullDocument) }) : undefined;
  }
  if (change.operationType !== 'update' && change.operationType !== 'replace') return undefined;
  const status = newStatus(change);
  if (status === undefined) return undefined;
  const before = change.fullDocumentBeforeChange ?? undefined;
  const userId = change.fullDocument?.userId ?? before?.userId;
  if (userId === undefined) return undefined;
  const data = {
    orderId: toHexId(change.documentKey?._id),
    userId: toHexId(userId),
    previousStatus: before?.status ?? null,
    status,
    changedAt: base.time,
  };
  return draft('shop.order.status-changed.v1', { ...base, subject, data });
}

/** The status the change set, or undefined when the change did not move it (or cannot tell). */
function newStatus(change: RawChange): unknown {
  if (change.operationType === 'update') {
    const fields = change.updateDescription?.updatedFields ?? {};
    return Object.hasOwn(fields, 'status') ? fields.status : undefined;
  }
  const before = change.fullDocumentBeforeChange;
  const after = change.fullDocument;
  if (!before || !after || before.status === after.status) return undefined;
  return after.status;
}
