import { z } from 'zod';
import { AmqpUrl, DEFAULT_AMQP_URL, EVENTS_EXCHANGE, Listen, LogLevel, Millis, MongoUrl } from './common.ts';

export const ConsumerSettings = z
  .object({
    queue: z.string().min(1),
    queueType: z.enum(['quorum', 'classic']).default('quorum'),
    prefetch: z.int().min(1).max(10_000).default(32),
    maxAttempts: z.int().min(1).max(100).default(5),
    /**
     * Deliveries a quorum queue may make without an ack (the consumer died holding the
     * message, e.g. a crash in the handler) before the runtime dead-letters the message
     * instead of handing it over again. Classic queues do not count deliveries.
     */
    maxRedeliveries: z.int().min(1).max(1_000).default(10),
    /** Delay before each retry; the last one repeats. */
    retryDelaysMs: z.array(Millis).min(1).default([1_000, 5_000, 30_000]),
    reconnectInitialMs: Millis.default(200),
    reconnectMaxMs: Millis.default(10_000),
    /**
     * How long `close()` waits for in-flight handlers. Past it the channel is closed, so the
     * broker hands their messages to another consumer, and close() resolves.
     */
    shutdownTimeoutMs: Millis.min(1).max(3_600_000).default(10_000),
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

/**
 * One named service's configuration: `ServiceConfig` with that service's defaults for the
 * port, database and queue, so `peel service <name>` needs only the MongoDB URL.
 */
function namedServiceConfig<const N extends 'catalog' | 'notifications'>(name: N, port: number) {
  return ServiceConfig.extend({
    name: z.literal(name).default(name),
    http: Listen('0.0.0.0', port),
    database: z.string().min(1).default(name),
    consumer: ConsumerSettings.extend({
      queue: z.string().min(1).default(`peel.${name}`),
      // Coerced here because these come from env strings (SERVICE_PREFETCH, SERVICE_MAX_ATTEMPTS, SERVICE_MAX_REDELIVERIES).
      prefetch: z.coerce.number().int().min(1).max(10_000).default(32),
      maxAttempts: z.coerce.number().int().min(1).max(100).default(5),
      maxRedeliveries: z.coerce.number().int().min(1).max(1_000).default(10),
    })
      .strict()
      .prefault({}),
    /** How often the adapter's `/status` is polled for the sync lag. */
    adapterStatusIntervalMs: Millis.min(100).default(1_000),
  }).strict();
}

export const CatalogConfig = namedServiceConfig('catalog', 4001);
export type CatalogConfig = z.output<typeof CatalogConfig>;

export const SmtpSettings = z
  .object({
    /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`. */
    url: z.string().regex(/^smtps?:\/\//, 'expected an smtp:// or smtps:// URL'),
    from: z.string().min(3).default('Peel shop <no-reply@shop.example>'),
  })
  .strict();

export const NotificationsConfig = namedServiceConfig('notifications', 4002)
  .extend({
    /** Mail notifications through this server; when unset they are only written to the log. */
    smtp: SmtpSettings.optional(),
  })
  .strict();
export type NotificationsConfig = z.output<typeof NotificationsConfig>;

/** The environment variables `peel service <name>` reads, by config path (for `envToObject`). */
export const SERVICE_ENV = {
  mongodbUrl: 'MONGODB_URL',
  amqpUrl: 'AMQP_URL',
  exchange: 'PEEL_EXCHANGE',
  'http.host': 'SERVICE_HOST',
  'http.port': 'SERVICE_PORT',
  database: 'SERVICE_DATABASE',
  'consumer.queue': 'SERVICE_QUEUE',
  'consumer.queueType': 'SERVICE_QUEUE_TYPE',
  'consumer.prefetch': 'SERVICE_PREFETCH',
  'consumer.maxAttempts': 'SERVICE_MAX_ATTEMPTS',
  'consumer.maxRedeliveries': 'SERVICE_MAX_REDELIVERIES',
  'consumer.shutdownTimeoutMs': 'SERVICE_SHUTDOWN_TIMEOUT_MS',
  adapterStatusUrl: 'ADAPTER_STATUS_URL',
  adapterStatusIntervalMs: 'ADAPTER_STATUS_INTERVAL_MS',
  logLevel: 'LOG_LEVEL',
} as const;

/** What `peel service notifications` reads on top of SERVICE_ENV. */
export const NOTIFICATIONS_ENV = { ...SERVICE_ENV, 'smtp.url': 'SMTP_URL', 'smtp.from': 'SMTP_FROM' } as const;
