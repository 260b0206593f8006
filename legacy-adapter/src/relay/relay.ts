import type { Logger } from '#lib';
import { adapterErrors } from '../errors.ts';
import type { AdapterMetrics } from '../metrics.ts';
import type { Checkpoints } from '../store/checkpoints.ts';
import type { Appended, EventStore, StoredEvent } from '../store/event-store.ts';
import type { ParkedEvents } from '../store/parked.ts';
import { backoffDelayMs } from '../util/backoff.ts';
import { CoalescingWriter } from '../util/coalescing-writer.ts';
import { msSince } from '../util/ms-since.ts';
import type { Timers } from '../util/timers.ts';
import { Wakeup } from '../util/wakeup.ts';
import { BrokerSession, type Connect } from './broker-session.ts';
import { InFlight, type Entry } from './in-flight.ts';
import { toMessage } from './message.ts';

export interface RelayOptions {
  amqpUrl: string;
  exchange: string;
  windowSize: number;
  batchSize: number;
  reconnectInitialMs: number;
  reconnectMaxMs: number;
  returnedRetries: number;
  returnedRetryDelayMs: number;
}

export interface RelayDeps {
  store: EventStore;
  checkpoints: Checkpoints;
  parked: ParkedEvents;
  metrics: AdapterMetrics;
  logger: Logger;
  timers: Timers;
  connect: Connect;
  now?: () => number;
}

/** A crash republishes at most this much more; consumers drop the duplicates by id. */
const CHECKPOINT_INTERVAL_MS = 100;

/**
 * Announced events the relay keeps in memory at most. Capture appends up to its batch
 * size (1,000 by default) at once, so a cap near the relay batch size made a caught-up
 * relay fall behind on the second append and re-read every later event from MongoDB.
 */
const READ_AHEAD_MAX = 10_000;

/** A safety net: the loop also wakes on its own this often, whatever it waits for. */
const IDLE_POLL_MS = 1_000;

/**
 * Event store → RabbitMQ. Publishes in sequence order on a confirm channel with a
 * bounded window, moves the relay checkpoint over the contiguous confirmed prefix only,
 * and on a lost connection reconnects with backoff and republishes what was unconfirmed.
 */
export class Relay {
  private readonly inFlight = new InFlight();
  /** Events announced by the store, in order, not yet in the window (bounded). */
  private readAhead: StoredEvent[] = [];
  /** Index of the first read-ahead event not yet moved into the window. */
  private readAheadHead = 0;
  private readonly wakeup = new Wakeup();
  private readonly stop = new AbortController();
  private checkpoint = 0;
  private readCursor = 0;
  private lastConfirmedTime: string | null = null;
  /** The first stored event after the checkpoint, when it is in no in-memory queue (a backlog, a broker down since start). */
  private pendingHead: StoredEvent | undefined;
  private pendingHeadLookup: Promise<void> | undefined;
  private draining = false;
  private session: BrokerSession | undefined;
  private loop: Promise<void> | undefined;
  private savedCheckpoint = 0;
  private readonly checkpointWriter: CoalescingWriter<number>;
  private readonly onAppend = (appended: Appended): void => {
    this.takeAppended(appended);
    this.wakeup.notify();
  };

  constructor(
    private readonly options: RelayOptions,
    private readonly deps: RelayDeps,
  ) {
    this.checkpointWriter = new CoalescingWriter((sequence) => this.saveCheckpoint(sequence), {
      minIntervalMs: CHECKPOINT_INTERVAL_MS,
      timers: deps.timers,
      now: deps.now ?? Date.now,
      onError: (err) => deps.logger.warn({ err }, 'relay checkpoint write failed'),
    });
  }

  async start(): Promise<void> {
    this.checkpoint = await this.deps.checkpoints.relaySequence();
    this.savedCheckpoint = this.checkpoint;
    this.readCursor = this.checkpoint;
    await this.lookUpPendingHead();
    this.deps.store.on('appended', this.onAppend);
    this.stop.signal.addEventListener('abort', () => this.wakeup.notify(), { once: true });
    this.loop = this.run();
  }

  get connected(): boolean {
    return this.session !== undefined && !this.session.closed;
  }

  /** The broker has told the live connection to stop publishing; the relay waits for `connection.unblocked`. */
  get blocked(): boolean {
    return this.session !== undefined && !this.session.closed && this.session.blocked;
  }

