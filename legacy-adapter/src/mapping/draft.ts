import { EJSON, type Document } from 'bson';
import { dataschemaOf, type EnvelopeBase } from '#contracts';
import type { RawChange } from './raw-change.ts';

/** An event before the store assigns its sequence. */
export type EventDraft = Omit<EnvelopeBase, 'sequence'>;

export function draft(type: string, fields: { id: string; source: string; time: string; subject: string; data: unknown }): EventDraft {
  return { id: fields.id, type, source: fields.source, time: fields.time, subject: fields.subject, dataschema: dataschemaOf(type), data: fields.data };
}

export function sourceOf(db: string, coll?: string): string {
  return coll === undefined ? `legacy-adapter/${db}` : `legacy-adapter/${db}.${coll}`;
}

/**
 * When the change happened. `wallTime` is the commit's wall clock with millisecond
 * precision; the cluster time only has seconds, so it is the fallback.
 */
export function changeTime(change: RawChange, fallback: Date): string {
  if (change.wallTime instanceof Date) return change.wallTime.toISOString();
  if (change.clusterTime) return new Date(change.clusterTime.t * 1000).toISOString();
  return fallback.toISOString();
}

/** Relaxed Extended JSON: plain JSON that keeps ObjectIds, dates and decimals recognisable. */
export function toRelaxedEjson(doc: Document): Record<string, unknown> {
  return EJSON.serialize(doc, { relaxed: true }) as Record<string, unknown>;
}

export function subjectOfKey(documentKey: Document): string {
  return EJSON.stringify(documentKey, { relaxed: true });
}
