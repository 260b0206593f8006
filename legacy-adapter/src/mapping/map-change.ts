import type { Document } from 'bson';
import { changeTime, sourceOf, type EventDraft } from './draft.ts';
import { eventIdFromResumeToken } from './event-id.ts';
import { isContractOperation, mapLegacyChange } from './legacy-change.ts';
import type { MappingContext, RawChange } from './raw-change.ts';
import { mapOrderChange } from './shop-orders.ts';
import { mapProductChange } from './shop-products.ts';
import { mapUserChange, type DraftBase } from './shop-users.ts';

type DomainMapper = (change: RawChange, base: DraftBase) => EventDraft | undefined;

const SHOP_MAPPERS: Record<string, DomainMapper> = {
  users: mapUserChange,
  products: mapProductChange,
  orders: mapOrderChange,
};

/**
 * One change stream event to one event draft: the shop's domain event when a mapper
 * knows the change, `legacy.change.v1` otherwise. Returns null for events that are not
 * data (invalidate, and operation types outside the contract). Pure: `now` is only the
 * fallback time for changes that carry none.
 */
export function mapChange(change: RawChange, ctx: MappingContext, now: Date): EventDraft | null {
  const operation = change.operationType;
  if (!isContractOperation(operation) || operation === 'snapshot') return null;
  const ns = change.ns ?? { db: '' };
  const base = { id: eventIdFromResumeToken(change._id), source: sourceOf(ns.db, ns.coll), time: changeTime(change, now) };
  const mapper = ns.db === ctx.shopDatabase && ns.coll !== undefined ? SHOP_MAPPERS[ns.coll] : undefined;
  const draft = mapper?.(ctx.correlationField === undefined ? change : withoutField(change, ctx.correlationField), base) ?? mapLegacyChange(change, base, operation);
  const correlationId = ctx.correlationField === undefined ? undefined : correlationOf(change, ctx.correlationField);
  return correlationId === undefined || !draft ? draft : { ...draft, correlationId };
}

/** Longest id the envelope takes: a longer or non-string value is left out rather than failing the event. */
const MAX_CORRELATION_ID = 128;

/**
 * The request id the monolith stamped on the document it wrote. A delete has none: the
 * image before it names the request of the write before.
 */
function correlationOf(change: RawChange, field: string): string | undefined {
  const value: unknown = change.fullDocument?.[field];
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_CORRELATION_ID ? value : undefined;
}

/**
 * The change as a domain mapper should see it: without the request-id field, which is
 * bookkeeping that moves to the envelope, not a change to the product (or user, or order).
 */
function withoutField(change: RawChange, field: string): RawChange {
  const drop = (doc: Document | null | undefined): Document | null | undefined => {
    if (!doc || !(field in doc)) return doc;
    const { [field]: _dropped, ...rest } = doc;
    return rest;
  };
  const update = change.updateDescription;
  return {
    ...change,
    fullDocument: drop(change.fullDocument),
    fullDocumentBeforeChange: drop(change.fullDocumentBeforeChange),
    ...(update
      ? { updateDescription: { ...update, updatedFields: drop(update.updatedFields) ?? {}, removedFields: (update.removedFields ?? []).filter((f) => f !== field) } }
      : {}),
  };
}