  /** The broker's reason while blocked. */
  get blockedReason(): string | undefined {
    return this.blocked ? this.session?.blockedReason : undefined;
  }

  get lastPublishedSequence(): number {
    return this.checkpoint;
  }

  /** Milliseconds since the oldest stored event not yet confirmed happened, 0 when nothing waits. */
  lagMs(): number {
    if (this.deps.store.lastSequence <= this.checkpoint) return 0;
    const now = this.deps.now?.() ?? Date.now();
    const oldest = this.inFlight.oldest() ?? this.readAhead[this.readAheadHead];
    if (oldest) return msSince(oldest.time, now);
    // The next event is only in the store: its time comes from a lookup (kept while still ahead of the checkpoint).
    if (this.pendingHead && this.pendingHead.sequence > this.checkpoint) return msSince(this.pendingHead.time, now);
    this.pendingHeadLookup ??= this.lookUpPendingHead()
      .catch((err: unknown) => this.deps.logger.warn({ err }, 'relay lag lookup failed'))
      .finally(() => (this.pendingHeadLookup = undefined));
    return this.lastConfirmedTime ? msSince(this.lastConfirmedTime, now) : 0;
  }

  private async lookUpPendingHead(): Promise<void> {
    [this.pendingHead] = await this.deps.store.readAfter(this.checkpoint, 1);
  }

  /**
   * Stops reading the store, waits up to `timeoutMs` for the events already published to
   * be confirmed, writes the checkpoint and closes the connection. Idempotent.
   */
  async close(timeoutMs = 10_000): Promise<void> {
    if (!this.loop) return;
    this.draining = true;
    this.deps.store.off('appended', this.onAppend);
    this.wakeup.notify();
    const deadline = this.deps.timers.setTimeout(() => this.stop.abort(), timeoutMs);
    await this.loop;
    this.deps.timers.clearTimeout(deadline);
    this.loop = undefined;
    this.checkpointWriter.set(this.checkpoint);
    await this.checkpointWriter.flush();
  }

  private async run(): Promise<void> {
    let attempt = 0;
    while (!this.stop.signal.aborted) {
      try {
        this.session = await BrokerSession.open(this.options.amqpUrl, this.options.exchange, this.deps.connect, this.deps.logger, () => this.wakeup.notify());
        if (attempt > 0) this.deps.logger.info({ attempt }, 'broker reconnected');
        attempt = 0;
        const done = await this.pump(this.session);
        if (done) break;
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        this.deps.logger.warn({ err: adapterErrors.brokerUnavailable({ reason }, { cause: err }), attempt }, 'broker unavailable');
      } finally {
        this.inFlight.resend();
        await this.session?.dispose();
        this.session = undefined;
      }
      if (this.draining && this.inFlight.size === 0) break;
      await this.deps.timers.sleep(backoffDelayMs(attempt++, { initialMs: this.options.reconnectInitialMs, maxMs: this.options.reconnectMaxMs }), this.stop.signal);
    }
    if (this.session) await this.session.dispose();
  }

  /** Publishes until drained (true) or the session ends (throws). */
  private async pump(session: BrokerSession): Promise<boolean> {
    while (!this.stop.signal.aborted) {
      for (const entry of this.inFlight.unsent()) await this.publish(session, entry);
      if (session.closedBy) throw session.closedBy;
      this.advanceCheckpoint();
      if (this.draining && this.inFlight.size === 0) return true;
      if (!this.draining && this.fillFromReadAhead()) continue;
      if (!this.draining && this.readAheadSize === 0 && this.hasRoom()) {
        const room = Math.min(this.options.batchSize, this.options.windowSize - this.inFlight.size);
        const batch = (await this.deps.store.readAfter(this.readCursor, room)).filter((e) => e.sequence > this.readCursor);
        for (const event of batch) this.inFlight.add(event);
        this.readCursor = batch.at(-1)?.sequence ?? this.readCursor;
        if (batch.length > 0) continue;
      }
      await this.wakeup.wait(this.deps.timers, IDLE_POLL_MS);
    }
    return true;
  }

  /**
   * A caught-up relay takes freshly appended events from the store's announcement into a
   * bounded read-ahead instead of querying for them; when behind, or when the read-ahead
   * is full, it leaves them to a later read of the store.
   */
  private takeAppended({ previous, visible, events }: Appended): void {
    if (this.draining || this.readCursor < previous || this.readCursor >= visible) return;
    const fresh = events.filter((e) => e.sequence > this.readCursor);
    if (this.readAheadSize + fresh.length > Math.max(READ_AHEAD_MAX, this.options.batchSize * 2)) return;
    for (const event of fresh) this.readAhead.push(event);
    this.readCursor = visible;
  }

