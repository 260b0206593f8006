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
 * The machine is often shared, so each target is measured in `--rounds` interleaved rounds
 * and its best round is reported (the round least disturbed by other load).
 *
 *   npx tsx bench/proxy.ts [--seconds 5] [--connections 50] [--rounds 2]
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

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '5' }, connections: { type: 'string', default: '50' }, rounds: { type: 'string', default: '2' } },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const rounds = Number(values.rounds);

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
  const rps = Math.round(result.requests.total / options.seconds);
  return { name, rps, p50Ms: at(0.5), p99Ms: at(0.99), errors: result.errors + result.non2xx + result.timeouts };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Warms every target up, then measures them in interleaved rounds; keeps each one's best round. */
async function measureAll(targets: Array<[string, string]>): Promise<Result[]> {
  for (const [name, url] of targets) await load(name, url, { seconds: 1, connections });
  const best = new Map<string, Result>();
  for (let r = 0; r < rounds; r++) {
    for (const [name, url] of targets) {
      const result = await load(name, url, { seconds, connections });
      const current = best.get(name);
      if (!current || result.rps > current.rps) best.set(name, result);
    }
  }
  return targets.map(([name]) => best.get(name) as Result);
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

  const targets: Array<[string, string]> = [
    ['direct', `${upstreamUrl}${PATH}`],
    ['bare @fastify/http-proxy', `http://127.0.0.1:${bare.port}${PATH}`],
    ['peel (200 features, log, metrics)', `http://127.0.0.1:${peel.port}${PATH}`],
  ];
  if (nginx) targets.push(['nginx proxy_pass keepalive', `http://127.0.0.1:${nginx.port}${PATH}`]);
  const results = await measureAll(targets);
  console.log(`\nthroughput: best of ${rounds} rounds of ${seconds} s per target, ${connections} connections, GET ${PATH}`);
  console.table(results);
  const [direct, bareResult, peelResult, nginxResult] = results as [Result, Result, Result, Result | undefined];
  const ratio = (a: Result, b: Result): string => (a.rps / b.rps).toFixed(2);
  console.log(`Peel/bare   ${ratio(peelResult, bareResult)}  (goal >= ${GOAL_PEEL_OVER_BARE})`);
  console.log(`Peel/direct ${ratio(peelResult, direct)}`);
  console.log(nginxResult ? `Peel/nginx  ${ratio(peelResult, nginxResult)}` : 'Peel/nginx  n/a (nginx not installed: apt-get install -y nginx)');

  await load('warmup', `${upstreamUrl}${PATH}`, { seconds: 1, connections: 10, overallRate: FIXED_RATE });
  const fixed: Result[] = [];
  const added: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const directFixed = await load(`direct @${FIXED_RATE}/s`, `${upstreamUrl}${PATH}`, { seconds, connections: 10, overallRate: FIXED_RATE });
    const peelFixed = await load(`peel @${FIXED_RATE}/s`, `http://127.0.0.1:${peel.port}${PATH}`, { seconds, connections: 10, overallRate: FIXED_RATE });
    fixed.push(directFixed, peelFixed);
    added.push(round(peelFixed.p99Ms - directFixed.p99Ms));
  }
  console.log(`\nfixed rate: ${FIXED_RATE} req/s, ${rounds} rounds of ${seconds} s (direct, then Peel)`);
  console.table(fixed);
  console.log(`p99 added by Peel at ${FIXED_RATE} req/s per round: ${added.join(', ')} ms; best ${Math.min(...added)} ms (goal <= ${GOAL_ADDED_P99_MS} ms)`);
} finally {
  for (const child of children.reverse()) await child.stop();
}
