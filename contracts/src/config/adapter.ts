import { z } from 'zod';
import { AmqpUrl, DEFAULT_AMQP_URL, EVENTS_EXCHANGE, Listen, LogLevel, Millis, MongoUrl } from './common.ts';

export const WatchedDatabase = z
  .object({
    db: z.string().min(1),
    /** Collections to capture; all of the database when omitted. */
    collections: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict();

export const AdapterConfig = z
  .object({
    /** The legacy MongoDB to capture from. */
    mongodbUrl: MongoUrl,
    /** The adapter's own database: events, checkpoints, rejected. Never captured. */
    database: z.string().min(1).default('peel_adapter'),
    watch: z.array(WatchedDatabase).min(1).default([{ db: 'shop' }]),
    amqpUrl: AmqpUrl.default(DEFAULT_AMQP_URL),
    exchange: z.string().min(1).default(EVENTS_EXCHANGE),
    http: Listen('127.0.0.1', 8090),
    snapshot: z
      .object({
        onFirstStart: z.boolean().default(true),
        batchSize: z.int().min(1).max(10_000).default(500),
        /** What to do when the resume point is gone: stop and wait for an operator, or re-snapshot. */
        onResumeTokenLost: z.enum(['fail', 'resnapshot']).default('fail'),
      })
      .strict()
      .prefault({}),
    relay: z
      .object({
        /** Unconfirmed messages in flight at most. */
        windowSize: z.int().min(1).max(10_000).default(512),
        batchSize: z.int().min(1).max(10_000).default(500),
        reconnectInitialMs: Millis.default(200),
        reconnectMaxMs: Millis.default(10_000),
        /** Unroutable (returned) messages are retried this many times, then parked. */
        returnedRetries: z.int().min(0).default(3),
      })
      .strict()
      .prefault({}),
    statsIntervalMs: Millis.default(10_000),
    logLevel: LogLevel,
  })
  .strict();
export type AdapterConfig = z.output<typeof AdapterConfig>;
