import { EJSON, type Document } from 'bson';
import type { Histogram } from 'prom-client';
import type { Logger } from '#lib';
import { adapterErrors } from '../errors.ts';
import { msSince } from '../util/ms-since.ts';
import type { EventDraft } from '../mapping/draft.ts';
import { eventIdFromResumeToken } from '../mapping/event-id.ts';
import { mapChange } from '../mapping/map-change.ts';
import { mapSnapshot, mapSnapshotCompleted, type SnapshotCompletion, type SnapshotSource } from '../mapping/map-snapshot.ts';
import type { MappingContext, RawChange } from '../mapping/raw-change.ts';
import { checkDraft } from '../mapping/validate-draft.ts';
import type { AdapterMetrics } from '../metrics.ts';
import type { EventStore } from '../store/event-store.ts';
import type { RejectedChanges } from '../store/rejected.ts';

export interface IngestDeps {
  store: EventStore;
  rejected: RejectedChanges;
  metrics: AdapterMetrics;
  logger: Logger;
  mapping: MappingContext;
}

interface Candidate {
  raw: Document;
  namespace: string;
  operation: string;
  map: () => EventDraft | null;
  fallbackId: () => string;
}

/** Commit → now per event (a re-read duplicate counts again; snapshot copies carry their copy time). */
function observeLatency(histogram: Histogram, events: { time: string }[], now: number): void {
  for (const event of events) histogram.observe(msSince(event.time, now) / 1000);
}

/**
 * Maps, validates and stores a batch. A change that cannot become a valid event goes to
 * `rejected` with the reason; the rest of the batch is stored in order.
 */
export class Ingest {
  constructor(private readonly deps: IngestDeps) {}

  async changes(changes: RawChange[], now = new Date()): Promise<void> {
    await this.ingest(
      changes.map((change) => ({
        raw: change as unknown as Document,
        namespace: change.ns?.coll === undefined ? String(change.ns?.db) : `${change.ns.db}.${change.ns.coll}`,
        operation: change.operationType,
        map: () => mapChange(change, this.deps.mapping, now),
        fallbackId: () => eventIdFromResumeToken(change._id),
      })),
    );
  }

  async snapshot(docs: Document[], src: SnapshotSource): Promise<void> {
    await this.ingest(
      docs.map((doc) => ({
        raw: doc,
        namespace: `${src.db}.${src.coll}`,
        operation: 'snapshot',
        map: () => mapSnapshot(doc, src, this.deps.mapping),
        fallbackId: () => `snapshot:${src.runId}:${src.db}.${src.coll}:${String(doc._id)}`,
      })),
    );
  }

  /** Stores the end-of-copy marker of one collection, after every snapshot event of it. */
  async snapshotCompleted(done: SnapshotCompletion): Promise<void> {
    const namespace = `${done.db}.${done.coll}`;
    await this.ingest([
      {
        raw: { ...done },
        namespace,
        operation: 'snapshot-completed',
        map: () => mapSnapshotCompleted(done, this.deps.mapping),
        fallbackId: () => `snapshot-completed:${done.runId}:${namespace}`,
      },
    ]);
  }

  private async ingest(candidates: Candidate[]): Promise<void> {
    const drafts: EventDraft[] = [];
    for (const candidate of candidates) {
      const draft = await this.accept(candidate);
      if (draft) drafts.push(draft);
    }
    const { stored } = await this.deps.store.append(drafts);
    this.deps.metrics.captured.inc(stored);
    observeLatency(this.deps.metrics.captureLatency, drafts, Date.now());
  }

  private async accept(c: Candidate): Promise<EventDraft | undefined> {
    let draft: EventDraft | null;
    try {
      draft = c.map();
    } catch (err) {
      const error = adapterErrors.mappingFailed({ namespace: c.namespace, operation: c.operation, reason: err instanceof Error ? err.message : String(err) }, { cause: err });
      await this.reject(c, c.fallbackId(), error.code, error.message);
      return undefined;
    }
    if (!draft) return undefined;
    const check = checkDraft(draft);
    if (check.ok) return draft;
    await this.reject(c, draft.id, check.code, check.reason, draft.type);
    return undefined;
  }

  private async reject(c: Candidate, id: string, code: string, reason: string, eventType?: string): Promise<void> {
    this.deps.metrics.rejected.inc();
    this.deps.logger.warn({ namespace: c.namespace, operation: c.operation, eventType, code, reason }, 'change rejected');
    await this.deps.rejected.add(id, { reason, code, namespace: c.namespace, operation: c.operation, raw: EJSON.stringify(c.raw, { relaxed: true }), ...(eventType ? { eventType } : {}) });
  }
}
