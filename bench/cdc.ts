// Change-data capture benchmark: MongoDB change → event store → RabbitMQ confirm.
// Prints the adapter's throughput against a raw amqplib confirm-channel ceiling measured
// in the same run, and capture and end-to-end lag at a fixed change rate.
//   npx tsx bench/cdc.ts      (BENCH_UPDATES=20000 BENCH_RATE=1000; MONGODB_URL to use a real server)
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import amqp, { type ChannelModel, type ConsumeMessage } from 'amqplib';
import { MongoClient, type ObjectId } from 'mongodb';
import { AdapterConfig } from '#contracts';
import { createLogger, parseConfig, waitFor } from '#lib';
import { createAdapter, type Adapter, type StoredEvent } from '#adapter';

const UPDATES = Number(process.env.BENCH_UPDATES ?? 20_000);
const RATE = Number(process.env.BENCH_RATE ?? 1_000);
const PRODUCTS = 1_000;
const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const WINDOW = 512;
const run = `${process.pid}-${Date.now().toString(36)}`;
const names = { shop: `bench_shop_${run}`, adapter: `bench_adapter_${run}`, exchange: `bench.cdc.${run}`, queue: `bench.cdc.${run}` };

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  return typeof address === 'object' && address ? address.port : 0;
}

/** The embedded server in its own process, so it does not share the adapter's event loop. */
async function startMongo(): Promise<{ url: string; child?: ChildProcess }> {
  if (process.env.MONGODB_URL) return { url: process.env.MONGODB_URL };
  const port = await freePort();
  const peel = fileURLToPath(new URL('../bin/peel.js', import.meta.url));
  const child = spawn(process.execPath, [...(process.env.BENCH_PROFILE_MONGO ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_MONGO}`] : []), peel, 'mongo', '--port', String(port)], { stdio: 'ignore', env: { ...process.env, LOG_LEVEL: 'warn' } });
  const url = `mongodb://127.0.0.1:${port}/?replicaSet=rs0`;
  await waitFor('the embedded MongoDB', async () => {
    const probe = new MongoClient(url, { serverSelectionTimeoutMS: 500 });
    try {
      await probe.connect();
      return true;
    } finally {
      await probe.close();
    }
  }, { timeoutMs: 30_000, intervalMs: 200 });
  return { url, child };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Runs `count` operations with at most `concurrency` in flight. */
async function pipelined(count: number, concurrency: number, op: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) await op(next++);
  }));
}

/** Runs `count` operations at `perSecond`, issued in 10 ms ticks, without waiting for each to finish. */
async function paced(count: number, perSecond: number, op: (i: number) => Promise<unknown>): Promise<number> {
  const start = performance.now();
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    pending.push(op(i));
  }
  await Promise.all(pending);
  return count / ((performance.now() - start) / 1000);
}

async function rawCeiling(connection: ChannelModel, size: number): Promise<number> {
  const confirm = await connection.createConfirmChannel();
  const body = Buffer.alloc(size, 'x');
  let inFlight = 0;
  let wake: (() => void) | undefined;
  const start = performance.now();
  for (let i = 0; i < UPDATES; i++) {
    while (inFlight >= WINDOW) await new Promise<void>((resolve) => (wake = resolve));
    inFlight += 1;
    const ok = confirm.publish(names.exchange, 'shop.product.updated', body, { persistent: true, mandatory: true, messageId: `raw-${i}`, contentType: 'application/json' }, () => {
      inFlight -= 1;
      wake?.();
    });
    if (!ok) await once(confirm, 'drain');
  }
  await confirm.waitForConfirms();
  const rate = UPDATES / ((performance.now() - start) / 1000);
  await confirm.close();
  return rate;
}

