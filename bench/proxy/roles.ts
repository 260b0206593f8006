/**
 * The processes of bench/proxy.ts, each started as its own child so the load generator,
 * the proxy under test and the upstream do not share an event loop:
 *   tsx bench/proxy/roles.ts upstream
 *   tsx bench/proxy/roles.ts bare <upstreamUrl>
 *   tsx bench/proxy/roles.ts peel <upstreamUrl> <logFile>
 * Each prints `ready <port>` once listening.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import httpProxy from '@fastify/http-proxy';
import pino from 'pino';
import { FeatureTable, type FeatureInput } from '#contracts';
import { createLogger } from '#lib';
import { buildProxyServer } from '#proxy';

const BODY = JSON.stringify({ id: 42, name: 'bench product', price: 1999, tags: ['a', 'b', 'c'] });
export const FEATURE_COUNT = 200;

async function upstream(): Promise<number> {
  const server = createServer({ keepAliveTimeout: 60_000 }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BODY) });
    res.end(BODY);
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return (server.address() as AddressInfo).port;
}

async function bare(upstreamUrl: string): Promise<number> {
  const app = Fastify({ logger: false });
  await app.register(httpProxy, { upstream: upstreamUrl });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return (app.server.address() as AddressInfo).port;
}

/** 200 features, half of them on a service; both upstream names point at the one upstream. */
export function benchTable(upstreamUrl: string): FeatureTable {
  const features: FeatureInput[] = Array.from({ length: FEATURE_COUNT }, (_, i) => ({
    name: `feature-${i}`,
    match: { methods: ['GET', 'POST'], paths: [`/api/f${i}`, `/api/f${i}/:id`, `/api/f${i}/:id/items/*`] },
    ...(i % 2 === 1 ? { owner: 'svc', mode: 'service' as const } : {}),
  }));
  return FeatureTable.parse({ upstreams: { legacy: { urls: [upstreamUrl] }, svc: { urls: [upstreamUrl] } }, features });
}

async function peel(upstreamUrl: string, logFile: string): Promise<number> {
  const table = benchTable(upstreamUrl);
  const snapshot = Object.freeze({ version: 1, table });
  const destination = pino.destination({ dest: logFile, sync: false, minLength: 8 * 1024 });
  const proxy = buildProxyServer({ source: { current: () => snapshot }, logger: createLogger('proxy', { destination, level: 'info' }), progressIntervalMs: 60_000 });
  const { port } = await proxy.listen(0, '127.0.0.1');
  return port;
}

const [role, ...args] = process.argv.slice(2);
const start = { upstream, bare, peel } as Record<string, (...a: string[]) => Promise<number>>;
const run = role ? start[role] : undefined;
if (!run) {
  process.stderr.write(`unknown role ${role}\n`);
  process.exit(2);
}
const port = await run(...args);
process.stdout.write(`ready ${port}\n`);
// Exit through process.exit so `--cpu-prof` writes its profile when the bench stops us.
process.on('SIGTERM', () => process.exit(0));
