import { EJSON } from 'bson';
import type { ChangeStream, Document, MongoClient } from 'mongodb';
import type { WatchedDatabase } from '#contracts';
import type { Logger } from '#lib';
import { adapterErrors } from '../errors.ts';
import type { RawChange } from '../mapping/raw-change.ts';
import type { Checkpoints } from '../store/checkpoints.ts';
import type { SnapshotRuns } from '../store/snapshots.ts';
import { backoffDelayMs } from '../util/backoff.ts';
import { CoalescingWriter } from '../util/coalescing-writer.ts';
import type { Timers } from '../util/timers.ts';
import type { Ingest } from './ingest.ts';
import { isResumePointLost } from './resume-errors.ts';
import type { Snapshotter } from './snapshot.ts';
import { streamOptions, watchPipeline } from './stream-options.ts';

export interface CaptureOptions {
  maxAwaitMs: number;
  batchSize: number;
  lingerMs: number;
  retryInitialMs: number;
  retryMaxMs: number;
  snapshotOnFirstStart: boolean;
  onResumeTokenLost: 'fail' | 'resnapshot';
}

export interface CaptureDeps {
  client: MongoClient;
  ingest: Ingest;
  checkpoints: Checkpoints;
  runs: SnapshotRuns;
  snapshotter: Snapshotter;
  logger: Logger;
  timers: Timers;
}

export type CaptureState = 'starting' | 'snapshotting' | 'streaming' | 'resume-token-lost' | 'stopped';

type Stream = ChangeStream<Document, Document>;

/** A crash re-reads at most this much more of the stream; the store drops the duplicates. */
const CHECKPOINT_INTERVAL_MS = 100;

interface Batch {
  changes: RawChange[];
  /** The stream's resume token right after these changes. */
  token: Document | undefined;
  invalidated: boolean;
}

/**
 * Change stream → event store for one database. Stores each batch, then records the
 * resume token; resumes from it after errors; stops loudly (never restarts at "now")
 * when the token is gone; keeps watching past an invalidate.
 */
export class CaptureLoop {
  state: CaptureState = 'starting';
  /** False while changes are arriving faster than a getMore returns empty. */
  caughtUp = false;
  lastError: string | undefined;
  private token: Document | undefined;
  private savedToken = '';
  /** Checkpoint writes run beside the reads, newest token only, a few per second at most. */
  private readonly checkpoints: CoalescingWriter<Document>;
  private readonly stop = new AbortController();
  private loop: Promise<void> | undefined;
  private readonly logger: Logger;

  constructor(
    readonly watch: WatchedDatabase,
    private readonly options: CaptureOptions,
    private readonly deps: CaptureDeps,
  ) {
    this.logger = deps.logger.child({ db: watch.db });
    this.checkpoints = new CoalescingWriter((token) => this.saveCheckpoint(token), {
      minIntervalMs: CHECKPOINT_INTERVAL_MS,
      timers: deps.timers,
      now: Date.now,
      onError: (err) => this.logger.warn({ err }, 'capture checkpoint write failed'),
    });
  }

  start(forceSnapshot: boolean): void {
    this.loop = this.run(forceSnapshot).catch((err: unknown) => {
      this.state = 'stopped';
      this.lastError = err instanceof Error ? err.message : String(err);
      this.logger.error({ err }, 'capture stopped');
    });
  }

  /** Stops reading; the batch in hand is stored and checkpointed first. Idempotent. */
  async close(): Promise<void> {
    this.stop.abort();
    await this.loop;
    await this.checkpoints.flush();
    this.state = 'stopped';
  }

  private async run(forceSnapshot: boolean): Promise<void> {
    let attempt = 0;
    for (;;) {
      try {
        this.token = await this.startPosition(forceSnapshot);
        break;
      } catch (err) {
        if (this.stop.signal.aborted) return;
        if (isResumePointLost(err)) return void (await this.onResumePointLost(err));
        this.logger.warn({ err, attempt }, 'capture start failed, retrying');
        await this.deps.timers.sleep(this.retryDelay(attempt++), this.stop.signal);
      }
    }
    attempt = 0;
    while (!this.stop.signal.aborted) {
      try {
        await this.follow();
        attempt = 0;
      } catch (err) {
        if (this.stop.signal.aborted) break;
        if (isResumePointLost(err)) {
          if (!(await this.onResumePointLost(err))) return;
          continue;
        }
        this.logger.warn({ err, attempt }, 'change stream failed, resuming');
        await this.deps.timers.sleep(this.retryDelay(attempt++), this.stop.signal);
      }
    }
  }

  private retryDelay(attempt: number): number {
    return backoffDelayMs(attempt, { initialMs: this.options.retryInitialMs, maxMs: this.options.retryMaxMs });
  }

