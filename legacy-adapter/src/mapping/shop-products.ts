import { EJSON, type Document } from 'bson';
import { draft, type EventDraft } from './draft.ts';
import type { RawChange } from './raw-change.ts';
import { productState } from './shop-state.ts';
import type { DraftBase } from './shop-users.ts';
import { toHexId, topLevelFields } from './values.ts';

export function mapProductChange(change: RawChange, base: DraftBase): EventDraft | undefined {
  const subject = String(toHexId(change.documentKey?._id));
  switch (change.operationType) {
    case 'insert':
      return change.fullDocument ? draft('shop.product.created.v1', { ...base, subject, data: productState(change.fullDocument) }) : undefined;
    case 'update':
    case 'replace': {
      // Without the document (deleted before the lookup) there is no state to send; a delete follows.
      if (!change.fullDocument) return undefined;
      const data = { ...productState(change.fullDocument), changedFields: changedFields(change) };
      return draft('shop.product.updated.v1', { ...base, subject, data });
    }
    case 'delete':
      return draft('shop.product.deleted.v1', { ...base, subject, data: { productId: toHexId(change.documentKey?._id), deletedAt: base.time } });
    default:
      return undefined;
  }
}

function changedFields(change: RawChange): string[] {
  const update = change.updateDescription;
  if (change.operationType === 'update' && update) {
    return topLevelFields([...Object.keys(update.updatedFields ?? {}), ...(update.removedFields ?? [])]);
  }
  const after = change.fullDocument ?? {};
  const before = change.fullDocumentBeforeChange;
  if (!before) return topLevelFields(Object.keys(after).filter((k) => k !== '_id'));
  return topLevelFields([...Object.keys(after), ...Object.keys(before)].filter((k) => k !== '_id' && !sameValue(after[k], before[k])));
}

function sameValue(a: unknown, b: unknown): boolean {
  return EJSON.stringify({ v: a } as Document) === EJSON.stringify({ v: b } as Document);
}
