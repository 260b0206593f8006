import t from 'tap';
import type { ServerResponse } from 'node:http';
import { request } from 'undici';
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

t.test('an invalid features file stops the proxy before it listens, naming the field', async (t) => {
  const started = startProxyProcess(t, { upstreams: { catalog: { urls: ['http://127.0.0.1:1'] } }, features: [] });
  await t.rejects(started, /exited with 1 before listening: .*upstreams\.legacy.*PEEL_PROXY_FEATURES_FILE_INVALID/);
});
