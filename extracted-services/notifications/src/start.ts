import type { NotificationsConfig } from '#contracts';
import { createLogger, type Logger } from '#lib';
import { createConsumer, createMongoPing, createSyncLagTracker, retryBudgetMs, serviceReadiness, type AppliedPosition } from '#runtime';
import { buildNotificationsApp } from './app.ts';
import { connectMongo } from './mongo.ts';
import { createNotificationHandler, SEND_CLAIM_MS } from './handle-event.ts';
import { createLogSender } from './log-sender.ts';
import { createNotificationsMetrics } from './metrics.ts';
import type { NotificationSender } from './sender.ts';
import { createSmtpSender } from './smtp-sender.ts';
import { createNotificationStore } from './store.ts';

/**
 * User snapshots only feed the address book, and the end of one drops the addresses of
 * users it did not send; order snapshots are ignored by the handler.
 */
export const NOTIFICATION_BINDINGS = ['shop.user.registered', 'shop.user.snapshot', 'shop.user.snapshot-completed', 'shop.order.*'];

export interface NotificationsDeps {
  sender?: NotificationSender;
  logger?: Logger;
  now?: () => Date;
}

export interface RunningNotifications {
  url: string;
  /** Stops consuming, lets in-flight events finish, then closes HTTP, the sender and MongoDB. Idempotent. */
  close(): Promise<void>;
}

export async function startNotifications(config: NotificationsConfig, deps: NotificationsDeps = {}): Promise<RunningNotifications> {
  const logger = deps.logger ?? createLogger('notifications', { level: config.logLevel });
  const mongo = await connectMongo(config.mongodbUrl);
  const store = createNotificationStore(mongo.db(config.database));
  let initial: AppliedPosition | undefined;
  try {
    await store.ensureIndexes();
    initial = await store.lastApplied();
  } catch (err) {
    await mongo.close();
    throw err;
  }
  const sender = deps.sender ?? (config.smtp ? createSmtpSender(config.smtp, logger) : createLogSender(logger));
  const { consumer: c } = config;
  const budgetMs = retryBudgetMs(c.maxAttempts, c.retryDelaysMs);
  if (budgetMs <= SEND_CLAIM_MS) {
    // A send cut off by a crash holds its claim this long; the redelivered event must outlast it.
    logger.warn({ retryBudgetMs: budgetMs, sendClaimMs: SEND_CLAIM_MS }, 'the retry budget is shorter than the send claim: a mail whose sender died mid-send is dead-lettered (peel dlq retry sends it) instead of retried until sent');
  }
  const sync = createSyncLagTracker({
    adapterStatusUrl: config.adapterStatusUrl,
    adapterStatusIntervalMs: config.adapterStatusIntervalMs,
    amqpUrl: config.amqpUrl,
    queue: c.queue,
    retryDelaysMs: c.retryDelaysMs,
    initial,
    inFlight: () => consumer.stats().inFlight,
    logger,
  });
  const { lag, position } = sync;
  const metrics = createNotificationsMetrics(lag);
  const consumer = createConsumer({
    ...c,
    url: config.amqpUrl,
    exchange: config.exchange,
    bindings: NOTIFICATION_BINDINGS,
    retryDelaysMs: [...c.retryDelaysMs],
    handler: createNotificationHandler({ store, sender, metrics, logger, position, ...(deps.now ? { now: deps.now } : {}) }),
    logger,
  });
  let closing = false;
  const storeUp = createMongoPing(mongo);
  const app = buildNotificationsApp({ store, metrics, logger, readiness: async () => serviceReadiness(config.name, consumer, closing, await lag(), await storeUp()) });
  const shutdown = async (): Promise<void> => {
    closing = true;
    await consumer.close();
    await app.close();
    await sync.close();
    await sender.close?.();
    await mongo.close();
  };
  let url: string;
  try {
    await consumer.start();
    url = await app.listen({ host: config.http.host, port: config.http.port });
  } catch (err) {
    await shutdown().catch(() => undefined);
    throw err;
  }
  logger.info({ url, queue: c.queue, sender: sender.name }, 'notifications started');
  let closed: Promise<void> | undefined;
  return { url, close: () => (closed ??= shutdown()) };
}