async function main(): Promise<void> {
  const mongo = await startMongo();
  const client = new MongoClient(mongo.url);
  await client.connect();
  const products = client.db(names.shop).collection('products');
  const now = new Date();
  const seeded = Array.from({ length: PRODUCTS }, (_, i) => ({ sku: `SKU-${i}`, name: `Product ${i}`, description: 'bench', category: 'bench', price: { amountMinor: 100, currency: 'EUR' }, stock: 0, createdAt: now, updatedAt: now }));
  await products.insertMany(seeded);
  const ids = (await products.find({}, { projection: { _id: 1 } }).toArray()).map((d) => d._id as ObjectId);
  const update = (i: number) => products.updateOne({ _id: ids[i % ids.length] }, { $set: { stock: i, updatedAt: new Date() } });

  const connection = await amqp.connect(AMQP_URL);
  const channel = await connection.createChannel();
  await channel.assertExchange(names.exchange, 'topic', { durable: true });
  await channel.assertQueue(names.queue, { exclusive: true, durable: false });
  await channel.bindQueue(names.queue, names.exchange, '#');
  let phase: 'throughput' | 'raw' | 'lag' = 'throughput';
  const received = { throughput: 0, raw: 0, lag: 0 };
  const e2e: number[] = [];
  let bodyBytes = 0;
  await channel.consume(names.queue, (msg: ConsumeMessage | null) => {
    if (!msg) return;
    received[phase] += 1;
    if (phase === 'throughput') bodyBytes += msg.content.length;
    if (phase === 'lag') e2e.push(Date.now() - Date.parse((JSON.parse(msg.content.toString()) as StoredEvent).time));
  }, { noAck: true });

  const config = parseConfig(AdapterConfig, {
    mongodbUrl: mongo.url, amqpUrl: AMQP_URL, database: names.adapter, watch: [{ db: names.shop }], exchange: names.exchange,
    statsIntervalMs: 0, snapshot: { onFirstStart: false }, relay: { windowSize: WINDOW },
  }, 'bench');
  const logger = createLogger('legacy-adapter', { level: process.env.LOG_LEVEL ?? 'warn' });
  const ready = async (): Promise<Adapter> => {
    const adapter = await createAdapter(config, { logger });
    await adapter.start();
    await waitFor('the adapter to be ready', () => adapter.status().ready, { timeoutMs: 30_000 });
    return adapter;
  };

  // 1. Throughput: the updates are made while the adapter is down, then it works through them.
  const first = await ready();
  await first.close();
  const writeStart = performance.now();
  await pipelined(UPDATES, 32, update);
  const writeRate = UPDATES / ((performance.now() - writeStart) / 1000);
  const start = performance.now();
  const adapter = await ready();
  await waitFor('every update confirmed', async () => (await adapter.metrics.count(adapter.metrics.published)) >= UPDATES, { timeoutMs: 300_000, intervalMs: 5 });
  const adapterRate = UPDATES / ((performance.now() - start) / 1000);
  await waitFor('every update received', () => received.throughput >= UPDATES, { timeoutMs: 60_000 });
  const size = Math.round(bodyBytes / received.throughput);

  // 2. The ceiling: raw confirm-channel publishing of as many messages of the same size.
  phase = 'raw';
  const rawRate = await rawCeiling(connection, size);
  await waitFor('every raw message received', () => received.raw >= UPDATES, { timeoutMs: 60_000 });

  // 3. Lag at a fixed change rate.
  phase = 'lag';
  const captureLag: number[] = [];
  adapter.store.on('appended', ({ events }: { events: StoredEvent[] }) => {
    const at = Date.now();
    for (const event of events) captureLag.push(at - Date.parse(event.time));
  });
  const achieved = await paced(UPDATES, RATE, update);
  await waitFor('every paced update received', () => received.lag >= UPDATES, { timeoutMs: 120_000 });

  await adapter.close();
  await channel.deleteExchange(names.exchange).catch(() => undefined);
  await connection.close();
  await client.db(names.shop).dropDatabase();
  await client.db(names.adapter).dropDatabase();
  await client.close();
  mongo.child?.kill('SIGTERM');

  const ratio = adapterRate / rawRate;
  const p99 = percentile(e2e, 99);
  const lines = [
    `cdc bench: ${UPDATES} updates, ${size}-byte events, window ${WINDOW}, mongo ${process.env.MONGODB_URL ? 'MONGODB_URL' : 'embedded (child process)'}`,
    `  legacy writes (32 in flight):        ${writeRate.toFixed(0)} updates/s`,
    `  adapter, change → broker confirm:    ${adapterRate.toFixed(0)} events/s`,
    `  raw amqplib confirm channel:         ${rawRate.toFixed(0)} msgs/s`,
    `  ratio adapter / raw:                 ${ratio.toFixed(2)} (goal >= 0.70: ${ratio >= 0.7 ? 'met' : 'NOT met'})`,
    `  at ${achieved.toFixed(0)} changes/s (target ${RATE}/s):`,
    `    capture lag (commit → stored):     p50 ${percentile(captureLag, 50)} ms, p99 ${percentile(captureLag, 99)} ms`,
    `    end-to-end (commit → consumer):    p50 ${percentile(e2e, 50)} ms, p99 ${p99} ms (goal p99 <= 50 ms: ${p99 <= 50 ? 'met' : 'NOT met'})`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
