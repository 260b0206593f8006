import t, { type Test } from 'tap';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { waitFor } from '#lib';
import { startUpstream } from './helpers/echo-upstream.ts';
import { closedPortUrl } from './helpers/free-port.ts';
import { rawRequest } from './helpers/raw-request.ts';
import { startProxy, table } from './helpers/test-proxy.ts';

async function startWsUpstream(t: Test, name: string) {
  const upstream = await startUpstream(t, name);
  const wss = new WebSocketServer({ server: upstream.server });
  t.teardown(() => wss.close());
  const handshakes: Array<Record<string, string | string[] | undefined>> = [];
  wss.on('connection', (socket, req) => {
    handshakes.push(req.headers);
    socket.on('message', (data) => socket.send(`${name}:${String(data)}`));
  });
  return { ...upstream, wss, handshakes };
}

t.test('WebSocket upgrades go to the owner of the route, Origin forwarded', async (t) => {
  const legacy = await startWsUpstream(t, 'legacy');
  const catalog = await startWsUpstream(t, 'catalog');
  const proxy = await startProxy(
    t,
    table({ legacy: legacy.url, catalog: catalog.url }, [
      { name: 'live', match: { methods: ['GET'], paths: ['/ws/live'] }, owner: 'catalog', mode: 'service' },
    ]),
  );
  const talk = async (path: string): Promise<string> => {
    const ws = new WebSocket(`ws://127.0.0.1:${proxy.port}${path}`, { origin: 'https://shop.example', headers: { 'x-peel-owner': 'legacy' } });
    t.teardown(() => ws.terminate());
    await once(ws, 'open');
    ws.send('hello');
    const [data] = (await once(ws, 'message')) as [Buffer];
    ws.close();
    await once(ws, 'close');
    return String(data);
  };
  t.equal(await talk('/ws/live'), 'catalog:hello');
  t.equal(await talk('/ws/other'), 'legacy:hello');
  t.match(catalog.handshakes[0], { origin: 'https://shop.example', 'x-forwarded-for': '127.0.0.1', upgrade: 'websocket', 'x-request-id': /\S/ });
  t.notOk(catalog.handshakes[0] && 'x-peel-owner' in catalog.handshakes[0], 'control headers are not forwarded');
  t.match(proxy.requestLogs()[0], { feature: 'live', owner: 'catalog', status: 101 });
});

t.test('a refused target never upgrades; a refused handshake is relayed', async (t) => {
  const legacy = await startUpstream(t, 'legacy', (req, res) => {
    res.writeHead(403, { 'content-type': 'text/plain' }).end('no sockets here');
  });
  const proxy = await startProxy(t, table({ legacy: legacy.url }, []));
  const bad = new WebSocket(`ws://127.0.0.1:${proxy.port}/ws/a%2Fb`);
  const [, badRes] = (await once(bad, 'unexpected-response')) as [unknown, import('node:http').IncomingMessage];
  t.equal(badRes.statusCode, 400);
  badRes.resume();
  const refused = new WebSocket(`ws://127.0.0.1:${proxy.port}/ws`);
  const [, res] = (await once(refused, 'unexpected-response')) as [unknown, import('node:http').IncomingMessage];
  t.equal(res.statusCode, 403);
  res.resume();
  t.equal(legacy.seen.length, 1, 'only the canonical target reached the upstream');
});

t.test("Peel's own answer to a handshake has its status's reason phrase", async (t) => {
  const hang = await startUpstream(t, 'hang');
  // Never answers a handshake; hangs up once Peel does.
  hang.server.on('upgrade', (_req, socket: Duplex) => socket.on('end', () => socket.end()));
  const proxy = await startProxy(
    t,
    table({ legacy: await closedPortUrl(), hang: { urls: [hang.url], connectTimeoutMs: 200 } }, [
      { name: 'hang', match: { methods: ['GET'], paths: ['/ws/hang'] }, owner: 'hang', mode: 'service' },
    ]),
  );
  const handshake = 'Upgrade: websocket\r\nConnection: Upgrade\r\n';
  const cases: Array<[string, string, string]> = [
    ['/ws/a%2Fb', '400 Bad Request', 'PEEL_PROXY_BAD_TARGET'],
    ['/ws/refused', '502 Bad Gateway', 'PEEL_PROXY_UPSTREAM_UNAVAILABLE'],
    ['/ws/hang', '504 Gateway Timeout', 'PEEL_PROXY_UPSTREAM_TIMEOUT'],
  ];
  for (const [target, statusLine, code] of cases) {
    const res = await rawRequest(proxy.port, target, handshake);
    t.equal(res.head.split('\r\n')[0], `HTTP/1.1 ${statusLine}`, target);
    t.match(JSON.parse(res.body), { code }, `${target} body`);
  }
});

