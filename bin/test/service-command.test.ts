import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { waitFor } from '#lib';
import { retryQueueOf } from '#runtime';
import { useAmqp } from '#test-support';
import { useMongo } from '#test-support/mongo';

const exec = promisify(execFile);
const peel = join(import.meta.dirname, '..', 'peel.js');

t.test('peel service catalog serves until SIGTERM, then closes and exits 0', async (t) => {
  const amqp = await useAmqp(t);
  const mongo = await useMongo(t);
  const queue = amqp.queue('svc-cmd');
  t.teardown(() => amqp.channel.deleteQueue(retryQueueOf(queue, 50)).catch(() => undefined));
  const env = {
    ...process.env,
    MONGODB_URL: mongo.url,
    AMQP_URL: amqp.url,
    PEEL_EXCHANGE: amqp.exchange('svc-cmd-ex'),
    SERVICE_HOST: '127.0.0.1',
    SERVICE_PORT: '0',
    SERVICE_DATABASE: mongo.dbName('catalog'),
    SERVICE_QUEUE: queue,
    SERVICE_QUEUE_TYPE: 'classic',
    LOG_LEVEL: 'info',
  };
  const child = spawn(process.execPath, [peel, 'service', 'catalog'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => void child.kill('SIGKILL'));
  const lines: Array<Record<string, unknown>> = [];
  createInterface({ input: child.stdout }).on('line', (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  const exited = once(child, 'exit');
  const started = await waitFor('the started line', () => lines.find((l) => l.msg === 'catalog started'), { timeoutMs: 20_000 });
  const url = String(started.url);
  t.equal((await fetch(`${url}/readyz`)).status, 200);
  t.match(started, { service: 'catalog', queue, level: 'info' });
  child.kill('SIGTERM');
  const [code] = await exited;
  t.equal(code, 0);
  t.ok(lines.some((l) => l.msg === 'consumer closed'), 'the consumer closed before exit');
});

t.test('peel service refuses an unknown service and bad config with one line', async (t) => {
  const unknown = await exec(process.execPath, [peel, 'service', 'billing']).catch((e: { code: number; stderr: string }) => e);
  t.match(unknown, { code: 2, stderr: /^peel service: unknown service "billing"; one of catalog, notifications.*\(PEEL_CLI_USAGE\)\n$/ });
  const env = { ...process.env, MONGODB_URL: 'http://nope', SERVICE_PORT: 'x' };
  const invalid = await exec(process.execPath, [peel, 'service', 'notifications'], { env }).catch((e: { code: number; stderr: string }) => e);
  t.match(invalid, { code: 1, stderr: /^peel service: invalid configuration \(notifications service\): .*\(PEEL_CONFIG_INVALID\)\n$/ });
  t.match(invalid.stderr, /MONGODB_URL \(mongodbUrl\): expected a mongodb:\/\//, 'names the bad URL by its variable');
  t.match(invalid.stderr, /SERVICE_PORT \(http\.port\): /, 'names the bad port by its variable');
});
