// Change-data capture benchmark: MongoDB change → event store → RabbitMQ confirm.
// Prints the adapter's throughput against a raw amqplib confirm-channel ceiling measured
// in the same run, and capture and end-to-end lag at a fixed change rate.
// The adapter runs as `peel adapter` in its own process and the embedded MongoDB in
// another, as in production; this process writes the changes and consumes the events.
//   npx tsx bench/cdc.ts      (BENCH_UPDATES=20000 BENCH_RATE=1000; MONGODB_URL to use a real server;
//                              BENCH_PROFILE_ADAPTER / BENCH_PROFILE_MONGO=<dir> write CPU profiles there)
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import amqp, { type ChannelModel, type ConsumeMessage } from 'amqplib';
import { MongoClient, type ObjectId } from 'mongodb';
import { freePort } from '#demo';
import { waitFor } from '#lib';
import type { StoredEvent } from '#adapter';

const UPDATES = Number(process.env.BENCH_UPDATES ?? 20_000);
const RATE = Number(process.env.BENCH_RATE ?? 1_000);
const PRODUCTS = 1_000;
const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const WINDOW = 512;
const CORES = availableParallelism();
const PEEL = fileURLToPath(new URL('../bin/peel.js', import.meta.url));
const run = `${process.pid}-${Date.now().toString(36)}`;
const names = { shop: `bench_shop_${run}`, adapter: `bench_adapter_${run}`, exchange: `bench.cdc.${run}`, queue: `bench.cdc.${run}` };

