import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createServer } from 'node:net';
import t from 'tap';
import { DEMO_PORTS } from '#demo/up-command';

const exec = promisify(execFile);
const peel = join(import.meta.dirname, '..', '..', '..', 'bin', 'peel.js');

t.test('peel up says in one line that RabbitMQ is not reachable, and how to start it', async (t) => {
  const err = await exec(process.execPath, [peel, 'up'], { env: { ...process.env, AMQP_URL: 'amqp://guest:guest@127.0.0.1:1' } }).then(
    () => undefined,
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
  t.equal(err?.code, 1);
  t.equal(err?.stdout, '', 'nothing was started');
  t.match(err?.stderr, /^peel up: RabbitMQ is not reachable at 127\.0\.0\.1:1; start it with `rabbitmq-server -detached`.*\n$/);
  t.equal(err?.stderr.split('\n').length, 2, 'one line');
});

t.test('peel up --help explains what runs', async (t) => {
  const { stdout } = await exec(process.execPath, [peel, 'up', '--help']);
  t.match(stdout, /usage: peel up/);
  t.match(stdout, /RabbitMQ/);
});

t.test('peel up beside something on a demo port stops in one line before touching anything', async (t) => {
  const blocker = createServer();
  const held = await new Promise<boolean>((resolve) => {
    blocker.once('error', () => resolve(false));
    blocker.listen(DEMO_PORTS.adapter, '127.0.0.1', () => resolve(true));
  });
  t.teardown(() => new Promise<void>((resolve) => (held ? blocker.close(() => resolve()) : resolve())));
  // An unreachable broker: had the port check not come first, this would be the error instead.
  const err = await exec(process.execPath, [peel, 'up'], { env: { ...process.env, AMQP_URL: 'amqp://guest:guest@127.0.0.1:1' } }).then(
    () => undefined,
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
  t.equal(err?.code, 1);
  t.equal(err?.stdout, '', 'nothing was started');
  t.match(err?.stderr, held ? /^peel up: port 8090 is in use: is a Peel demo already running\? \(PEEL_DEMO_PORT_IN_USE\)\n$/ : /^peel up: port \d+ is in use/);
  t.equal(err?.stderr.split('\n').length, 2, 'one line');
});
