import { z } from 'zod';
import { AmqpUrl, ConsumerSettings, EVENTS_EXCHANGE, type PeelEvent } from '#contracts';
import { parseConfig, type Logger } from '#lib';

/** A topic binding: dot-separated words, `*` for exactly one word, `#` for any number. */
const BindingPattern = z
  .string()
  .regex(/^(\*|#|[A-Za-z0-9_-]+)(\.(\*|#|[A-Za-z0-9_-]+))*$/, 'expected a topic pattern such as shop.product.* or shop.#');

/** The service config's consumer settings plus what only code knows: where, and which events. */
export const ConsumerRuntimeSettings = ConsumerSettings.extend({
  queue: z
    .string()
    .regex(/^(?!amq\.)[A-Za-z0-9_.:-]{1,200}$/, 'expected 1-200 of A-Z a-z 0-9 _ . : - and no amq. prefix'),
  url: AmqpUrl,
  exchange: z.string().min(1).default(EVENTS_EXCHANGE),
  bindings: z.array(BindingPattern).min(1),
  /** Shown by `rabbitmqctl list_connections name`; defaults to `peel-consumer:<queue>`. */
  connectionName: z.string().min(1).optional(),
}).strict();
export type ConsumerRuntimeSettings = z.output<typeof ConsumerRuntimeSettings>;

export interface HandlerContext {
  /** 1 for the first delivery, incremented by every retry through a delay queue. */
  attempt: number;
  messageId: string;
  /** The broker delivered this message before (a consumer died before acking it). */
  redelivered: boolean;
  logger: Logger;
}

export type EventHandler = (event: PeelEvent, context: HandlerContext) => Promise<void>;

export interface ConsumerOptions {
  url: string;
  exchange?: string;
  queue: string;
  bindings: readonly string[];
  queueType?: 'quorum' | 'classic';
  prefetch?: number;
  maxAttempts?: number;
  /** Deliveries without an ack (a consumer died holding the message) before it is dead-lettered; quorum queues only. */
  maxRedeliveries?: number;
  /** Delay before each retry; the last one repeats. */
  retryDelaysMs?: readonly number[];
  handler: EventHandler;
  logger: Logger;
  reconnectInitialMs?: number;
  reconnectMaxMs?: number;
  /** How long close() waits for in-flight handlers before handing their messages back to the broker. */
  shutdownTimeoutMs?: number;
  connectionName?: string;
}

/** Validates every setting once, naming each bad field (PEEL_CONFIG_INVALID). */
export function parseConsumerOptions(options: ConsumerOptions): {
  settings: ConsumerRuntimeSettings;
  handler: EventHandler;
  logger: Logger;
} {
  const { handler, logger, ...raw } = options;
  if (typeof handler !== 'function') throw new TypeError('createConsumer: handler must be an async function');
  const settings = parseConfig(ConsumerRuntimeSettings, raw, `consumer ${String(raw.queue)}`);
  return { settings, handler, logger };
}