  /** Where streaming starts: an unfinished snapshot's position, the checkpoint, or a new snapshot's. */
  private async startPosition(forceSnapshot: boolean): Promise<Document | undefined> {
    const unfinished = forceSnapshot ? null : await this.deps.runs.unfinished(this.watch.db);
    if (unfinished) {
      this.logger.info({ runId: unfinished.runId }, 'snapshot resumed');
      return this.finishSnapshot(unfinished.startToken, unfinished);
    }
    const token = await this.deps.checkpoints.captureToken(this.watch.db);
    if (forceSnapshot || (!token && this.options.snapshotOnFirstStart)) return this.snapshot();
    this.savedToken = token ? EJSON.stringify(token) : '';
    return token;
  }

  private async snapshot(): Promise<Document | undefined> {
    this.state = 'snapshotting';
    const position = await this.recordPosition();
    const run = await this.deps.snapshotter.begin(this.watch, position);
    return this.finishSnapshot(position, run);
  }

  private async finishSnapshot(position: Document, run: Parameters<Snapshotter['copy']>[0]): Promise<Document | undefined> {
    this.state = 'snapshotting';
    const done = await this.deps.snapshotter.copy(run, this.stop.signal);
    if (!done) return undefined;
    this.checkpointSoon(position);
    await this.checkpoints.flush();
    return position;
  }

  /**
   * Opens a stream at "now" and reads its first batch; changes already in it are stored
   * like any other. The token after that batch is where streaming resumes after the copy.
   */
  private async recordPosition(): Promise<Document> {
    const stream = this.open(undefined);
    try {
      // No checkpoint here: until the snapshot run is recorded, a restart must snapshot again.
      const batch = await this.readBatch(stream);
      await this.storeBatch(batch, false);
      const token = batch.token;
      if (!token) throw new Error('the server gave no resume token for the snapshot position');
      return token;
    } finally {
      await stream.close().catch(() => undefined);
    }
  }

  private open(startAfter: Document | undefined): Stream {
    return this.deps.client.db(this.watch.db).watch(watchPipeline(this.watch), streamOptions(startAfter, this.options.maxAwaitMs, this.options.batchSize));
  }

  /** Reads until stopped or invalidated; an invalidate is stored past, and the caller reopens after it. */
  private async follow(): Promise<void> {
    const stream = this.open(this.token);
    this.state = 'streaming';
    // The next batch is read while the previous one is stored: at most one in flight.
    let storing: Promise<void> = Promise.resolve();
    try {
      while (!this.stop.signal.aborted) {
        const batch = await this.readBatch(stream);
        await storing;
        storing = this.storeBatch(batch);
        storing.catch(() => undefined);
        if (batch.invalidated) {
          await storing;
          this.logger.info('change stream invalidated, watching on');
          return;
        }
        // A short batch means capture is caught up: let the next few changes gather (see lingerMs).
        if (this.options.lingerMs > 0 && batch.changes.length > 0 && batch.changes.length < this.options.batchSize) await this.deps.timers.sleep(this.options.lingerMs, this.stop.signal);
      }
      await storing;
    } finally {
      await storing.catch(() => undefined);
      await stream.close().catch(() => undefined);
    }
  }

  /** The changes the stream has now (waiting up to maxAwaitMs for the first), and the token after them. */
  private async readBatch(stream: Stream): Promise<Batch> {
    const changes: RawChange[] = [];
    const first = await stream.tryNext();
    if (first) {
      changes.push(first as unknown as RawChange);
      while (changes.length < this.options.batchSize && stream.bufferedCount() > 0) {
        const next = await stream.tryNext();
        if (!next) break;
        changes.push(next as unknown as RawChange);
      }
    }
    this.caughtUp = !first;
    return { changes, token: stream.resumeToken as Document | undefined, invalidated: changes.some((c) => c.operationType === 'invalidate') };
  }

  /** Stores a batch, then checkpoints the token after it. */
  private async storeBatch(batch: Batch, checkpoint = true): Promise<void> {
    if (batch.changes.length > 0) await this.deps.ingest.changes(batch.changes);
    if (batch.token && checkpoint) this.checkpointSoon(batch.token);
  }

  /** Records the token after the batch's events are stored, without holding up the next read. */
  private checkpointSoon(token: Document): void {
    this.token = token;
    this.checkpoints.set(token);
  }

  private async saveCheckpoint(token: Document): Promise<void> {
    const text = EJSON.stringify(token);
    if (text === this.savedToken) return;
    await this.deps.checkpoints.saveCaptureToken(this.watch.db, token);
    this.savedToken = text;
  }

  /** Returns true when capture goes on (re-snapshot), false when it stops for an operator. */
  private async onResumePointLost(err: unknown): Promise<boolean> {
    const reason = err instanceof Error ? err.message : String(err);
    const error = adapterErrors.resumeTokenLost({ db: this.watch.db, reason }, { cause: err });
    this.state = 'resume-token-lost';
    this.lastError = error.message;
    this.logger.error({ err: error, code: error.code }, 'resume token lost');
    if (this.options.onResumeTokenLost !== 'resnapshot') return false;
    this.logger.warn('re-snapshotting after the lost resume token');
    this.token = await this.snapshot();
    this.lastError = undefined;
    return true;
  }
}
