import { createServer } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import t, { type Test } from 'tap';
import { request } from 'undici';
import type { AdapterStatus, FeatureTableInput } from '#contracts';
import { waitFor } from '#lib';
import { run } from '../src/features-cli-status.ts';
import { closeServer, startUpstream } from './helpers/echo-upstream.ts';
import { closedPortUrl } from './helpers/free-port.ts';
import { startRunningProxy } from './helpers/running-proxy.ts';

const TOKEN = 'status-cli-token-0123456789abcdef';
const ADAPTER: AdapterStatus = {
  ready: true,
  reasons: [],
  capture: { lastSequence: 120, lastEventTime: '2026-11-27T01:00:00.000Z', lagMs: 15 },
  relay: { lastPublishedSequence: 117, lagEvents: 3, lagMs: 250, blocked: false },
};

/** A stand-in for the adapter's HTTP listener: `/status` answers the AdapterStatus contract. */
async function startAdapterStatus(t: Test, adapter: AdapterStatus = ADAPTER): Promise<string> {
  const server = createServer((req, res) => {
    req.resume();
    if (req.url !== '/status') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(adapter));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => closeServer(server));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function startMigratingProxy(t: Test) {
  const legacy = await startUpstream(t, 'legacy');
  const catalog = await startUpstream(t, 'catalog', (req, res) => {
    req.resume();
    if (req.url !== '/readyz') return void res.writeHead(200).end('{}');
    const lag = { ms: 320, sequence: 4, lastAppliedSequence: 116, lastAppliedTime: null };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ service: 'catalog', ready: true, lag }));
  });
  const table: FeatureTableInput = {
    upstreams: { legacy: { urls: [legacy.url] }, catalog: { urls: [catalog.url], readyzUrl: `${catalog.url}/readyz` } },
    features: [
      { name: 'products-read', match: { methods: ['GET'], paths: ['/api/products'] }, owner: 'catalog', mode: 'service' },
      { name: 'products-search', match: { methods: ['GET'], paths: ['/api/search'] }, owner: 'catalog', mode: 'canary', percent: 25 },
      { name: 'orders', match: { methods: ['GET'], paths: ['/api/orders'] } },
    ],
  };
  const running = await startRunningProxy(t, table, TOKEN, { progressIntervalMs: 50 });
  for (const path of ['/api/products', '/api/products', '/api/products', '/api/orders']) await (await request(`${running.url}${path}`)).body.dump();
  await waitFor('the catalog lag', () => running.proxy.progress().upstreams[0]?.ready === true);
  return running;
}

async function status(args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (c: Buffer) => out.push(c.toString()));
  stderr.on('data', (c: Buffer) => err.push(c.toString()));
  const code = await run(args, { stdout, stderr, env: { PEEL_ADMIN_TOKEN: TOKEN } });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

t.test('one screen: features with ownership, traffic since start, service lag, then the adapter', async (t) => {
  const running = await startMigratingProxy(t);
  const adapterUrl = await startAdapterStatus(t);
  const { code, stdout } = await status(['--admin-url', running.adminUrl, '--adapter-url', adapterUrl]);
  t.equal(code, 0);
  t.match(stdout, new RegExp(`^proxy ${running.adminUrl}: config version 0, up \\d+s; 4 requests since start, 75% served by services\\n`));
  t.match(stdout, /\nfeatures by owner: catalog: 2, legacy: 1; 1 of 3 on services, 1 in canary\n\nFEATURE\s+OWNER\s+MODE\s+PERCENT\s+REQUESTS\s+ON SERVICE\s+ERRORS L\/S\s+P99 L\/S\s+SERVICE LAG\n/);
  t.match(stdout, /\nproducts-read\s+catalog\s+service\s+100%\s+3\s+100%\s+- \/ 0%\s+- \/ [\d.]+ ms\s+320 ms, 4 events\n/);
  t.match(stdout, /\nproducts-search\s+catalog\s+canary\s+25%\s+0\s+-\s+- \/ -\s+- \/ -\s+320 ms, 4 events\n/);
  t.match(stdout, /\norders\s+legacy\s+legacy\s+0%\s+1\s+0%\s+0% \/ -\s+[\d.]+ ms \/ -\s+-\n/);
  t.match(stdout, /\nservices: catalog ready, lag 320 ms, 4 events\n/);
  t.match(stdout, new RegExp(`\\nadapter ${adapterUrl}: ready; capture lag 15 ms at sequence 120; relay lag 3 events, 250 ms\\n$`));

  const json = await status(['--json', '--admin-url', running.adminUrl, '--adapter-url', adapterUrl]);
  t.equal(json.code, 0);
  t.match(JSON.parse(json.stdout), {
    adminUrl: running.adminUrl,
    adapterUrl,
    proxy: { configVersion: 0, overall: { requests: 4 }, features: [{ feature: 'products-read', syncLag: { ms: 320, sequence: 4 } }, {}, {}] },
    owners: { catalog: ['products-read', 'products-search'], legacy: ['orders'] },
    adapter: ADAPTER,
    unreachable: [],
  });
});

