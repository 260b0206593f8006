import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';

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
