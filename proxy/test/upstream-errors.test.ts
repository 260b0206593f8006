import t from 'tap';
import { once } from 'node:events';
import { connect } from 'node:net';
import { request } from 'undici';
import { waitFor } from '#lib';
import { closedPortUrl } from './helpers/free-port.ts';
import { startUpstream } from './helpers/echo-upstream.ts';
import { startProxy, table } from './helpers/test-proxy.ts';

const service = (extra: Record<string, unknown> = {}) => ({
  name: 'products',
  match: { methods: ['GET' as const, 'POST' as const], paths: ['/api/products'] },
  owner: 'catalog',
  mode: 'service' as const,
  fallback: 'none' as const,
  ...extra,
});

t.test('refused → 502, reset → 502, timeout → 504, each with a code and the request id', async (t) => {
  const legacy = await startUpstream(t, 'legacy');
  const hang = await startUpstream(t, 'hang', () => {});
  const reset = await startUpstream(t, 'reset', (req) => req.socket.destroy());
  const proxy = await startProxy(
    t,
    table(
      { legacy: legacy.url, refused: await closedPortUrl(), hang: { urls: [hang.url], responseTimeoutMs: 200 }, reset: reset.url },
      ['refused', 'hang', 'reset'].map((owner) => ({ ...service(), name: owner, owner, match: { methods: ['GET' as const], paths: [`/${owner}`] } })),
    ),
  );
  const cases: Array<[string, number, string]> = [
    ['/refused', 502, 'PEEL_PROXY_UPSTREAM_UNAVAILABLE'],
    ['/reset', 502, 'PEEL_PROXY_UPSTREAM_UNAVAILABLE'],
    ['/hang', 504, 'PEEL_PROXY_UPSTREAM_TIMEOUT'],
  ];
  for (const [path, status, code] of cases) {
    const res = await request(`${proxy.url}${path}`, { headers: { 'x-request-id': `id${path.replace('/', '-')}` } });
    t.equal(res.statusCode, status, path);
    t.match(await res.body.json(), { code, message: /upstream/, requestId: `id${path.replace('/', '-')}` }, `${path} body`);
    t.match(proxy.requestLogs().at(-1), { status, code, owner: path.slice(1), reason: 'toggle' }, `${path} log`);
  }
  t.equal(legacy.seen.length, 0, 'no fallback when the feature says fallback: none');
});

t.test('a client that goes away cancels the upstream request', async (t) => {
  const legacy = await startUpstream(t, 'legacy', () => {});
  const proxy = await startProxy(t, table({ legacy: legacy.url }, []));
  const arrived = once(legacy.server, 'request');
  const controller = new AbortController();
  const pending = request(`${proxy.url}/slow`, { signal: controller.signal }).catch((err: unknown) => err);
  const [upstreamReq] = (await arrived) as [import('node:http').IncomingMessage];
  const upstreamClosed = once(upstreamReq.socket, 'close');
  controller.abort();
  await pending;
  await upstreamClosed;
  t.pass('the upstream connection was closed');
  await waitFor('request log', () => proxy.requestLogs().find((l) => l.status === 499));
  t.pass('logged as 499');
});

t.test('a client that goes away mid-upload aborts the upstream request', async (t) => {
  const announcedBytes = 10 * 1024 * 1024;
  let received = 0;
  const upstreamEvents: string[] = [];
  const legacy = await startUpstream(t, 'legacy', (req, res) => {
    req.on('data', (chunk: Buffer) => (received += chunk.length));
    req.on('end', () => (upstreamEvents.push('end'), res.end(String(received))));
    req.on('close', () => upstreamEvents.push(req.complete ? 'close, complete' : 'close, incomplete'));
  });
  const proxy = await startProxy(t, table({ legacy: legacy.url }, []));
  const client = connect(proxy.port, '127.0.0.1');
  t.teardown(() => client.destroy());
  await once(client, 'connect');
  client.write(`POST /upload HTTP/1.1\r\nHost: test.local\r\nContent-Length: ${announcedBytes}\r\n\r\n`);
  client.write(Buffer.alloc(64 * 1024));
  await waitFor('the start of the body to reach the upstream', () => received > 0);
  client.destroy();
  await waitFor('the upstream request to close', () => upstreamEvents.length > 0);
  t.same(upstreamEvents, ['close, incomplete'], 'the upstream saw its request cut before the end of the body');
  t.ok(received < announcedBytes, `the upstream received ${received} of ${announcedBytes} bytes`);
  const log = await waitFor('request log', () => proxy.requestLogs().at(-1));
  t.match(log, { method: 'POST', status: 499, upstream: 'legacy' }, 'logged as 499');
});

