import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import t from 'tap';
import { waitFor } from '#lib';
import { productEvent, useRuntime } from './helpers.ts';

const fixture = join(import.meta.dirname, 'fixtures', 'sigterm-consumer.ts');

t.test('SIGTERM lets the in-flight handler finish and ack, then the process exits 0', async (t) => {
  const rt = await useRuntime(t, [50]);
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, rt.url, rt.queueName, rt.exchangeName], { stdio: ['pipe', 'pipe', 'inherit'] });
  t.teardown(() => void child.kill('SIGKILL'));
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  const exited = once(child, 'exit');
  await waitFor('the consumer process is ready', () => out.includes('ready\n'), { timeoutMs: 20_000 });

  const event = productEvent(1);
  rt.publish(event);
  await waitFor('the handler started', () => out.includes(`started ${event.id}`));
  child.kill('SIGTERM');
  await waitFor('close() began', () => out.includes('terminating\n'));
  const late = productEvent(2);
  rt.publish(late);
  await waitFor('the late event stays queued: intake stopped', async () => (await rt.channel.checkQueue(rt.queueName)).messageCount === 1);
  t.equal(child.exitCode, null, 'still running while its handler is in flight');
  child.stdin.write('release\n');
  const [code] = await exited;
  t.equal(code, 0, 'exit code 0');
  t.match(out, `finished ${event.id}`);
  t.notMatch(out, `started ${late.id}`);
  t.equal((await rt.channel.checkQueue(rt.queueName)).messageCount, 1, 'the in-flight event was acked; only the late one is left');
});
