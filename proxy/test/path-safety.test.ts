import t from 'tap';
import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import { rawRequest } from './helpers/raw-request.ts';
import { startUpstream } from './helpers/echo-upstream.ts';
import { startProxy, table } from './helpers/test-proxy.ts';

t.test('no request target reaches an upstream the table did not choose', async (t) => {
  const legacy = await startUpstream(t, 'legacy');
  const catalog = await startUpstream(t, 'catalog');
  const accounts = await startUpstream(t, 'accounts');
  const { port } = await startProxy(
    t,
    table({ legacy: legacy.url, catalog: catalog.url, accounts: accounts.url }, [
      { name: 'products', match: { methods: ['GET'], paths: ['/api/products', '/api/products/:id'] }, owner: 'catalog', mode: 'service' },
      { name: 'account', match: { methods: ['GET'], paths: ['/api/account/*'] }, owner: 'accounts', mode: 'service' },
    ]),
  );

  const refused = [
    '/api/products%2F..%2Faccount%2Fsecrets',
    '/api/products%2f1',
    '/api/products/1%5C..%5Caccount',
    '/api/products/1%5c..',
    '/api/products/%2e%2e/account/x',
    '/api/products/%2E%2E/account/x',
    '/api/products/%252e%252e/account/x',
    '/api/products/1/../../account/x',
    '/api/products/./1',
    '/api/products\\..\\account\\x',
    '/api/products;/../account/x',
    '/api/products/1;jsessionid=abc',
    '/api/products/1%00',
    '/api/products/1%0d%0aX-Injected:%201',
    '/api//account/x',
    '//api/account/x',
    '/api/products#/../account/x',
    'http://127.0.0.1/api/account/x',
    '*',
  ];
  for (const target of refused) {
    const res = await rawRequest(port, target);
    t.equal(res.status, 400, `${target} → 400`);
    t.match(JSON.parse(res.body), { code: 'PEEL_PROXY_BAD_TARGET', message: /refused before routing/, requestId: /\S/ }, `${target} body`);
  }
  // The HTTP parser refuses these even earlier: still 400, still nothing forwarded.
  for (const target of ['/api/products/1\u0001', '/api/products/1 /account']) {
    t.equal((await rawRequest(port, target)).status, 400, `${JSON.stringify(target)} → 400`);
  }
  t.strictSame([legacy.seen, catalog.seen, accounts.seen].map((s) => s.length), [0, 0, 0], 'no upstream saw a refused target');

  const routed: Array<[string, string, string]> = [
    ['/api/products', 'catalog', '/api/products'],
    ['/api/products/', 'catalog', '/api/products/'],
    ['/api/products/42?x=%2F..', 'catalog', '/api/products/42?x=%2F..'],
    ['/api/%70roducts/42', 'catalog', '/api/products/42'],
    ['/api/products/42/reviews', 'legacy', '/api/products/42/reviews'],
    ['/api/account/settings', 'accounts', '/api/account/settings'],
    ['/api/Account/settings', 'legacy', '/api/Account/settings'],
    ['/elsewhere', 'legacy', '/elsewhere'],
  ];
  for (const [target, owner, forwarded] of routed) {
    const res = await rawRequest(port, target);
    t.equal(res.status, 200, `${target} → 200`);
    t.match(JSON.parse(res.body), { upstream: owner, url: forwarded }, `${target} → ${owner} as ${forwarded}`);
  }
});

t.test('a request with Upgrade reaches only the upstream the table chose, with the method it was routed on', async (t) => {
  const legacy = await startUpstream(t, 'legacy');
  const catalog = await startUpstream(t, 'catalog');
  const wss = new WebSocketServer({ server: catalog.server });
  t.teardown(() => wss.close());
  wss.on('connection', (socket) => socket.on('message', (data) => socket.send(`catalog:${String(data)}`)));
  // Handshakes never reach the request listener; they count as arrivals too.
  catalog.server.prependListener('upgrade', (req: IncomingMessage) => catalog.seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers }));
  const proxy = await startProxy(
    t,
    table({ legacy: legacy.url, catalog: catalog.url }, [
      { name: 'products', match: { methods: ['GET'], paths: ['/api/products'] }, owner: 'catalog', mode: 'service' },
      { name: 'secret', match: { methods: ['DELETE'], paths: ['/api/secret'] }, owner: 'catalog', mode: 'service' },
    ]),
  );

  const upgrade = 'Upgrade: websocket\r\nConnection: Upgrade\r\nContent-Length: 0\r\n';
  for (const [method, target] of [
    ['POST', '/api/products'],
    ['DELETE', '/api/secret'],
  ] as const) {
    const res = await rawRequest(proxy.port, target, upgrade, method);
    t.equal(res.status, 400, `${method} ${target} + Upgrade → 400`);
    t.match(res.head, /^HTTP\/1\.1 400 Bad Request\r\n/);
    t.match(JSON.parse(res.body), { code: 'PEEL_PROXY_UPGRADE_REFUSED', message: new RegExp(`got ${method} `), requestId: /\S/ });
  }
  t.strictSame([legacy.seen, catalog.seen], [[], []], 'nothing reached an upstream');
  t.match(proxy.requestLogs(), [
    { method: 'POST', feature: null, upstream: null, reason: 'refused', status: 400, code: 'PEEL_PROXY_UPGRADE_REFUSED' },
    { method: 'DELETE', feature: 'secret', upstream: null, reason: 'refused', status: 400, code: 'PEEL_PROXY_UPGRADE_REFUSED' },
  ]);

  const ws = new WebSocket(`ws://127.0.0.1:${proxy.port}/api/products`);
  t.teardown(() => ws.terminate());
  await once(ws, 'open');
  ws.send('hello');
  const [data] = (await once(ws, 'message')) as [Buffer];
  t.equal(String(data), 'catalog:hello', 'a WebSocket GET is still tunnelled to the owner');
  t.match(catalog.seen, [{ method: 'GET', url: '/api/products', headers: { upgrade: 'websocket' } }]);
  t.equal(legacy.seen.length, 0);
});
