import { createServer } from 'node:http';
import { once } from 'node:events';
import t, { type Test } from 'tap';
import { createLogger, type Logger } from '#lib';
import { ADAPTER_STATUS_STARTUP_GRACE_MS, createAdapterStatusPoller } from '#runtime/sync-lag/adapter-status-poller';

const STATUS = {
  ready: true,
  reasons: [],
  capture: { lastSequence: 7, lastEventTime: '2026-11-26T10:00:00.000Z', lagMs: 1 },
  relay: { lastPublishedSequence: 7, lagEvents: 0, lagMs: 0, blocked: false },
};

/** An adapter status endpoint that answers 200 with STATUS while `up()`, else `downStatus`. */
async function statusServer(t: Test, up: () => boolean, downStatus: number): Promise<string> {
  const server = createServer((_req, res) => {
    res.writeHead(up() ? 200 : downStatus, { 'content-type': 'application/json' });
    res.end(JSON.stringify(up() ? STATUS : { ready: false }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => server.close());
  return `http://127.0.0.1:${(server.address() as { port: number }).port}/status`;
}

function capturedLogger(): { logger: Logger; lines: Array<{ level: string; msg: string }> } {
  const lines: Array<{ level: string; msg: string }> = [];
  return { lines, logger: createLogger('poller-test', { level: 'info', destination: { write: (line: string) => void lines.push(JSON.parse(line) as never) } }) };
}

t.test('a failure streak is logged once: at info while the adapter may still be starting, at warn after the grace or once it was read', async (t) => {
  let up = false;
  const url = await statusServer(t, () => up, 503);
  const { logger, lines } = capturedLogger();
  let clock = 1_000_000;
  const poller = createAdapterStatusPoller(url, 60_000, logger, () => clock);
  t.teardown(() => poller.close());
  const messages = () => lines.map((l) => `${l.level}: ${l.msg}`);

  await poller.refresh();
  await poller.refresh();
  t.same(messages(), ['info: adapter status not readable yet (the adapter may still be starting)'], 'the start-up streak: one info line');
  t.equal(poller.current(), undefined);

  clock += ADAPTER_STATUS_STARTUP_GRACE_MS;
  await poller.refresh();
  await poller.refresh();
  t.same(messages().slice(1), ['warn: adapter status unreadable'], 'past the grace with nothing read: one warning');
  t.match(lines.at(-1), { err: { code: 'PEEL_RUNTIME_ADAPTER_STATUS_UNREADABLE' } });

  up = true;
  t.match(await poller.refresh(), { capture: { lastSequence: 7 } });
  t.same(messages().slice(2), ['info: adapter status readable again']);

  up = false;
  await poller.refresh();
  await poller.refresh();
  t.same(messages().slice(3), ['warn: adapter status unreadable'], 'after a read, a new streak warns at once');
  t.equal(poller.current(), undefined, 'and the lag is unknown meanwhile');
});

t.test('within the grace, a failure after a successful read still warns', async (t) => {
  let up = true;
  const url = await statusServer(t, () => up, 500);
  const { logger, lines } = capturedLogger();
  const poller = createAdapterStatusPoller(url, 60_000, logger);
  t.teardown(() => poller.close());
  t.ok(await poller.refresh(), 'read once');
  up = false;
  await poller.refresh();
  t.same(lines.map((l) => [l.level, l.msg]), [['warn', 'adapter status unreadable']]);
});
