import type { z } from 'zod';
import { describeIssues, type FieldIssue } from '#lib';
import type { EventDefinition } from './envelope.ts';
import { contractErrors } from './errors.ts';
import { LegacyChangeV1 } from './events/legacy-change.ts';
import { OrderPlacedV1, OrderSnapshotCompletedV1, OrderSnapshotV1, OrderStatusChangedV1 } from './events/shop-order.ts';
import { ProductCreatedV1, ProductDeletedV1, ProductSnapshotCompletedV1, ProductSnapshotV1, ProductUpdatedV1 } from './events/shop-product.ts';
import { UserRegisteredV1, UserSnapshotCompletedV1, UserSnapshotV1 } from './events/shop-user.ts';
import { LegacySnapshotCompletedV1 } from './events/snapshot-completed.ts';

export const EVENT_DEFINITIONS = [
  UserRegisteredV1,
  UserSnapshotV1,
  UserSnapshotCompletedV1,
  ProductCreatedV1,
  ProductUpdatedV1,
  ProductDeletedV1,
  ProductSnapshotV1,
  ProductSnapshotCompletedV1,
  OrderPlacedV1,
  OrderStatusChangedV1,
  OrderSnapshotV1,
  OrderSnapshotCompletedV1,
  LegacyChangeV1,
  LegacySnapshotCompletedV1,
] as const;

export type PeelEvent = z.infer<(typeof EVENT_DEFINITIONS)[number]['schema']>;
export type EventTypeName = PeelEvent['type'];
export type EventOf<T extends EventTypeName> = Extract<PeelEvent, { type: T }>;

const byType = new Map<string, EventDefinition>(EVENT_DEFINITIONS.map((d) => [d.type, d as EventDefinition]));

export const EVENT_TYPES: readonly EventTypeName[] = EVENT_DEFINITIONS.map((d) => d.type);

export function isKnownEventType(type: unknown): type is EventTypeName {
  return typeof type === 'string' && byType.has(type);
}

export function getEventSchema(type: string): z.ZodType {
  const def = byType.get(type);
  if (!def) throw contractErrors.unknownEventType({ type, known: [...byType.keys()] });
  return def.schema;
}

export type ValidationResult =
  | { ok: true; event: PeelEvent }
  | { ok: false; code: string; message: string; issues: FieldIssue[] };

/**
 * Validates any message by its `type`. Never throws: an unknown type or an invalid
 * event comes back as a result carrying the error code and every offending field.
 */
export function validateEvent(input: unknown): ValidationResult {
  const type = typeof input === 'object' && input !== null ? (input as { type?: unknown }).type : undefined;
  const def = typeof type === 'string' ? byType.get(type) : undefined;
  if (!def) {
    const err = contractErrors.unknownEventType({ type, known: [...byType.keys()] });
    return { ok: false, code: err.code, message: err.message, issues: [{ path: 'type', expected: 'a known event type', message: err.message }] };
  }
  const result = def.schema.safeParse(input);
  if (result.success) return { ok: true, event: result.data as PeelEvent };
  const err = contractErrors.invalidEvent({ type: def.type, issues: describeIssues(result.error) });
  return { ok: false, code: err.code, message: err.message, issues: err.details.issues };
}

/** Like validateEvent, but throws the typed error. */
export function parseEvent(input: unknown): PeelEvent {
  const type = typeof input === 'object' && input !== null ? (input as { type?: unknown }).type : undefined;
  const def = typeof type === 'string' ? byType.get(type) : undefined;
  if (!def) throw contractErrors.unknownEventType({ type, known: [...byType.keys()] });
  const result = def.schema.safeParse(input);
  if (!result.success) throw contractErrors.invalidEvent({ type: def.type, issues: describeIssues(result.error) });
  return result.data as PeelEvent;
}
