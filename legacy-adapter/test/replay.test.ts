import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { waitFor } from '#lib';
import { useAmqp, useMongo } from '#test-support';
import { runReplay, type StoredEvent } from '#adapter';
import { productDoc } from './fixtures/shop-docs.ts';
import { receiveAll, startAdapter, testConfig, testNames } from './fixtures/harness.ts';

const PEEL = fileURLToPath(new URL('../../bin/peel.js', import.meta.url));

async function peel(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [PEEL, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

t.test('peel replay republishes stored events by type and time to a queue or an exchange', async (t) => {
  const mongo = await useMongo(t);
  const amqp = await useAmqp(t);
  const names = testNames(mongo, amqp);
  const received = await receiveAll(amqp, names.exchange);
  const db = mongo.client.db(names.shopDb);
  const adapter = await startAdapter(t, testConfig(mongo, amqp, names));
  await db.collection('products').insertMany([productDoc(1), productDoc(2)]);
  await db.collection('users').insertOne({ email: 'ada@example.com', name: 'Ada', registeredAt: new Date() });
  await received.until('three events', (e) => e.length >= 3);
  await adapter.close();

  const queue = amqp.queue('replay-q');
  await amqp.channel.assertQueue(queue, { durable: false });
  const env = { MONGODB_URL: mongo.url, AMQP_URL: amqp.url, ADAPTER_DATABASE: names.adapterDb, ADAPTER_WATCH: names.shopDb, PEEL_EXCHANGE: names.exchange };
  const result = await peel(['replay', '--type', 'shop.product.*', '--since', '2000-01-01T00:00:00Z', '--to-queue', queue, '--json'], env);
  t.equal(result.code, 0, result.stderr);
  t.same(JSON.parse(result.stdout), { published: 2, unroutable: 0, total: 2 });
  t.match(result.stderr, 'replayed 2/2', 'progress');
  const replayed: StoredEvent[] = [];
  await amqp.channel.consume(queue, (m) => m && replayed.push(JSON.parse(m.content.toString()) as StoredEvent), { noAck: true });
  await waitFor('the replayed events', () => replayed.length === 2);
  t.same(replayed.map((e) => e.type), ['shop.product.created.v1', 'shop.product.created.v1']);

  const toExchange = await runReplay(env, { typePattern: 'shop.user.*' });
  t.same(toExchange, { published: 1, unroutable: 0, total: 1 });
  await received.until('the replayed user event on the exchange', (e) => e.filter((x) => x.type === 'shop.user.registered.v1').length === 2);
  t.same(await runReplay(env, { since: new Date(Date.now() + 60_000) }), { published: 0, unroutable: 0, total: 0 }, 'nothing after --since');
  await t.rejects(runReplay(env, { target: { queue: `${queue}-missing` } }), { code: 'PEEL_ADAPTER_REPLAY_UNROUTABLE' });
  await t.rejects(runReplay(env, { typePattern: 'shop.nothing.*' }), { code: 'PEEL_ADAPTER_REPLAY_INVALID' });

  const bad = await peel(['replay', '--since', 'yesterday'], env);
  t.equal(bad.code, 1);
  t.match(bad.stderr, /--since expects an ISO-8601 time.*\(PEEL_ADAPTER_REPLAY_INVALID\)/);
});
