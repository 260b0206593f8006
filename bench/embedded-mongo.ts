/**
 * Embedded MongoDB speed, through the official driver with a change stream open:
 * single-document inserts per second (sequential, then a few concurrent writers) and
 * change delivery latency at a fixed 1,000 changes/s (time written into the document vs
 * time the change arrives on the stream). Not a test: it prints figures and ratios.
 *
 *   npx tsx bench/embedded-mongo.ts [--inserts 10000] [--seconds 5] [--concurrency 8]
 *   node --cpu-prof --import tsx bench/embedded-mongo.ts   # to see where the time goes
 */
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient, type ChangeStream, type ChangeStreamInsertDocument, type Collection, type Document } from 'mongodb';
import { freePort, isTcpReachable, spawnPeel } from '#demo';
import { startEmbeddedMongo } from '#embedded-mongo';
import { waitFor } from '#lib';

const TARGET_INSERTS_PER_SEC = 10_000;
const TARGET_P99_MS = 5;
const RATE_PER_SEC = 1_000;

interface Options {
  inserts: number;
  seconds: number;
  concurrency: number;
  /** `child`: the server is a `peel mongo` process, as MongoDB is; `in-process`: it shares the client's thread. */
  server: 'child' | 'in-process';
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      inserts: { type: 'string', default: '10000' },
      seconds: { type: 'string', default: '5' },
      concurrency: { type: 'string', default: '8' },
      server: { type: 'string', default: 'child' },
    },
  });
  if (values.server !== 'child' && values.server !== 'in-process') throw new Error(`--server must be child or in-process, got ${String(values.server)}`);
  const positive = (name: keyof typeof values): number => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${String(values[name])}`);
    return n;
  };
  return { inserts: positive('inserts'), seconds: positive('seconds'), concurrency: positive('concurrency'), server: values.server };
}

/** Counts the stream's changes and keeps arrival latencies of documents that carry `sentAt`. */
class StreamProbe {
  received = 0;
  live = false;
  latenciesMs: number[] = [];
  private waiters: Array<{ count: number; resolve: () => void }> = [];

  constructor(stream: ChangeStream<Document, ChangeStreamInsertDocument>) {
    stream.on('change', (change) => {
      this.live = true;
      if (change.fullDocument?.kind === 'sentinel') return;
      const sentAt = change.fullDocument?.sentAt as number | undefined;
      if (sentAt !== undefined) this.latenciesMs.push(performance.now() - sentAt);
      this.received++;
      this.waiters = this.waiters.filter((w) => (this.received >= w.count ? (w.resolve(), false) : true));
    });
  }

  /** Resolves once `count` changes arrived in total, or fails after `timeoutMs`. */
  async reach(count: number, timeoutMs = 60_000): Promise<void> {
    if (this.received >= count) return;
    const arrived = new Promise<void>((resolve) => this.waiters.push({ count, resolve }));
    const timeout = sleep(timeoutMs).then(() => {
      throw new Error(`the change stream delivered ${this.received} of ${count} changes within ${timeoutMs} ms`);
    });
    await Promise.race([arrived, timeout]);
  }
}

/** The cheapest round trip through the same driver and server: the baseline for this machine, now. */
async function pingSequential(client: MongoClient, count: number): Promise<number> {
  const admin = client.db('admin');
  const started = performance.now();
  for (let i = 0; i < count; i++) await admin.command({ ping: 1 });
  return count / ((performance.now() - started) / 1000);
}

async function insertSequential(coll: Collection, count: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i++) await coll.insertOne({ i, kind: 'sequential' });
  return count / ((performance.now() - started) / 1000);
}

async function insertConcurrent(coll: Collection, count: number, concurrency: number): Promise<number> {
  const perWorker = Math.ceil(count / concurrency);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (let i = 0; i < perWorker; i++) await coll.insertOne({ w, i, kind: 'concurrent' });
    }),
  );
  return (perWorker * concurrency) / ((performance.now() - started) / 1000);
}

/** Inserts at a fixed rate, each document stamped with its send time. */
async function insertPaced(coll: Collection, seconds: number): Promise<number> {
  const total = RATE_PER_SEC * seconds;
  const started = performance.now();
  const inFlight = new Set<Promise<unknown>>();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * RATE_PER_SEC) + 1);
    for (; sent < due; sent++) {
      const p = coll.insertOne({ i: sent, kind: 'paced', sentAt: performance.now() }).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await sleep(1);
  }
  await Promise.all(inFlight);
  return total;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** One figure; `ratio` is measured/target (>= 1 meets it), absent for figures without a target. */
function report(label: string, value: string, ratio?: number): void {
  const verdict = ratio === undefined ? '' : `   ratio to target ${ratio.toFixed(2)}${ratio >= 1 ? '' : '  (BELOW TARGET)'}`;
  process.stdout.write(`${label.padEnd(48)} ${value.padStart(10)}${verdict}\n`);
}

/** `peel mongo` as a child process on a free port, the way a real deployment runs MongoDB apart from its clients. */
async function startChildServer(): Promise<{ url: string; close(): Promise<void> }> {
  const port = await freePort();
  const child = spawnPeel('mongo', ['mongo', '--port', String(port)], { ...process.env, LOG_LEVEL: 'warn' }, (line) => process.stderr.write(`${line.text}\n`));
  await waitFor('peel mongo to accept connections', () => isTcpReachable('127.0.0.1', port, 500), { timeoutMs: 30_000 });
  return {
    url: `mongodb://127.0.0.1:${port}/?replicaSet=rs0`,
    close: async () => {
      await child.stop();
    },
  };
}

