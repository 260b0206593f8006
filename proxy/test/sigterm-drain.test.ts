import t from 'tap';
import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { request } from 'undici';
import { WebSocket, WebSocketServer } from 'ws';
import { waitFor } from '#lib';
import { startUpstream } from './helpers/echo-upstream.ts';
import { startProxyProcess } from './helpers/proxy-process.ts';

t.test('SIGTERM stops intake, finishes the request in flight and exits 0', async (t) => {
  const held: ServerResponse[] = [];
  const legacy = await startUpstream(t, 'legacy', (req, res) => {
    req.resume();
    if (req.url === '/slow') held.push(res);
    else res.end('fast');
  });
  const proxy = await startProxyProcess(t, { upstreams: { legacy: { urls: [legacy.url] } }, features: [] });
  t.equal((await request(`${proxy.adminUrl}/readyz`)).statusCode, 200, 'ready before the signal');
  const metrics = await request(`${proxy.adminUrl}/metrics`);
  t.match(await metrics.body.text(), /peel_proxy_config_version 0/, 'metrics on the admin listener');

  const inFlight = request(`${proxy.url}/slow`);
  await waitFor('the request to reach the upstream', () => held.length === 1);
  proxy.child.kill('SIGTERM');
  await waitFor('the public listener to stop taking connections', async () => {
    const refused = await request(`${proxy.url}/fast`, { reset: true }).then(
      async (res) => (await res.body.dump(), false),
      () => true,
    );
    return refused;
  });
  const readyz = await request(`${proxy.adminUrl}/readyz`);
  t.equal(readyz.statusCode, 503, 'not ready while draining');
  await readyz.body.dump();
  held[0]?.end('finished after the signal');
  const res = await inFlight;
  t.equal(res.statusCode, 200);
  t.equal(await res.body.text(), 'finished after the signal');
  t.equal(await proxy.exited, 0, 'exit code 0');
  t.ok(proxy.lines.some((l) => l.msg === 'request' && l.status === 200), 'the drained request was logged');
});

t.test('SIGTERM with a request whose upstream never answers: the drain ends at DRAIN_TIMEOUT_MS, the request is logged, exit 0', async (t) => {
  const drainTimeoutMs = 500;
  let arrived = 0;
  const legacy = await startUpstream(t, 'legacy', (req) => {
    req.resume();
    arrived += 1;
  });
  const proxy = await startProxyProcess(
    t,
    { upstreams: { legacy: { urls: [legacy.url], responseTimeoutMs: 120_000 } }, features: [] },
    { DRAIN_TIMEOUT_MS: String(drainTimeoutMs) },
  );
  let exitCode: number | null | undefined;
  void proxy.exited.then((code) => (exitCode = code));
  const inFlight = request(`${proxy.url}/never`).then(
    () => 'answered',
    (err: NodeJS.ErrnoException) => err.code,
  );
  await waitFor('the request to reach the upstream', () => arrived === 1);
  const signalled = performance.now();
  proxy.child.kill('SIGTERM');
  // Bounded well below the upstream's 120 s response timeout: only the drain deadline ends it.
  await waitFor('the proxy to exit', () => exitCode !== undefined, { timeoutMs: 10_000 });
  const elapsedMs = performance.now() - signalled;
  t.equal(exitCode, 0, 'exit code 0');
  t.ok(elapsedMs >= drainTimeoutMs, `the request in flight was given the drain time (exited after ${Math.round(elapsedMs)} ms)`);
  t.not(await inFlight, 'answered', 'the client saw its connection cut');
  t.ok(proxy.lines.some((l) => l.msg === 'drain deadline reached, closing remaining connections' && l.drainTimeoutMs === drainTimeoutMs), 'the deadline was logged');
  t.ok(proxy.lines.some((l) => l.msg === 'request' && l.method === 'GET' && l.status === 499), 'the cut request was logged (499)');
});

t.test('an invalid features file stops the proxy before it listens, naming the field', async (t) => {
  const started = startProxyProcess(t, { upstreams: { catalog: { urls: ['http://127.0.0.1:1'] } }, features: [] });
  await t.rejects(started, /exited with 1 before listening: .*upstreams\.legacy.*PEEL_PROXY_FEATURES_FILE_INVALID/);
});

t.test('SIGTERM with a WebSocket open: the tunnel is closed at the drain deadline and the proxy exits 0', async (t) => {
  const legacy = await startUpstream(t, 'legacy');
  const wss = new WebSocketServer({ server: legacy.server });
  t.teardown(() => wss.close());
  const upstreamSockets: WebSocket[] = [];
  wss.on('connection', (socket) => {
    upstreamSockets.push(socket);
    socket.on('message', (data) => socket.send(`legacy:${String(data)}`));
  });
  const proxy = await startProxyProcess(t, { upstreams: { legacy: { urls: [legacy.url] } }, features: [] }, { DRAIN_TIMEOUT_MS: '200' });
  const ws = new WebSocket(`${proxy.url.replace('http', 'ws')}/live`);
  t.teardown(() => ws.terminate());
  await once(ws, 'open');
  ws.send('hello');
  t.equal(String(((await once(ws, 'message')) as [Buffer])[0]), 'legacy:hello', 'tunnelled');
  const clientClosed = once(ws, 'close');

  let exitCode: number | null | undefined;
  void proxy.exited.then((code) => (exitCode = code));
  proxy.child.kill('SIGTERM');
  await waitFor('the proxy to exit', () => exitCode !== undefined);
  t.equal(exitCode, 0, 'exit code 0');
  await clientClosed;
  await waitFor('the upstream side of the tunnel to close', () => upstreamSockets[0]?.readyState === WebSocket.CLOSED);
  t.ok(proxy.lines.some((l) => l.msg === 'drain deadline reached, closing remaining connections'), 'ended by the deadline');
});