t.test('an unreachable adapter is shown as such and the exit code stays 0', async (t) => {
  const running = await startMigratingProxy(t);
  const adapterUrl = await closedPortUrl();
  const { code, stdout, stderr } = await status(['--admin-url', running.adminUrl, '--adapter-url', adapterUrl]);
  t.equal(code, 0);
  t.equal(stderr, '', 'the proxy answered: nothing on stderr');
  t.match(stdout, /\nproducts-read\s+catalog/);
  t.match(stdout, new RegExp(`\\nadapter ${adapterUrl}: unreachable: ECONNREFUSED\\n\\nunreachable: adapter\\n$`));
  const json = JSON.parse((await status(['--json', '--admin-url', running.adminUrl, '--adapter-url', adapterUrl])).stdout);
  t.match(json, { adapter: null, unreachable: [{ part: 'adapter', url: adapterUrl, problem: 'ECONNREFUSED' }] });
});

t.test('without the proxy the screen says so, still shows the adapter, and exits 1', async (t) => {
  const adminUrl = await closedPortUrl();
  const adapterUrl = await startAdapterStatus(t);
  const { code, stdout, stderr } = await status(['--admin-url', adminUrl, '--adapter-url', adapterUrl]);
  t.equal(code, 1);
  t.match(stderr, /^peel status: cannot reach the admin API at .*ECONNREFUSED \(PEEL_PROXY_ADMIN_UNREACHABLE\)\n$/, 'one error line on stderr');
  t.match(stdout, new RegExp(`^proxy admin API ${adminUrl}: unreachable: .*ECONNREFUSED \\(PEEL_PROXY_ADMIN_UNREACHABLE\\)\\n\\nadapter ${adapterUrl}: ready;`));
  t.match(stdout, /\nunreachable: proxy admin API\n$/);
  const json = await status(['--json', '--admin-url', adminUrl, '--adapter-url', adapterUrl]);
  t.equal(json.code, 1);
  t.match(JSON.parse(json.stdout), { proxy: null, owners: null, adapter: { ready: true }, unreachable: [{ part: 'proxy', code: 'PEEL_PROXY_ADMIN_UNREACHABLE' }] });

  const running = await startMigratingProxy(t);
  const stdout2 = new PassThrough();
  const out: string[] = [];
  stdout2.on('data', (c: Buffer) => out.push(c.toString()));
  const refused = await run(['--admin-url', running.adminUrl, '--adapter-url', adapterUrl], { stdout: stdout2, stderr: new PassThrough(), env: { PEEL_ADMIN_TOKEN: 'wrong-token-0123456789' } });
  t.equal(refused, 1, 'a wrong token is not a proxy that answered');
  t.match(out.join(''), /^proxy admin API .*: refused: missing or wrong admin token .*\(PEEL_PROXY_ADMIN_UNAUTHORIZED\)\n/);
});

t.test('an adapter whose broker blocked publishing says so on the relay figures', async (t) => {
  const reason = 'relay: broker blocked publishing (low on memory)';
  const adapterUrl = await startAdapterStatus(t, { ...ADAPTER, ready: false, reasons: [reason], relay: { ...ADAPTER.relay, blocked: true } });
  const { stdout } = await status(['--admin-url', await closedPortUrl(), '--adapter-url', adapterUrl]);
  t.match(stdout, `\nadapter ${adapterUrl}: not ready (${reason}); capture lag 15 ms at sequence 120; relay lag 3 events, 250 ms, blocked\n`);
});

t.test('bad flags are usage errors before any request', async (t) => {
  await t.rejects(status(['--adapter-url', 'ftp://x']), { code: 'PEEL_CLI_USAGE', message: /--adapter-url expects an http\(s\) URL/ });
  await t.rejects(status(['extra']), { code: 'PEEL_CLI_USAGE', message: /unexpected argument "extra"/ });
});
