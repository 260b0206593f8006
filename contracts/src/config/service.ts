import { z } from 'zod';
import { AmqpUrl, DEFAULT_AMQP_URL, EVENTS_EXCHANGE, Listen, LogLevel, Millis, MongoUrl } from './common.ts';

export const ConsumerSettings = z
  .object({
    queue: z.string().min(1),
    queueType: z.enum(['quorum', 'classic']).default('quorum'),
    prefetch: z.int().min(1).max(10_000).default(32),
    maxAttempts: z.int().min(1).max(100).default(5),
    /** Delay before each retry; the last one repeats. */
    retryDelaysMs: z.array(Millis).min(1).default([1_000, 5_000, 30_000]),
    reconnectInitialMs: Millis.default(200),
    reconnectMaxMs: Millis.default(10_000),
  })
  .strict();

export const ServiceConfig = z
  .object({
    name: z.enum(['catalog', 'notifications']),
    http: Listen('0.0.0.0', 4000),
    mongodbUrl: MongoUrl,
    database: z.string().min(1),
    amqpUrl: AmqpUrl.default(DEFAULT_AMQP_URL),
    exchange: z.string().min(1).default(EVENTS_EXCHANGE),
    consumer: ConsumerSettings,
    /** Where the adapter reports its position, for sync lag (`/readyz`, `/metrics`). */
    adapterStatusUrl: z.url().optional(),
    logLevel: LogLevel,
  })
  .strict();
export type ServiceConfig = z.output<typeof ServiceConfig>;
