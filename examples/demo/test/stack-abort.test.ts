import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { dropStackDatabases, freeStackPorts, isTcpReachable, stackNamesFor, startStack, type ChildLine } from '#demo';
import { TEST_AMQP_URL, uniqueName } from '#test-support';

t.test('aborting startStack mid-way (what SIGTERM does to peel up) stops every process it started', async (t) => {
  const run = uniqueName('abort').replace(/[^a-z0-9]/gi, '_');
  const stateDir = mkdtempSync(join(tmpdir(), 'peel-abort-'));
  t.teardown(() => rmSync(stateDir, { recursive: true, force: true }));
  const ports = await freeStackPorts();
  const controller = new AbortController();
  const started = new Set<string>();
  const onLine = (line: ChildLine): void => {
    started.add(line.process);
    // The shop is the second process (or the first with MONGODB_URL): abort while it starts.
    if (line.process === 'legacy-shop') controller.abort(new Error('stop requested'));
  };
  const names = stackNamesFor(run);
  // A real server keeps what the shop created before the abort.
  const mongodbUrl = process.env.MONGODB_URL;
  if (mongodbUrl) t.teardown(() => dropStackDatabases(mongodbUrl, names));
  const stack = startStack({
    ports,
    names,
    amqpUrl: TEST_AMQP_URL,
    ...(process.env.MONGODB_URL ? { mongodbUrl: process.env.MONGODB_URL } : {}),
    stateDir,
    adminToken: 'abort-test-token-0123456789abcdef',
    seed: false,
    logLevel: 'info',
    onLine,
    signal: controller.signal,
  });
  await t.rejects(stack, { message: 'stop requested' });
  t.notOk(started.has('catalog') || started.has('adapter') || started.has('proxy'), 'nothing after the shop was started');
  t.equal(await isTcpReachable('127.0.0.1', ports.shop, 500), false, 'the shop has stopped');
  if (!process.env.MONGODB_URL) t.equal(await isTcpReachable('127.0.0.1', ports.mongo, 500), false, 'the embedded MongoDB has stopped');
});
