/**
 * Proxy speed (a benchmark, not a test). One upstream; autocannon in this process; each
 * target in its own child process:
 *   direct   straight to the upstream
 *   bare     @fastify/http-proxy with minimal config
 *   peel     Peel with 200 features, a request log line per request (info, to a file,
 *            pino async destination) and Prometheus metrics
 *   nginx    `proxy_pass` with upstream keep-alive, access log to a file (when installed)
 * Prints req/s and p50/p99 for each, the ratios Peel/bare, Peel/direct, Peel/nginx, and
 * the p99 latency Peel adds over direct at a fixed 1,000 req/s.
 *
 *   npx tsx bench/proxy.ts [--seconds 5] [--connections 50]
 */
import { parseArgs } from 'node:util';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startNginx } from './proxy/nginx.ts';
import { startRole, type Child } from './proxy/child.ts';

const GOAL_PEEL_OVER_BARE = 1.0;
const GOAL_ADDED_P99_MS = 2;
const FIXED_RATE = 1_000;
const PATH = '/api/f151/42';

interface Result {
  name: string;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '5' }, connections: { type: 'string', default: '50' } } });
const seconds = Number(values.seconds);
const connections = Number(values.connections);

async function load(name: string, url: string, options: { seconds: number; connections: number; overallRate?: number }): Promise<Result> {
  const durations: number[] = [];
  const instance = autocannon({ url, connections: options.connections, duration: options.seconds, ...(options.overallRate ? { overallRate: options.overallRate } : {}) });
  // autocannon's own histogram has 1 ms resolution; keep the exact durations instead.
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, ms: number) => {
    if (statusCode === 200) durations.push(ms);
  });
  const result = await instance;
  durations.sort((a, b) => a - b);
  const at = (q: number): number => round(durations[Math.min(durations.length - 1, Math.floor(q * durations.length))] ?? 0);
  return { name, rps: Math.round(durations.length / options.seconds), p50Ms: at(0.5), p99Ms: at(0.99), errors: result.errors + result.non2xx + result.timeouts };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

async function measure(name: string, url: string): Promise<Result> {
  await load(name, url, { seconds: 1, connections });
  return load(name, url, { seconds, connections });
}

const children: Child[] = [];
try {
  const upstream = await startRole('upstream', []);
  children.push(upstream);
  const upstreamUrl = `http://127.0.0.1:${upstream.port}`;
  const bare = await startRole('bare', [upstreamUrl]);
  children.push(bare);
  const logFile = join(mkdtempSync(join(tmpdir(), 'peel-bench-')), 'requests.log');
  const peel = await startRole('peel', [upstreamUrl, logFile]);
  children.push(peel);
  const nginx = await startNginx(upstream.port);
  if (nginx) children.push(nginx);

  const results: Result[] = [];
  results.push(await measure('direct', `${upstreamUrl}${PATH}`));
  results.push(await measure('bare @fastify/http-proxy', `http://127.0.0.1:${bare.port}${PATH}`));
  results.push(await measure('peel (200 features, log, metrics)', `http://127.0.0.1:${peel.port}${PATH}`));
  if (nginx) results.push(await measure('nginx proxy_pass keepalive', `http://127.0.0.1:${nginx.port}${PATH}`));

  console.log(`\nthroughput: ${seconds} s per target, ${connections} connections, GET ${PATH}`);
  console.table(results);
  const [direct, bareResult, peelResult, nginxResult] = results as [Result, Result, Result, Result | undefined];
  const ratio = (a: Result, b: Result): string => (a.rps / b.rps).toFixed(2);
  console.log(`Peel/bare   ${ratio(peelResult, bareResult)}  (goal >= ${GOAL_PEEL_OVER_BARE})`);
  console.log(`Peel/direct ${ratio(peelResult, direct)}`);
  console.log(nginxResult ? `Peel/nginx  ${ratio(peelResult, nginxResult)}` : 'Peel/nginx  n/a (nginx not installed: apt-get install -y nginx)');

  await load('warmup', `${upstreamUrl}${PATH}`, { seconds: 1, connections: 10, overallRate: FIXED_RATE });
  const directFixed = await load('direct @1000/s', `${upstreamUrl}${PATH}`, { seconds, connections: 10, overallRate: FIXED_RATE });
  const peelFixed = await load('peel @1000/s', `http://127.0.0.1:${peel.port}${PATH}`, { seconds, connections: 10, overallRate: FIXED_RATE });
  console.log(`\nfixed rate: ${FIXED_RATE} req/s for ${seconds} s`);
  console.table([directFixed, peelFixed]);
  const added = round(peelFixed.p99Ms - directFixed.p99Ms);
  console.log(`p99 added by Peel at ${FIXED_RATE} req/s: ${added} ms (goal <= ${GOAL_ADDED_P99_MS} ms)`);
} finally {
  for (const child of children.reverse()) await child.stop();
}
