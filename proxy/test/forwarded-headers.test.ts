import t, { type Test } from 'tap';
import { rawRequest } from './helpers/raw-request.ts';
import { startUpstream } from './helpers/echo-upstream.ts';
import { startProxy, table } from './helpers/test-proxy.ts';

const TOKEN = 'a-very-secret-admin-token';
const features = [{ name: 'products', match: { methods: ['GET' as const], paths: ['/api/products'] }, owner: 'catalog', mode: 'legacy' as const }];

async function setup(t: Test, trustedProxies: string[] = [], catalogHost?: string) {
  const legacy = await startUpstream(t, 'legacy');
  const catalog = await startUpstream(t, 'catalog');
  const catalogUpstream = catalogHost ? { urls: [catalog.url], host: catalogHost } : catalog.url;
  const proxy = await startProxy(t, table({ legacy: legacy.url, catalog: catalogUpstream }, features), {
    trustedProxies,
    authorizeOverride: (value) => value === `Bearer ${TOKEN}`,
  });
  return { legacy, catalog, proxy };
}

const hostile = [
  'X-Forwarded-For: 6.6.6.6',
  'X-Forwarded-Proto: https',
  'X-Forwarded-Host: evil.example',
  'Connection: close, x-hop-listed',
  'X-Hop-Listed: 1',
  'Keep-Alive: timeout=5',
  'Proxy-Authorization: Basic Zm9vOmJhcg==',
  'TE: trailers',
  'X-Peel-Owner: service',
  'X-Peel-Authorization: Bearer wrong',
  'X-Peel-Anything: 1',
  'X-App: kept',
  'Origin: https://shop.example',
  '',
].join('\r\n');

t.test('hop-by-hop, Connection-listed and x-peel-* headers are stripped; X-Forwarded-* recomputed', async (t) => {
  const { legacy, proxy } = await setup(t);
  const res = await rawRequest(proxy.port, '/api/products', hostile);
  t.equal(res.status, 200);
  const seen = JSON.parse(res.body).headers as Record<string, string>;
  for (const name of ['x-hop-listed', 'keep-alive', 'proxy-authorization', 'te', 'x-peel-owner', 'x-peel-authorization', 'x-peel-anything']) {
    t.notOk(name in seen, `${name} not forwarded`);
  }
  t.match(seen, {
    'x-forwarded-for': '127.0.0.1',
    'x-forwarded-proto': 'http',
    'x-forwarded-host': 'test.local',
    host: 'test.local',
    'x-app': 'kept',
    origin: 'https://shop.example',
    'x-request-id': /^[0-9a-f-]{36}$/,
  });
  t.equal(legacy.seen.length, 1, 'the forged override went to legacy, the owner in force');
  t.match(res.head, new RegExp(`x-request-id: ${seen['x-request-id']}`, 'i'), 'the response carries the request id');
});

t.test('inbound X-Forwarded-* are kept and extended from trusted proxies only', async (t) => {
  const { proxy } = await setup(t, ['127.0.0.0/8']);
  const res = await rawRequest(proxy.port, '/api/products', hostile);
  t.match(JSON.parse(res.body).headers, { 'x-forwarded-for': '6.6.6.6, 127.0.0.1', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' });
});

t.test('X-Request-Id is passed on, Host is as configured, the override needs the admin token', async (t) => {
  const { catalog, proxy } = await setup(t, [], 'catalog.internal');
  const forced = await rawRequest(proxy.port, '/api/products', `X-Request-Id: req-42\r\nX-Peel-Owner: service\r\nX-Peel-Authorization: Bearer ${TOKEN}\r\n`);
  const body = JSON.parse(forced.body) as { upstream: string; headers: Record<string, string> };
  t.equal(body.upstream, 'catalog', 'the admin token enables x-peel-owner');
  t.equal(body.headers['x-request-id'], 'req-42');
  t.equal(body.headers.host, 'catalog.internal');
  t.equal(body.headers['x-forwarded-host'], 'test.local');
  t.notOk('x-peel-authorization' in body.headers, 'the admin token never goes upstream');
  t.equal(catalog.seen.length, 1);
  const log = proxy.requestLogs().at(-1);
  t.match(log, { reqId: 'req-42', owner: 'catalog', reason: 'override', feature: 'products', route: '/api/products', status: 200 });
});

t.test('response hop-by-hop headers and those the upstream lists in Connection are stripped', async (t) => {
  const legacy = await startUpstream(t, 'legacy', (req, res) => {
    req.resume();
    res.writeHead(200, { connection: 'x-upstream-hop', 'x-upstream-hop': 'secret', 'keep-alive': 'timeout=1', 'x-kept': 'yes', 'content-length': '2' });
    res.end('ok');
  });
  const proxy = await startProxy(t, table({ legacy: legacy.url }, []));
  const res = await rawRequest(proxy.port, '/');
  t.equal(res.status, 200);
  t.match(res.head, /x-kept: yes/i);
  t.notMatch(res.head, /x-upstream-hop/i);
  t.notMatch(res.head, /keep-alive: timeout=1/i);
  t.equal(res.body, 'ok');
});

t.test('method and path overrides never pass; proxy claims pass from trusted peers only', async (t) => {
  const claims = ['Forwarded: for=6.6.6.6;proto=https', 'X-Real-IP: 6.6.6.6', 'X-Forwarded-Port: 443', 'X-Forwarded-Prefix: /admin', 'True-Client-IP: 6.6.6.6'];
  const overrides = ['X-HTTP-Method-Override: DELETE', 'X-HTTP-Method: DELETE', 'X-Method-Override: DELETE', 'X-Original-URL: /api/account/secrets', 'X-Rewrite-URL: /api/account/secrets'];
  const headers = `${[...claims, ...overrides].join('\r\n')}\r\n`;
  const names = (lines: string[]) => lines.map((l) => (l.split(':')[0] as string).toLowerCase());

  const untrusted = await setup(t);
  const seen = JSON.parse((await rawRequest(untrusted.proxy.port, '/api/products', headers)).body).headers as Record<string, string>;
  for (const name of [...names(claims), ...names(overrides)]) t.notOk(name in seen, `${name} dropped from an untrusted peer`);

  const trusted = await setup(t, ['127.0.0.0/8']);
  const fromProxy = JSON.parse((await rawRequest(trusted.proxy.port, '/api/products', headers)).body).headers as Record<string, string>;
  t.match(fromProxy, { forwarded: 'for=6.6.6.6;proto=https', 'x-real-ip': '6.6.6.6', 'x-forwarded-port': '443' }, 'a trusted proxy\'s claims are kept');
  for (const name of names(overrides)) t.notOk(name in fromProxy, `${name} dropped even from a trusted peer: the route was chosen without it`);
});
