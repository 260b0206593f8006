import amqp, { type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import { MongoClient, type Filter } from 'mongodb';
import { EVENT_TYPES } from '#contracts';
import { closeAmqp, firstEvent } from '#lib';
import { adapterErrors } from './errors.ts';
import { toMessage } from './relay/message.ts';
import type { StoredEvent } from './store/event-store.ts';
import { COLLECTIONS } from './store/collections.ts';
import { holdsWholeRun, isSnapshotCompleted, type ReplaySelection } from './replay-selection.ts';
import { checkReplayTarget, type ReplayTarget } from './replay-target.ts';
import { matchingEventTypes } from './type-pattern.ts';

export interface ReplayOptions {
  mongodbUrl: string;
  database: string;
  amqpUrl: string;
  /** `shop.product.*` style pattern over types or routing keys; every type when unset. */
  typePattern?: string | undefined;
  since?: Date | undefined;
  /** Only events with a greater sequence: where a stopped replay goes on. */
  afterSequence?: number | undefined;
  /** Target: an exchange (routing key = type without version) or a queue (through the default exchange). */
  target: ReplayTarget;
  windowSize: number;
  onProgress?: (done: number, total: number) => void;
  /** Aborting stops reading; what was already published is confirmed before replay resolves. */
  signal?: AbortSignal;
}

export interface ReplayResult {
  published: number;
  unroutable: number;
  /** Events sent (published + unroutable); less than `matched` when stopped early. */
  total: number;
  /** Events the filter matched when replay began. */
  matched: number;
  /** Set when the signal stopped replay early: the last event sent (`afterSequence` goes on from it). */
  stoppedAfter?: { sequence: number };
  /**
   * End-of-snapshot markers left out because the selection misses part of their run (it
   * starts inside it, or leaves out its snapshot type): a consumer would drop what exists.
   */
  skippedMarkers?: number;
}

/** Republishes stored events in sequence order, with confirms, to an exchange or a queue. */
export async function replayEvents(options: ReplayOptions): Promise<ReplayResult> {
  const types = options.typePattern === undefined ? [...EVENT_TYPES] : matchingEventTypes(options.typePattern);
  if (types.length === 0) throw adapterErrors.replayInvalid({ field: '--type', problem: `${JSON.stringify(options.typePattern)} matches no event type; known: ${EVENT_TYPES.join(', ')}` });
  const filter: Filter<StoredEvent> = { type: { $in: types } };
  if (options.since) filter.time = { $gte: options.since.toISOString() };
  if (options.afterSequence !== undefined) filter.sequence = { $gt: options.afterSequence };
  const client = new MongoClient(options.mongodbUrl);
  await client.connect();
  const connection = await amqp.connect(options.amqpUrl).catch(async (err: unknown) => {
    await client.close();
    throw err;
  });
  // A lost connection shows on the channel below; without a listener it would crash the process.
  connection.on('error', () => undefined);
  try {
    await checkReplayTarget(connection, options.target);
    const events = client.db(options.database).collection<StoredEvent>(COLLECTIONS.events);
    const total = await events.countDocuments(filter);
    const channel = await connection.createConfirmChannel();
    const selection = { types, since: options.since, afterSequence: options.afterSequence };
    const result = await publishAll(channel, events.find(filter, { projection: { _id: 0 } }).sort({ sequence: 1 }), options, selection, total);
    await channel.close();
    if (result.unroutable > 0) {
      const target = 'exchange' in options.target ? `exchange ${options.target.exchange}` : `queue ${options.target.queue}`;
      throw adapterErrors.replayUnroutable({ count: result.unroutable, target });
    }
    return result;
  } finally {
    await closeAmqp(connection);
    await client.close();
  }
}

async function publishAll(channel: ConfirmChannel, cursor: AsyncIterable<StoredEvent>, options: ReplayOptions, selection: ReplaySelection, total: number): Promise<ReplayResult> {
  const returned = new Set<string>();
  channel.on('return', (msg: ConsumeMessage) => returned.add(String(msg.properties.messageId)));
  let inFlight = 0;
  let settled = 0;
  let unroutable = 0;
  let skipped = 0;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  // The broker closing the channel (or the connection) ends the replay with the reason, instead of a hang or a crash.
  let lost: Error | undefined;
  channel.on('error', (err: Error) => (lost ??= adapterErrors.brokerUnavailable({ reason: err.message }, { cause: err })));
  channel.on('close', () => {
    lost ??= adapterErrors.brokerUnavailable({ reason: 'the channel closed during replay' });
    wake?.();
  });
  const exchange = 'exchange' in options.target ? options.target.exchange : '';
  let last: StoredEvent | undefined;
  for await (const event of cursor) {
    while (inFlight >= options.windowSize && !lost) await new Promise<void>((resolve) => (wake = resolve));
    if (lost) throw lost;
    if (failure) throw failure;
    if (options.signal?.aborted) break;
    if (isSnapshotCompleted(event) && !holdsWholeRun(event, selection)) {
      skipped += 1;
      options.onProgress?.(settled + skipped, total);
      continue;
    }
    last = event;
    const message = toMessage(event);
    const routingKey = 'queue' in options.target ? options.target.queue : message.routingKey;
    inFlight += 1;
    const ok = channel.publish(exchange, routingKey, message.content, message.options, (err: unknown) => {
      inFlight -= 1;
      settled += 1;
      if (err) failure ??= err instanceof Error ? err : new Error(String(err));
      else if (returned.delete(event.id)) unroutable += 1;
      options.onProgress?.(settled + skipped, total);
      wake?.();
    });
    if (!ok) await firstEvent(channel, ['drain', 'close']);
  }
  if (lost) throw lost;
  await channel.waitForConfirms().catch((err: unknown) => {
    throw lost ?? err;
  });
  if (failure) throw failure;
  const result: ReplayResult = { published: settled - unroutable, unroutable, total: settled, matched: total };
  if (skipped > 0) result.skippedMarkers = skipped;
  // Stopped before the first event: go on from where this replay itself began.
  if (options.signal?.aborted && settled + skipped < total) result.stoppedAfter = { sequence: last?.sequence ?? options.afterSequence ?? 0 };
  return result;
}