t.test('a client that goes away mid-download cancels the upstream response', async (t) => {
  let upstreamRes: import('node:http').ServerResponse | undefined;
  const legacy = await startUpstream(t, 'legacy', (req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.write(Buffer.alloc(1024));
    upstreamRes = res;
  });
  const proxy = await startProxy(t, table({ legacy: legacy.url }, []));
  const controller = new AbortController();
  const res = await request(`${proxy.url}/download`, { signal: controller.signal });
  for await (const _chunk of res.body) break;
  const closed = once(upstreamRes as import('node:http').ServerResponse, 'close');
  controller.abort();
  await closed;
  t.notOk(upstreamRes?.writableFinished, 'the upstream response was cut, not finished');
  await waitFor('request log', () => proxy.requestLogs().find((l) => l.status === 200 || l.status === 499));
});

t.test('fallback: idempotent requests to a failing service are served by legacy once', async (t) => {
  const legacy = await startUpstream(t, 'legacy');
  const failing = await startUpstream(t, 'catalog', (req, res) => {
    req.resume();
    res.writeHead(503).end('down');
  });
  const proxy = await startProxy(
    t,
    table({ legacy: legacy.url, catalog: failing.url, gone: await closedPortUrl() }, [
      service({ fallback: 'legacy' }),
      service({ name: 'gone', owner: 'gone', fallback: 'legacy', match: { methods: ['GET', 'DELETE', 'PUT'], paths: ['/gone'] }, idempotent: true }),
      service({ name: 'strict', fallback: 'none', match: { methods: ['GET'], paths: ['/strict'] } }),
    ]),
  );
  const get = await request(`${proxy.url}/api/products`);
  t.equal(get.statusCode, 200);
  t.match(await get.body.json(), { upstream: 'legacy', url: '/api/products' });
  t.match(proxy.requestLogs().at(-1), { feature: 'products', owner: 'legacy', upstream: 'legacy', reason: 'fallback', status: 200 });

  const refusedDelete = await request(`${proxy.url}/gone`, { method: 'DELETE' });
  t.equal(refusedDelete.statusCode, 200, 'a refused idempotent DELETE falls back');
  t.match(await refusedDelete.body.json(), { upstream: 'legacy', method: 'DELETE' });

  const put = await request(`${proxy.url}/gone`, { method: 'PUT', body: '{"stock":3}', headers: { 'content-type': 'application/json' } });
  t.match(await put.body.json(), { upstream: 'legacy', method: 'PUT', body: '{"stock":3}' }, 'a small body of an idempotent feature is replayed on legacy');
  const bigBody = 'x'.repeat(70 * 1024);
  const bigPut = await request(`${proxy.url}/gone`, { method: 'PUT', body: bigBody });
  t.equal(bigPut.statusCode, 502, 'a body over the replay cap is streamed and never replayed');
  await bigPut.body.dump();

  const post = await request(`${proxy.url}/api/products`, { method: 'POST', body: '{"name":"x"}' });
  t.equal(post.statusCode, 503, 'a POST is not retried: the service answer is relayed');
  t.equal(await post.body.text(), 'down');

  const strict = await request(`${proxy.url}/strict`);
  t.equal(strict.statusCode, 503, 'fallback: none relays the 5xx');
  await strict.body.dump();
  t.equal(legacy.seen.length, 3, 'legacy saw exactly the three fallbacks');
});