t.test('closing: a new handshake is refused and open tunnels end at the drain deadline with a going-away close each way', async (t) => {
  const legacy = await startWsUpstream(t, 'legacy');
  const upstreamSockets: WebSocket[] = [];
  const upstreamClosed: Array<Promise<unknown[]>> = [];
  legacy.wss.on('connection', (socket) => {
    upstreamSockets.push(socket);
    upstreamClosed.push(once(socket, 'close'));
  });
  const proxy = await startProxy(t, table({ legacy: legacy.url }, []));
  const ws = new WebSocket(`ws://127.0.0.1:${proxy.port}/ws/live`);
  t.teardown(() => ws.terminate());
  await once(ws, 'open');
  const clientClosed = once(ws, 'close');
  // The tunnel carries traffic both ways before the shutdown.
  ws.send('before');
  t.equal(String(((await once(ws, 'message')) as [Buffer])[0]), 'legacy:before');
  // A handshake whose headers are still arriving when the shutdown starts.
  const late = connect(proxy.port, '127.0.0.1');
  t.teardown(() => late.destroy());
  late.write('GET /ws/late HTTP/1.1\r\nHost: test.local\r\nUpgrade: websocket\r\n');
  await waitFor('both connections to be accepted', () => new Promise<boolean>((resolve) => proxy.proxy.server.getConnections((_err, n) => resolve(n === 2))));

  let closed = false;
  void proxy.proxy.close(200).then(() => (closed = true));
  late.end('Connection: Upgrade\r\n\r\n');
  const answer = Buffer.concat(await late.toArray()).toString('utf8');
  t.match(answer, /^HTTP\/1\.1 503 Service Unavailable\r\n/);
  t.match(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)), { code: 'PEEL_PROXY_SHUTTING_DOWN' });
  await waitFor('the drain to finish', () => closed);
  const [clientCode, clientReason] = (await clientClosed) as [number, Buffer];
  t.same([clientCode, String(clientReason)], [1001, 'proxy shutting down'], 'the client got a going-away close frame');
  const [upstreamCode, upstreamReason] = (await upstreamClosed[0]) as [number, Buffer];
  t.same([upstreamCode, String(upstreamReason)], [1001, 'proxy shutting down'], 'the upstream got one too, masked as a client sends it');
  t.equal(upstreamSockets.length, 1, 'the late handshake reached no upstream');
  t.match(proxy.requestLogs().at(-1), { status: 503, code: 'PEEL_PROXY_SHUTTING_DOWN', upstream: null });
});

t.test('at the drain deadline a frame still arriving is finished before the close frame follows it', async (t) => {
  // An upstream that speaks WebSocket by hand, so the test decides where the bytes stop.
  const upstream = await startUpstream(t, 'legacy');
  let upstreamSocket: Duplex | undefined;
  const fromClient: Buffer[] = [];
  upstream.server.on('upgrade', (req, socket: Duplex) => {
    const accept = createHash('sha1').update(`${String(req.headers['sec-websocket-key'])}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    socket.on('data', (chunk: Buffer) => fromClient.push(chunk));
    socket.on('error', () => undefined);
    upstreamSocket = socket;
    t.teardown(() => socket.destroy());
  });
  const proxy = await startProxy(t, table({ legacy: upstream.url }, []));
  const ws = new WebSocket(`ws://127.0.0.1:${proxy.port}/ws/live`);
  t.teardown(() => ws.terminate());
  const messages: string[] = [];
  ws.on('message', (data) => messages.push(String(data)));
  const closed = once(ws, 'close');
  await once(ws, 'open');

  // A 300-byte text frame (16-bit length), of which only the header and 100 bytes are sent.
  const payload = Buffer.alloc(300, 'a');
  const frame = Buffer.concat([Buffer.from([0x81, 126, 0x01, 0x2c]), payload]);
  upstreamSocket?.write(frame.subarray(0, 104));
  let drained = false;
  void proxy.proxy.close(50).then(() => (drained = true));
  await waitFor('the drain deadline to pass', () => proxy.logs.some((l) => l.msg === 'drain deadline reached, closing remaining connections'));
  upstreamSocket?.write(frame.subarray(104));
  // Sent after the close frame went out: never delivered.
  upstreamSocket?.write(Buffer.from([0x81, 5, ...Buffer.from('later')]));

  const [code] = (await closed) as [number];
  t.equal(code, 1001, 'then the going-away close');
  t.same(messages, ['a'.repeat(300)], 'the frame under way arrived whole, and nothing after the close');
  await waitFor('the drain to finish', () => drained);
  const toUpstream = Buffer.concat(fromClient);
  t.equal(toUpstream[0], 0x88, 'the upstream got a close frame');
  t.equal((toUpstream[1] as number) & 0x80, 0x80, 'masked');
  const key = toUpstream.subarray(2, 6);
  const body = Buffer.from(toUpstream.subarray(6, 6 + ((toUpstream[1] as number) & 0x7f)).map((b, i) => b ^ (key[i % 4] as number)));
  t.equal(body.readUInt16BE(0), 1001);
  t.equal(String(body.subarray(2)), 'proxy shutting down');
});
