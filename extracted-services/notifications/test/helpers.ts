import { Writable } from 'node:stream';
import type { Db } from 'mongodb';
import type { Test } from 'tap';
import { exampleOf, routingKeyOf, type EventOf, type EventTypeName, type NotificationListResponse, type NotificationResponse, type NotificationsConfig, type PeelEvent } from '#contracts';
import { createLogger, type Logger } from '#lib';
import { loadNotificationsConfig, startNotifications, type NotificationSender, type RunningNotifications } from '#notifications';
import { retryQueueOf } from '#runtime';
import { useAmqp, type TestAmqp } from '#test-support';
import { useMongo } from '#test-support/mongo';

export const quiet: Logger = createLogger('notifications-test', { level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });

export interface RecordingSender extends NotificationSender {
  sent: NotificationResponse[];
}

/** A sender that keeps what it was given; the first `failures` sends reject, like a mail server that is down. */
export function recordingSender(failures = 0): RecordingSender {
  let left = failures;
  const sent: NotificationResponse[] = [];
  return {
    name: 'recording',
    sent,
    async send(notification) {
      if (left > 0) {
        left -= 1;
        throw new Error('mail server unavailable');
      }
      sent.push(notification);
    },
  };
}

/** A sender whose sends wait until the test lets them go: an event held in flight. */
export function heldSender(): RecordingSender & { started: number; release(): void } {
  let release = (): void => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const sent: NotificationResponse[] = [];
  const sender = {
    name: 'held',
    sent,
    started: 0,
    release: () => release(),
    async send(notification: NotificationResponse) {
      sender.started += 1;
      await gate;
      sent.push(notification);
    },
  };
  return sender;
}

export interface NotificationsFixture {
  service: RunningNotifications;
  /** What the service was started with, to start it again (a restart). */
  config: NotificationsConfig;
  amqp: TestAmqp;
  queue: string;
  db: Db;
  /** The recording sender, unless the test asked for the configured one. */
  sender: RecordingSender;
  publish(event: PeelEvent, options?: { correlationId?: string }): void;
  list(query: string): Promise<{ status: number; body: NotificationListResponse & Record<string, unknown> }>;
}

const RETRY_DELAYS_MS = [50];

/** The service on port 0 with its own database, exchange and queue; all removed when the test ends. */
export interface FixtureOptions {
  /** The sender to use; `false` for the one the config selects (log, or SMTP). */
  sender?: RecordingSender | false;
  config?: Record<string, unknown>;
  maxAttempts?: number;
  logger?: Logger;
}

export async function useNotifications(t: Test, options: FixtureOptions = {}): Promise<NotificationsFixture> {
  const sender = options.sender ?? recordingSender();
  const amqp = await useAmqp(t);
  const mongo = await useMongo(t);
  const exchange = amqp.exchange('notif-ex');
  const queue = amqp.queue('notif-q');
  const database = mongo.dbName('notifications');
  const config = loadNotificationsConfig(
    {},
    {
      mongodbUrl: mongo.url,
      amqpUrl: amqp.url,
      exchange,
      database,
      http: { host: '127.0.0.1', port: 0 },
      consumer: { queue, retryDelaysMs: RETRY_DELAYS_MS, maxAttempts: options.maxAttempts ?? 3 },
      logLevel: 'silent',
      ...options.config,
    },
  );
  const service = await startNotifications(config, { ...(sender === false ? {} : { sender }), logger: options.logger ?? quiet });
  t.teardown(async () => {
    await service.close();
    for (const delayMs of RETRY_DELAYS_MS) await amqp.channel.deleteQueue(retryQueueOf(queue, delayMs)).catch(() => undefined);
  });
  return {
    service,
    config,
    amqp,
    queue,
    db: mongo.client.db(database),
    sender: sender === false ? recordingSender() : sender,
    publish(event, options = {}) {
      amqp.channel.publish(exchange, routingKeyOf(event.type), Buffer.from(JSON.stringify(event)), {
        ...options,
        persistent: true,
        contentType: 'application/json',
        messageId: event.id,
        type: event.type,
      });
    },
    async list(query) {
      const res = await fetch(`${service.url}/api/notifications?${query}`);
      return { status: res.status, body: (await res.json()) as NotificationListResponse & Record<string, unknown> };
    },
  };
}

let counter = 0;

/** The contract example of `type` with its own id, the given sequence, a time `sequence` seconds in, and data changes. */
export function eventOf<T extends EventTypeName>(type: T, sequence: number, data: Partial<EventOf<T>['data']> = {}): EventOf<T> {
  const example = exampleOf(type);
  counter += 1;
  const time = new Date(Date.parse('2026-11-26T10:00:00.000Z') + sequence * 1_000).toISOString();
  return { ...example, id: `ev-${process.pid}-${counter}-${sequence}`, sequence, time, data: { ...example.data, ...data } } as EventOf<T>;
}