  private get readAheadSize(): number {
    return this.readAhead.length - this.readAheadHead;
  }

  /** Moves read-ahead events into the window; true when it moved any. */
  private fillFromReadAhead(): boolean {
    const room = this.options.windowSize - this.inFlight.size;
    if (room <= 0 || this.readAheadSize === 0) return false;
    // A moving head, not splice: the read-ahead can hold thousands and frees a few at a time.
    const end = Math.min(this.readAheadHead + room, this.readAhead.length);
    for (let i = this.readAheadHead; i < end; i++) this.inFlight.add(this.readAhead[i] as StoredEvent);
    this.readAheadHead = end;
    if (end === this.readAhead.length || end >= READ_AHEAD_MAX) {
      // Drop the moved prefix (copying at most READ_AHEAD_MAX once per as many moved).
      this.readAhead = this.readAhead.slice(end);
      this.readAheadHead = 0;
    }
    return true;
  }

  /**
   * Refills in chunks: reading the store for every single confirm that frees one slot
   * would cost a query per message.
   */
  private hasRoom(): boolean {
    const free = this.options.windowSize - this.inFlight.size;
    return this.inFlight.size === 0 || free >= Math.min(this.options.batchSize, Math.ceil(this.options.windowSize / 4));
  }

  private async publish(session: BrokerSession, entry: Entry): Promise<void> {
    while (session.blocked && !session.closed && !this.stop.signal.aborted) await session.nextChange(this.stop.signal);
    if (session.closed || this.stop.signal.aborted) return;
    const { routingKey, content, options } = toMessage(entry.event);
    entry.state = 'sent';
    entry.session = session.id;
    const ok = session.channel.publish(this.options.exchange, routingKey, content, options, (err: unknown) => this.onConfirm(session, entry, err));
    if (!ok) await session.nextChange(this.stop.signal);
  }

  private onConfirm(session: BrokerSession, entry: Entry, err: unknown): void {
    if (entry.state !== 'sent' || entry.session !== session.id) return;
    if (err) {
      entry.state = 'unsent';
      if (!session.closed) this.deps.logger.warn({ err: adapterErrors.publishNacked({ id: entry.event.id }, { cause: err }), sequence: entry.event.sequence }, 'event nacked');
    } else if (session.takeReturned(entry.event.id)) {
      this.onReturned(entry);
    } else {
      entry.state = 'settled';
      this.deps.metrics.published.inc();
      this.deps.metrics.deliveryLatency.observe(msSince(entry.event.time, this.deps.now?.() ?? Date.now()) / 1000);
    }
    this.wakeup.notify();
  }

  private onReturned(entry: Entry): void {
    entry.returns += 1;
    const { event } = entry;
    const log = { eventId: event.id, eventType: event.type, sequence: event.sequence, attempts: entry.returns };
    if (entry.returns > this.options.returnedRetries) {
      entry.state = 'parking';
      this.deps.logger.error(log, 'event unroutable, parked');
      this.park(entry, event).catch((err: unknown) => {
        this.deps.logger.error({ err, eventId: event.id }, 'parking failed');
        entry.state = 'unsent';
      });
      return;
    }
    this.deps.logger.warn(log, 'event returned unroutable, will retry');
    entry.state = 'waiting';
    this.deps.timers.setTimeout(() => {
      entry.state = 'unsent';
      this.wakeup.notify();
    }, this.options.returnedRetryDelayMs);
  }

  private async park(entry: Entry, event: StoredEvent): Promise<void> {
    await this.deps.parked.park(event, 'unroutable', entry.returns);
    this.deps.metrics.parked.inc();
    entry.state = 'settled';
    this.wakeup.notify();
  }

  private advanceCheckpoint(): void {
    const last = this.inFlight.takeSettledPrefix();
    if (!last) return;
    this.checkpoint = last.sequence;
    this.lastConfirmedTime = last.time;
    this.checkpointWriter.set(last.sequence);
  }

  private async saveCheckpoint(sequence: number): Promise<void> {
    if (sequence === this.savedCheckpoint) return;
    await this.deps.checkpoints.saveRelaySequence(sequence);
    this.savedCheckpoint = sequence;
  }
}
