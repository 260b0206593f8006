import { Writable } from 'node:stream';
import type { Db } from 'mongodb';
import type { Test } from 'tap';
import { dataschemaOf, exampleOf, routingKeyOf, type EventOf, type PeelEvent, type ProductState } from '#contracts';
import { createLogger, type Logger } from '#lib';
import { loadCatalogConfig, startCatalog, type RunningCatalog } from '#catalog';
import { retryQueueOf } from '#runtime';
import { useAmqp, type TestAmqp } from '#test-support';
import { useMongo } from '#test-support/mongo';

export const quiet: Logger = createLogger('catalog-test', { level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });

export interface CatalogFixture {
  service: RunningCatalog;
  amqp: TestAmqp;
  db: Db;
  publish(event: PeelEvent, options?: { correlationId?: string }): void;
  get(path: string): Promise<{ status: number; body: unknown }>;
  /** A counter or gauge from `/metrics`, summed over its labels. */
  metric(name: string): Promise<number>;
}

const RETRY_DELAYS_MS = [50];

/** The catalog on port 0 with its own database, exchange and queue; all removed when the test ends. */
export async function useCatalog(t: Test, overrides: Record<string, unknown> = {}, logger: Logger = quiet): Promise<CatalogFixture> {
  const amqp = await useAmqp(t);
  const mongo = await useMongo(t);
  const exchange = amqp.exchange('cat-ex');
  const queue = amqp.queue('cat-q');
  const database = mongo.dbName('catalog');
  const config = loadCatalogConfig(
    {},
    {
      mongodbUrl: mongo.url,
      amqpUrl: amqp.url,
      exchange,
      database,
      http: { host: '127.0.0.1', port: 0 },
      consumer: { queue, retryDelaysMs: RETRY_DELAYS_MS, maxAttempts: 3 },
      logLevel: 'silent',
      ...overrides,
    },
  );
  const service = await startCatalog(config, { logger });
  t.teardown(async () => {
    await service.close();
    for (const delayMs of RETRY_DELAYS_MS) await amqp.channel.deleteQueue(retryQueueOf(queue, delayMs)).catch(() => undefined);
  });
  const get = async (path: string) => {
    const res = await fetch(`${service.url}${path}`);
    return { status: res.status, body: (await res.json()) as unknown };
  };
  return {
    service,
    amqp,
    db: mongo.client.db(database),
    publish(event, options = {}) {
      amqp.channel.publish(exchange, routingKeyOf(event.type), Buffer.from(JSON.stringify(event)), {
        ...options,
        persistent: true,
        contentType: 'application/json',
        messageId: event.id,
        type: event.type,
      });
    },
    get,
    async metric(name) {
      const text = await (await fetch(`${service.url}/metrics`)).text();
      const values = text.split('\n').filter((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
      return values.reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
    },
  };
}

type ProductEventType = 'shop.product.snapshot.v1' | 'shop.product.created.v1' | 'shop.product.updated.v1';

let counter = 0;

function envelope<T extends PeelEvent['type']>(type: T, subject: string, sequence: number, data: EventOf<T>['data'], time: string): EventOf<T> {
  counter += 1;
  return {
    id: `ev-${process.pid}-${counter}-${sequence}`,
    type,
    source: 'legacy-adapter/shop.products',
    time,
    subject,
    sequence,
    dataschema: dataschemaOf(type),
    data,
  } as EventOf<T>;
}

/** A product event in the contract's shape; the event time is `sequence` seconds after a fixed start. */
export function productEvent(type: ProductEventType, state: ProductState, sequence: number): PeelEvent {
  const time = new Date(Date.parse('2026-11-26T10:00:00.000Z') + sequence * 1_000).toISOString();
  const data = type === 'shop.product.updated.v1' ? { ...state, changedFields: ['stock', 'updatedAt'] } : state;
  return envelope(type, state.productId, sequence, data as never, time);
}

export function deletedEvent(productId: string, sequence: number): PeelEvent {
  const time = new Date(Date.parse('2026-11-26T10:00:00.000Z') + sequence * 1_000).toISOString();
  return envelope('shop.product.deleted.v1', productId, sequence, { productId, deletedAt: time }, time);
}

/** The contract's example product with another id and changes. */
export function productState(productId: string, changes: Partial<ProductState> = {}): ProductState {
  return { ...exampleOf('shop.product.snapshot.v1').data, productId, ...changes };
}

/** The end of a snapshot run's copy of the products, from `startSequence` on. */
export function snapshotCompletedEvent(startSequence: number, sequence: number): PeelEvent {
  const time = new Date(Date.parse('2026-11-26T10:00:00.000Z') + sequence * 1_000).toISOString();
  const data = { runId: `run-${startSequence}`, namespace: { db: 'shop', coll: 'products' }, startSequence, copied: 1, startedAt: time };
  return envelope('shop.product.snapshot-completed.v1', 'shop.products', sequence, data, time);
}
