import { z } from 'zod';
import { AmqpUrl, BooleanFlag, DEFAULT_AMQP_URL, EVENTS_EXCHANGE, Listen, LogLevel, Millis, MongoUrl } from './common.ts';

const Count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const WatchedDatabase = z
  .object({
    db: z.string().min(1),
    /** Collections to capture; all of the database when omitted. */
    collections: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict();
export type WatchedDatabase = z.output<typeof WatchedDatabase>;

export const AdapterConfig = z
  .object({
    /** The legacy MongoDB to capture from. */
    mongodbUrl: MongoUrl,
    /** The adapter's own database: events, checkpoints, rejected. Never captured. */
    database: z.string().min(1).default('peel_adapter'),
    watch: z.array(WatchedDatabase).min(1).default([{ db: 'shop' }]),
    /** The database whose users, products and orders map to `shop.*` events; the first watched one when unset. */
    shopDatabase: z.string().min(1).optional(),
    amqpUrl: AmqpUrl.default(DEFAULT_AMQP_URL),
    exchange: z.string().min(1).default(EVENTS_EXCHANGE),
    http: Listen('127.0.0.1', 8090),
    capture: z
      .object({
        /** How long one change stream getMore waits for changes; bounds how fast a stop is noticed. */
        maxAwaitMs: Millis.default(500),
        /** Changes stored per write to the event store at most. */
        batchSize: Count(1, 10_000).default(1_000),
        /**
         * After reading fewer than batchSize changes, wait this long before reading again, so
         * changes arriving at a steady rate are read and stored in groups rather than one
         * round trip each; adds at most this much latency. 0 reads again at once.
         */
        lingerMs: Millis.default(5),
        /**
         * A field the monolith writes on the documents it changes with the id of the request
         * that changed them (e.g. the proxy's X-Request-Id); it becomes the event's
         * `correlationId`. Unset: events carry none.
         */
        correlationField: z.string().min(1).optional(),
        /** Delay before reopening a stream after a resumable error, doubling up to reconnectMaxMs. */
        retryInitialMs: Millis.default(200),
        retryMaxMs: Millis.default(10_000),
      })
      .strict()
      .prefault({}),
    snapshot: z
      .object({
        onFirstStart: BooleanFlag.default(true),
        batchSize: Count(1, 10_000).default(500),
        /** What to do when the resume point is gone: stop and wait for an operator, or re-snapshot. */
        onResumeTokenLost: z.enum(['fail', 'resnapshot']).default('fail'),
      })
      .strict()
      .prefault({}),
    relay: z
      .object({
        /** Unconfirmed messages in flight at most. */
        windowSize: Count(1, 10_000).default(512),
        batchSize: Count(1, 10_000).default(500),
        reconnectInitialMs: Millis.default(200),
        reconnectMaxMs: Millis.default(10_000),
        /** Unroutable (returned) messages are retried this many times, then parked. */
        returnedRetries: z.coerce.number().int().min(0).default(3),
        /** Delay before republishing a returned message. */
        returnedRetryDelayMs: Millis.default(1_000),
      })
      .strict()
      .prefault({}),
    statsIntervalMs: Millis.default(10_000),
    logLevel: LogLevel,
  })
  .strict()
  .refine((c) => !c.watch.some((w) => w.db === c.database), {
    path: ['database'],
    message: 'the adapter database must not be one of the watched databases (it is never captured)',
  });
export type AdapterConfig = z.output<typeof AdapterConfig>;