t.test('an informational answer before the real one: Early Hints are passed on, the answer arrives whole', async (t) => {
  const legacy = await startUpstream(t, 'legacy', (req, res) => {
    req.resume();
    res.writeEarlyHints({ link: '</style.css>; rel=preload; as=style' });
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('final');
  });
  const proxy = await startProxy(t, table({ legacy: legacy.url }, []));
  const hints: unknown[] = [];
  const res = await request(`${proxy.url}/page`, { onInfo: (info: { statusCode: number; headers: Record<string, unknown> }) => void hints.push(info) } as never);
  t.equal(res.statusCode, 200);
  t.equal(await res.body.text(), 'final');
  t.match(hints, [{ statusCode: 103, headers: { link: '</style.css>; rel=preload; as=style' } }]);
  await waitFor('request log', () => proxy.requestLogs().find((l) => l.status === 200));
});

t.test('an answer the upstream breaks off after its head is logged with a code and counted as failed', async (t) => {
  const legacy = await startUpstream(t, 'legacy', (req, res) => {
    req.resume();
    res.writeHead(200, { 'content-length': '100' });
    res.write('partial');
    setImmediate(() => res.socket?.destroy());
  });
  const proxy = await startProxy(t, table({ legacy: legacy.url }, [{ ...service(), owner: 'legacy', mode: 'legacy' as const, match: { methods: ['GET' as const], paths: ['/api/products'] } }]));
  const res = await request(`${proxy.url}/api/products`);
  t.equal(res.statusCode, 200, 'the head had gone out');
  await t.rejects(res.body.text(), 'the body broke off');
  const log = await waitFor('request log', () => proxy.requestLogs().find((l) => l.route === '/api/products'));
  t.match(log, { status: 200, code: 'PEEL_PROXY_UPSTREAM_BROKEN', owner: 'legacy' });
  const metrics = await proxy.proxy.metrics.registry.metrics();
  t.match(metrics, /peel_proxy_requests_total\{feature="products",owner="legacy",status_class="5xx"\} 1/);
});

t.test('fallback: a service that times out or resets has GET and HEAD served by legacy, never a POST', async (t) => {
  const legacy = await startUpstream(t, 'legacy');
  const hang = await startUpstream(t, 'hang', () => {});
  const reset = await startUpstream(t, 'reset', (req) => req.socket.destroy());
  const methods = ['GET' as const, 'HEAD' as const, 'POST' as const];
  const proxy = await startProxy(
    t,
    table(
      { legacy: legacy.url, hang: { urls: [hang.url], responseTimeoutMs: 200 }, reset: reset.url },
      ['hang', 'reset'].map((owner) => service({ name: owner, owner, fallback: 'legacy', match: { methods, paths: [`/${owner}`] } })),
    ),
  );
  for (const owner of ['hang', 'reset']) {
    const get = await request(`${proxy.url}/${owner}`);
    t.equal(get.statusCode, 200, `${owner}: GET falls back`);
    t.match(await get.body.json(), { upstream: 'legacy', method: 'GET', url: `/${owner}` });
    t.match(proxy.requestLogs().at(-1), { feature: owner, owner: 'legacy', upstream: 'legacy', reason: 'fallback', status: 200 });

    const head = await request(`${proxy.url}/${owner}`, { method: 'HEAD' });
    t.equal(head.statusCode, 200, `${owner}: HEAD falls back`);
    t.equal(head.headers['x-upstream'], 'legacy');
    await head.body.dump();
    t.match(proxy.requestLogs().at(-1), { feature: owner, owner: 'legacy', reason: 'fallback', status: 200 });
  }
  t.same(
    legacy.seen.map((r) => `${r.method} ${r.url}`),
    ['GET /hang', 'HEAD /hang', 'GET /reset', 'HEAD /reset'],
    'legacy saw each GET and HEAD once',
  );

  const cases: Array<[string, number, string]> = [
    ['hang', 504, 'PEEL_PROXY_UPSTREAM_TIMEOUT'],
    ['reset', 502, 'PEEL_PROXY_UPSTREAM_UNAVAILABLE'],
  ];
  for (const [owner, status, code] of cases) {
    const post = await request(`${proxy.url}/${owner}`, { method: 'POST', body: '{"name":"x"}', headers: { 'content-type': 'application/json' } });
    t.equal(post.statusCode, status, `${owner}: a POST of a feature not marked idempotent is not replayed`);
    t.match(await post.body.json(), { code });
    t.match(proxy.requestLogs().at(-1), { feature: owner, owner, upstream: owner, status, code });
  }
  t.equal(legacy.seen.length, 4, 'no POST reached legacy');
});