async function main(): Promise<void> {
  const options = readOptions();
  const server = options.server === 'child' ? await startChildServer() : await startEmbeddedMongo({ port: 0 });
  const client = new MongoClient(server.url);
  try {
    await client.connect();
    const coll = client.db('bench').collection(`items_${process.pid}`);
    await insertSequential(coll, Math.min(1000, options.inserts));
    const pings = await pingSequential(client, options.inserts);
    // The same inserts before any stream is open: what the stream costs is the difference.
    const unwatched = await insertSequential(coll, options.inserts);
    const stream = coll.watch<Document, ChangeStreamInsertDocument>([{ $match: { operationType: 'insert' } }]);
    const probe = new StreamProbe(stream);
    // The stream is live once it delivers a change made after it opened.
    await waitUntilLive(coll, probe);

    const warmup = Math.min(1000, options.inserts);
    await insertSequential(coll, warmup);
    let expected = warmup;
    await probe.reach(expected);

    const sequential = await insertSequential(coll, options.inserts);
    expected += options.inserts;
    await probe.reach(expected);
    const concurrent = await insertConcurrent(coll, options.inserts, options.concurrency);
    expected += Math.ceil(options.inserts / options.concurrency) * options.concurrency;
    await probe.reach(expected);

    probe.latenciesMs = [];
    expected += await insertPaced(coll, options.seconds);
    await probe.reach(expected);
    const latencies = probe.latenciesMs.sort((a, b) => a - b);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);

    const where = options.server === 'child' ? 'server in its own process (peel mongo)' : 'server in the client process';
    process.stdout.write(`embedded-mongo, driver over TCP, one change stream open, ${where} (node ${process.version})\n`);
    // Client and server share one thread here; on a busy machine the figures measure the contention.
    process.stdout.write(`load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores\n`);
    report('ping round trips/s, sequential (baseline)', pings.toFixed(0));
    report('inserts/s, sequential, no stream open (baseline)', unwatched.toFixed(0));
    report('inserts/s, sequential awaits (target 10,000)', sequential.toFixed(0), sequential / TARGET_INSERTS_PER_SEC);
    process.stdout.write(
      `an insert costs ${(pings / unwatched).toFixed(1)} ping round trips without a stream, ${(pings / sequential).toFixed(1)} with one open\n`,
    );
    report(`inserts/s, ${options.concurrency} concurrent writers (target 10,000)`, concurrent.toFixed(0), concurrent / TARGET_INSERTS_PER_SEC);
    report(`delivery p50 ms at ${RATE_PER_SEC}/s`, p50.toFixed(2));
    report(`delivery p99 ms at ${RATE_PER_SEC}/s (target < 5 ms)`, p99.toFixed(2), TARGET_P99_MS / p99);
    process.stdout.write(`changes delivered: ${probe.received} (every insert arrived on the stream)\n`);
    await stream.close();
  } finally {
    await client.close();
    await server.close();
  }
}

async function waitUntilLive(coll: Collection, probe: StreamProbe): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!probe.live) {
    if (Date.now() > deadline) throw new Error('the change stream did not start within 10 s');
    await coll.insertOne({ kind: 'sentinel' });
    await sleep(20);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
