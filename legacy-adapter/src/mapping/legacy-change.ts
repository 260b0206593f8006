import { CHANGE_OPERATIONS } from '#contracts';
import { draft, sourceOf, subjectOfKey, toRelaxedEjson, type EventDraft } from './draft.ts';
import type { RawChange } from './raw-change.ts';
import type { DraftBase } from './shop-users.ts';

type Operation = (typeof CHANGE_OPERATIONS)[number];

export function isContractOperation(op: string): op is Operation {
  return (CHANGE_OPERATIONS as readonly string[]).includes(op);
}

/** `legacy.change.v1`: any change, documents as relaxed Extended JSON. */
export function mapLegacyChange(change: RawChange, base: DraftBase, operation: Operation): EventDraft {
  const ns = change.ns ?? { db: '' };
  const namespace = ns.coll === undefined ? { db: ns.db } : { db: ns.db, coll: ns.coll };
  const data: Record<string, unknown> = {
    namespace,
    operation,
    documentKey: change.documentKey ? toRelaxedEjson(change.documentKey) : null,
  };
  if (change.fullDocument !== undefined) data.fullDocument = change.fullDocument ? toRelaxedEjson(change.fullDocument) : null;
  const update = change.updateDescription;
  if (update) {
    data.updateDescription = {
      updatedFields: toRelaxedEjson(update.updatedFields ?? {}),
      removedFields: update.removedFields ?? [],
      truncatedArrays: update.truncatedArrays ?? [],
    };
  }
  if (change.to) data.to = { db: change.to.db, coll: change.to.coll };
  const subject = change.documentKey ? subjectOfKey(change.documentKey) : ns.coll === undefined ? ns.db : `${ns.db}.${ns.coll}`;
  return draft('legacy.change.v1', { ...base, source: sourceOf(ns.db, ns.coll), subject, data });
}