function profileArgs(dir: string | undefined): string[] {
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

/** The embedded server in its own process, so it does not share the adapter's event loop. */
async function startMongo(): Promise<{ url: string; child?: ChildProcess }> {
  if (process.env.MONGODB_URL) return { url: process.env.MONGODB_URL };
  const port = await freePort();
  const child = spawn(process.execPath, [...profileArgs(process.env.BENCH_PROFILE_MONGO), PEEL, 'mongo', '--port', String(port)], { stdio: 'ignore', env: { ...process.env, LOG_LEVEL: 'warn' } });
  children.add(child);
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

/** CPU seconds a process has used so far (Linux /proc; NaN elsewhere). */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** The local RabbitMQ's Erlang VM, to show its CPU share. */
function rabbitPid(): number | undefined {
  try {
    const pid = Number(execFileSync('pgrep', ['-o', 'beam.smp'], { encoding: 'utf8' }).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

type Busy = Record<'adapter' | 'mongo' | 'broker' | 'bench', number>;

/** The machine's idle and steal time so far, in seconds summed over cores (Linux /proc/stat; NaN elsewhere). */
function hostSeconds(): { idle: number; steal: number } {
  try {
    // cpu  user nice system idle iowait irq softirq steal ...
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/) ?? [];
    return { idle: (Number(fields[4]) + Number(fields[5])) / 100, steal: Number(fields[8]) / 100 };
  } catch {
    return { idle: NaN, steal: NaN };
  }
}

/** What a phase used: each process's CPU and the machine's idle and stolen time, as fractions of one core. */
interface Usage {
  busy: Busy;
  idle: number;
  /** Time the hypervisor gave these cores to someone else: a noisy neighbour, not this bench. */
  steal: number;
}

/** Starts measuring; the returned function gives the CPU use since. */
function cpuMeter(pids: Record<'adapter' | 'mongo' | 'broker', number | undefined>): () => Usage {
  const start = performance.now();
  const before = { adapter: cpuSeconds(pids.adapter), mongo: cpuSeconds(pids.mongo), broker: cpuSeconds(pids.broker), bench: process.cpuUsage(), host: hostSeconds() };
  return () => {
    const seconds = (performance.now() - start) / 1000;
    const bench = process.cpuUsage(before.bench);
    const host = hostSeconds();
    return {
      busy: {
        adapter: (cpuSeconds(pids.adapter) - before.adapter) / seconds,
        mongo: (cpuSeconds(pids.mongo) - before.mongo) / seconds,
        broker: (cpuSeconds(pids.broker) - before.broker) / seconds,
        bench: (bench.user + bench.system) / 1e6 / seconds,
      },
      idle: (host.idle - before.host.idle) / seconds,
      steal: (host.steal - before.host.steal) / seconds,
    };
  };
}

/** CPU microseconds per message summed over every process that took part. */
function perEvent(busy: Busy, rate: number): string {
  const total = Object.values(busy).reduce((sum, share) => sum + (Number.isNaN(share) ? 0 : share), 0);
  return ((total / rate) * 1e6).toFixed(0);
}

function usageLine({ busy, idle, steal }: Usage): string {
  const pct = (fraction: number) => (Number.isNaN(fraction) ? 'n/a' : `${(fraction * 100).toFixed(0)} %`);
  return `adapter ${pct(busy.adapter)}, embedded mongo ${pct(busy.mongo)}, RabbitMQ ${pct(busy.broker)}, this process ${pct(busy.bench)}, machine idle ${pct(idle)}, stolen ${pct(steal)} (of one core)`;
}

interface AdapterProcess {
  pid: number | undefined;
  /** Events the broker has confirmed, from the adapter's /metrics. */
  published(): Promise<number>;
  metrics(): Promise<string>;
  stop(): Promise<void>;
}

/** `peel adapter` as its own process, ready once its /readyz answers 200. */
async function startAdapter(mongodbUrl: string): Promise<AdapterProcess> {
  const port = await freePort();
  const env = {
    ...process.env, MONGODB_URL: mongodbUrl, AMQP_URL, ADAPTER_DATABASE: names.adapter, ADAPTER_WATCH: names.shop, PEEL_EXCHANGE: names.exchange,
    ADAPTER_HOST: '127.0.0.1', ADAPTER_PORT: String(port), ADAPTER_SNAPSHOT_ON_FIRST_START: 'false', ADAPTER_RELAY_WINDOW: String(WINDOW),
    ADAPTER_STATS_INTERVAL_MS: '0', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  };
  const child = spawn(process.execPath, [...profileArgs(process.env.BENCH_PROFILE_ADAPTER), PEEL, 'adapter'], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  children.add(child);
  const exited = once(child, 'exit');
  const base = `http://127.0.0.1:${port}`;
  const metrics = async (): Promise<string> => (await fetch(`${base}/metrics`)).text();
  await waitFor('the adapter to be ready', async () => (await fetch(`${base}/readyz`)).ok, { timeoutMs: 30_000, intervalMs: 50 });
  return {
    pid: child.pid,
    metrics,
    async published() {
      const match = /^peel_adapter_events_published_total (\d+)/m.exec(await metrics());
      return Number(match?.[1] ?? 0);
    },
    async stop() {
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      if (code !== 0) throw new Error(`the adapter exited with ${String(code)}`);
    },
  };
}

/**
 * How the tail is spread over the run (one stall shows as one bad second, a steady tail as
 * many), and the CPU time the hypervisor took from this machine in the bad seconds and the others.
 */
function secondsLine(latencies: number[], arrivals: number[], start: number, stealBySecond: number[]): string {
  const seconds = new Map<number, number[]>();
  latencies.forEach((ms, i) => {
    const second = Math.floor(((arrivals[i] ?? start) - start) / 1000);
    let bucket = seconds.get(second);
    if (!bucket) seconds.set(second, (bucket = []));
    bucket.push(ms);
  });
  const bad: number[] = [];
  const good: number[] = [];
  const p99s: number[] = [];
  for (const [second, bucket] of seconds) {
    const p99 = percentile(bucket, 99);
    p99s.push(p99);
    const steal = stealBySecond[second];
    if (steal !== undefined) (p99 > 50 ? bad : good).push(steal);
  }
  p99s.sort((a, b) => a - b);
  const mean = (values: number[]) => (values.length === 0 ? 'n/a' : `${((values.reduce((a, b) => a + b, 0) / values.length) * 1000).toFixed(0)} ms`);
  return (
    `p99 > 50 ms in ${bad.length} of ${p99s.length} seconds; per-second p99 median ${percentile(p99s, 50)} ms, worst ${p99s.at(-1) ?? 0} ms; max ${Math.max(...latencies)} ms\n` +
    `      CPU stolen per second:           ${mean(bad)} in those seconds, ${mean(good)} in the others`
  );
}

/** Steal seconds (summed over cores) in each whole second from `start`, sampled until stop(). */
function sampleStealPerSecond(start: number): { stop(): number[] } {
  const steal: number[] = [];
  let last = hostSeconds().steal;
  const timer = setInterval(() => {
    const now = hostSeconds().steal;
    steal[Math.round((Date.now() - start) / 1000) - 1] = now - last;
    last = now;
  }, 1000);
  return {
    stop() {
      clearInterval(timer);
      return steal;
    },
  };
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

/** Cumulative bucket counts of one Prometheus histogram, by upper bound in seconds. */
type Buckets = Map<number, number>;

function histogram(metricsText: string, name: string): Buckets {
  const buckets: Buckets = new Map();
  for (const match of metricsText.matchAll(new RegExp(`^${name}_bucket\\{le="([^"]+)"\\} (\\d+)`, 'gm'))) {
    buckets.set(match[1] === '+Inf' ? Infinity : Number(match[1]), Number(match[2]));
  }
  return buckets;
}

/**
 * The p-th percentile, in ms, of what was observed between two snapshots of a histogram,
 * interpolated within its bucket as Prometheus' histogram_quantile does.
 */
function bucketPercentile(before: Buckets, after: Buckets, p: number): number {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const count = (le: number) => (after.get(le) ?? 0) - (before.get(le) ?? 0);
  const total = count(Infinity);
  const rank = (p / 100) * total;
  let lower = 0;
  for (const le of bounds) {
    if (count(le) >= rank) {
      if (le === Infinity) return lower * 1000;
      const below = lower === 0 ? 0 : count(lower);
      return (lower + ((le - lower) * (rank - below)) / Math.max(1, count(le) - below)) * 1000;
    }
    lower = le;
  }
  return NaN;
}

/** The embedded server's event loop delay (its own serverStatus section), optionally starting a new window; n/a on a real server. */
async function mongoLoopDelay(client: MongoClient, reset: boolean): Promise<string> {
  const status = await client.db('admin').command({ serverStatus: 1, ...(reset ? { peelEventLoopReset: true } : {}) });
  const loop = status.peelEventLoop as { delayMs: { p99: number; max: number } } | undefined;
  return loop ? `p99 ${loop.delayMs.p99.toFixed(0)} ms, max ${loop.delayMs.max.toFixed(0)} ms` : 'n/a';
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
  /** When each end-to-end sample arrived, to tell a steady tail from a few bad seconds. */
  const e2eAt: number[] = [];
  let bodyBytes = 0;
  await channel.consume(names.queue, (msg: ConsumeMessage | null) => {
    if (!msg) return;
    received[phase] += 1;
    if (phase === 'throughput') bodyBytes += msg.content.length;
    if (phase === 'lag') {
      const now = Date.now();
      e2e.push(now - Date.parse((JSON.parse(msg.content.toString()) as StoredEvent).time));
      e2eAt.push(now);
    }
  }, { noAck: true });

  // 1. Throughput: the updates are made while the adapter is down, then it works through them.
  await (await startAdapter(mongo.url)).stop();
  const writeStart = performance.now();
  await pipelined(UPDATES, 32, update);
  const writeRate = UPDATES / ((performance.now() - writeStart) / 1000);
  const adapter = await startAdapter(mongo.url);
  // Timed from readiness, so the process start (and, from sources, tsx compiling) is left out.
  const start = performance.now();
  const cpu = cpuMeter({ adapter: adapter.pid, mongo: mongo.child?.pid, broker: rabbitPid() });
  const before = await adapter.published();
  // Every scrape costs the adapter a little CPU: 20 a second keep that and the timing error small.
  await waitFor('every update confirmed', async () => (await adapter.published()) >= UPDATES, { timeoutMs: 300_000, intervalMs: 50 });
  const seconds = (performance.now() - start) / 1000;
  const adapterRate = (UPDATES - before) / seconds;
  const busy = cpu();
  await waitFor('every update received', () => received.throughput >= UPDATES, { timeoutMs: 60_000 });
  const size = Math.round(bodyBytes / received.throughput);

  // 2. The ceiling: raw confirm-channel publishing of as many messages of the same size.
  phase = 'raw';
  const rawCpu = cpuMeter({ adapter: adapter.pid, mongo: mongo.child?.pid, broker: rabbitPid() });
  const rawRate = await rawCeiling(connection, size);
  const rawBusy = rawCpu();
  await waitFor('every raw message received', () => received.raw >= UPDATES, { timeoutMs: 60_000 });

  // 3. Lag at a fixed change rate.
  phase = 'lag';
  const lagStart = Date.now();
  // The adapter's own histograms: commit → stored and commit → broker confirm.
  const latencyBefore = await adapter.metrics();
  const lagCpu = cpuMeter({ adapter: adapter.pid, mongo: mongo.child?.pid, broker: rabbitPid() });
  const stealSampler = sampleStealPerSecond(lagStart);
  // A stall in this process (the consumer) would show as end-to-end latency too.
  const benchLoop = monitorEventLoopDelay({ resolution: 10 });
  benchLoop.enable();
  await mongoLoopDelay(client, true);
  const achieved = await paced(UPDATES, RATE, update);
  await waitFor('every paced update received', () => received.lag >= UPDATES, { timeoutMs: 120_000 });
  const lagBusy = lagCpu();
  const stealBySecond = stealSampler.stop();
  const latencyAfter = await adapter.metrics();
  benchLoop.disable();
  // Both monitors sample every 10 ms and report the whole interval: the delay is what is beyond it.
  const beyond = (ms: number) => `${Math.max(0, ms - 10).toFixed(0)} ms`;
  const gauge = (text: string, name: string) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1]) * 1000;
  const loopDelay = `adapter p99 ${beyond(gauge(latencyAfter, 'nodejs_eventloop_lag_p99_seconds'))}, max ${beyond(gauge(latencyAfter, 'nodejs_eventloop_lag_max_seconds'))}; ` +
    `this process (the consumer) p99 ${beyond(benchLoop.percentile(99) / 1e6)}, max ${beyond(benchLoop.max / 1e6)}; ` +
    `embedded mongo ${await mongoLoopDelay(client, false)}`;
  const latency = (name: string, p: number) => bucketPercentile(histogram(latencyBefore, name), histogram(latencyAfter, name), p).toFixed(1);
  const capture = (p: number) => latency('peel_adapter_capture_latency_seconds', p);
  const delivery = (p: number) => latency('peel_adapter_delivery_latency_seconds', p);

  await adapter.stop();
  await channel.deleteExchange(names.exchange).catch(() => undefined);
  await connection.close();
  await client.db(names.shop).dropDatabase();
  await client.db(names.adapter).dropDatabase();
  await client.close();
  mongo.child?.kill('SIGTERM');

  const ratio = adapterRate / rawRate;
  const p99 = percentile(e2e, 99);
  const lines = [
    `cdc bench: ${UPDATES} updates, ${size}-byte events, window ${WINDOW}, adapter as its own process, mongo ${process.env.MONGODB_URL ? 'MONGODB_URL' : 'embedded (own process)'}`,
    `  legacy writes (32 in flight):        ${writeRate.toFixed(0)} updates/s`,
    `  adapter, change → broker confirm:    ${adapterRate.toFixed(0)} events/s`,
    `    CPU meanwhile: ${usageLine(busy)}; adapter ${((busy.busy.adapter / adapterRate) * 1e6).toFixed(0)} µs of CPU per event`,
    `  raw amqplib confirm channel:         ${rawRate.toFixed(0)} msgs/s`,
    `    CPU meanwhile: ${usageLine(rawBusy)}`,
    `  CPU per message, all processes:      adapter pipeline ${perEvent(busy.busy, adapterRate)} µs, raw publishing ${perEvent(rawBusy.busy, rawRate)} µs (${CORES} cores here)`,
    `  ratio adapter / raw:                 ${ratio.toFixed(2)} (goal >= 0.70: ${ratio >= 0.7 ? 'met' : 'NOT met'})`,
    `  at ${achieved.toFixed(0)} changes/s (target ${RATE}/s):`,
    `    capture (commit → stored):         p50 ${capture(50)} ms, p99 ${capture(99)} ms  (adapter histogram, interpolated)`,
    `    delivery (commit → broker confirm): p50 ${delivery(50)} ms, p99 ${delivery(99)} ms  (adapter histogram, interpolated)`,
    `    CPU meanwhile: ${usageLine(lagBusy)}; adapter ${((lagBusy.busy.adapter / achieved) * 1e6).toFixed(0)} µs of CPU per event`,
    `    end-to-end (commit → consumer):    p50 ${percentile(e2e, 50)} ms, p99 ${p99} ms (goal p99 <= 50 ms: ${p99 <= 50 ? 'met' : 'NOT met'})`,
    `      by second:                       ${secondsLine(e2e, e2eAt, lagStart, stealBySecond)}`,
    `    event loop delay meanwhile:        ${loopDelay}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Child processes to stop if the bench fails half-way, so none outlives it. */
const children = new Set<ChildProcess>();

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  for (const child of children) child.kill('SIGKILL');
  process.exit(1);
});
