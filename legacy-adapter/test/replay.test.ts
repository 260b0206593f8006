import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { waitFor } from '#lib';
import { runReplay, type StoredEvent } from '#adapter';
import { createAmqpFrameProxy } from './fixtures/amqp-frame-proxy.ts';
import { productDoc } from './fixtures/shop-docs.ts';
import { startAdapter, testConfig, useAdapterWorld } from './fixtures/harness.ts';

const PEEL = fileURLToPath(new URL('../../bin/peel.js', import.meta.url));

interface PeelRun {
  process: ChildProcess;
  readonly stderr: string;
  exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function spawnPeel(args: string[], env: Record<string, string>): PeelRun {
  const child = spawn(process.execPath, [PEEL, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = once(child, 'close').then(([code]) => ({ code: code as number | null, stdout, stderr }));
  return {
    process: child,
    get stderr() {
      return stderr;
    },
    exited,
  };
}

const peel = (args: string[], env: Record<string, string>) => spawnPeel(args, env).exited;

t.test('peel replay republishes stored events by type and time to a queue or an exchange', async (t) => {
  const { mongo, amqp, names, received } = await useAdapterWorld(t);
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
  t.same(JSON.parse(result.stdout), { published: 2, unroutable: 0, total: 2, matched: 2 });
  t.match(result.stderr, 'replayed 2/2', 'progress');
  const replayed: StoredEvent[] = [];
  await amqp.channel.consume(queue, (m) => m && replayed.push(JSON.parse(m.content.toString()) as StoredEvent), { noAck: true });
  await waitFor('the replayed events', () => replayed.length === 2);
  t.same(replayed.map((e) => e.type), ['shop.product.created.v1', 'shop.product.created.v1']);

  const toExchange = await runReplay(env, { typePattern: 'shop.user.*' });
  t.same(toExchange, { published: 1, unroutable: 0, total: 1, matched: 1 });
  t.same(
    await runReplay(env, { typePattern: 'shop.user.*', signal: AbortSignal.abort() }),
    { published: 0, unroutable: 0, total: 0, matched: 1, stoppedAfter: { sequence: 0 } },
    'stopped before the first event: go on from the start',
  );
  await received.until('the replayed user event on the exchange', (e) => e.filter((x) => x.type === 'shop.user.registered.v1').length === 2);
  t.same(await runReplay(env, { since: new Date(Date.now() + 60_000) }), { published: 0, unroutable: 0, total: 0, matched: 0 }, 'nothing after --since');
  await t.rejects(runReplay(env, { typePattern: 'shop.nothing.*' }), { code: 'PEEL_ADAPTER_REPLAY_INVALID' });

  const bad = await peel(['replay', '--since', 'yesterday'], env);
  t.equal(bad.code, 1);
  t.match(bad.stderr, /--since expects an ISO-8601 time.*\(PEEL_ADAPTER_REPLAY_INVALID\)/);
  const badSequence = await peel(['replay', '--after-sequence', '1.5'], env);
  t.equal(badSequence.code, 1);
  t.match(badSequence.stderr, /--after-sequence expects a whole number.*\(PEEL_ADAPTER_REPLAY_INVALID\)/);
});

t.test('SIGTERM stops peel replay once what it sent is confirmed, and --after-sequence goes on from there', async (t) => {
  const { mongo, amqp, names, received } = await useAdapterWorld(t);
  const adapter = await startAdapter(t, testConfig(mongo, amqp, names));
  await mongo.client.db(names.shopDb).collection('products').insertMany(Array.from({ length: 30 }, (_, i) => productDoc(i + 1)));
  await received.until('30 events', (e) => e.length >= 30);
  await adapter.close();
  const stored = await mongo.client.db(names.adapterDb).collection<StoredEvent>('events').find().sort({ sequence: 1 }).toArray();
  t.equal(stored.length, 30);

  const queue = amqp.queue('replay-stop');
  await amqp.channel.assertQueue(queue, { durable: false });
  const proxy = await createAmqpFrameProxy(amqp.url);
  t.teardown(() => proxy.close());
  // With confirms held back, replay fills its window of 10 and waits: a fixed point to stop at.
  proxy.holdConfirms();
  const env = { MONGODB_URL: mongo.url, ADAPTER_DATABASE: names.adapterDb, ADAPTER_WATCH: names.shopDb, PEEL_EXCHANGE: names.exchange, ADAPTER_RELAY_WINDOW: '10' };
  const child = spawnPeel(['replay', '--to-queue', queue, '--json'], { ...env, AMQP_URL: proxy.url });
  await waitFor('a full window', () => proxy.publishes === 10);
  child.process.kill('SIGTERM');
  await waitFor('replay to take the signal', () => child.stderr.includes('stopping once the events already sent are confirmed'));
  proxy.releaseConfirms();
  const stopped = await child.exited;
  t.equal(stopped.code, 143, '128 + SIGTERM');
  const tenth = stored[9]?.sequence;
  t.same(JSON.parse(stopped.stdout), { published: 10, unroutable: 0, total: 10, matched: 30, stoppedAfter: { sequence: tenth } });
  t.match(stopped.stderr, `stopped by SIGTERM after 10 of 30 events, all confirmed; to go on, run it again with the same options and --after-sequence ${tenth}`);
  t.equal(proxy.publishes, 10, 'nothing sent after the signal');

  const rest = await peel(['replay', '--to-queue', queue, '--after-sequence', String(tenth), '--json'], { ...env, AMQP_URL: amqp.url });
  t.equal(rest.code, 0, rest.stderr);
  t.same(JSON.parse(rest.stdout), { published: 20, unroutable: 0, total: 20, matched: 20 });
  const replayed: string[] = [];
  await amqp.channel.consume(queue, (m) => m && replayed.push(String(m.properties.messageId)), { noAck: true });
  await waitFor('all 30 replayed', () => replayed.length === 30);
  t.same(replayed, stored.map((e) => e.id), 'every event once, in order');
});

t.test('replay leaves out an end-of-snapshot marker unless the selection holds its whole run', async (t) => {
  const { mongo, amqp, names, received, products } = await useAdapterWorld(t);
  await products.insertMany([productDoc(1), productDoc(2), productDoc(3)]);
  const adapter = await startAdapter(t, testConfig(mongo, amqp, names, { snapshot: { batchSize: 2 } }));
  await products.insertOne(productDoc(4));
  const events = await received.until('the snapshot, its marker and a live insert', (e) => e.length >= 5);
  await adapter.close();
  const [first, second] = events.filter((e) => e.type === 'shop.product.snapshot.v1');
  const marker = events.find((e) => e.type === 'shop.product.snapshot-completed.v1');
  t.ok(first && second && marker, 'a run of three with its marker');
  const { startedAt } = marker?.data as { startedAt: string };

  const queue = amqp.queue('replay-markers');
  await amqp.channel.assertQueue(queue, { durable: false });
  const env = { MONGODB_URL: mongo.url, AMQP_URL: amqp.url, ADAPTER_DATABASE: names.adapterDb, ADAPTER_WATCH: names.shopDb, PEEL_EXCHANGE: names.exchange };
  const replay = (options: Parameters<typeof runReplay>[1]) => runReplay(env, { target: { queue }, ...options });

  t.same(await replay({ typePattern: 'shop.product.*' }), { published: 5, unroutable: 0, total: 5, matched: 5 }, 'the whole history: the marker goes with its run');
  t.same(await replay({ typePattern: 'shop.product.*', since: new Date(startedAt) }), { published: 5, unroutable: 0, total: 5, matched: 5 }, 'from the run\'s start: the same');
  t.same(
    await replay({ typePattern: 'shop.product.*', afterSequence: first?.sequence }),
    { published: 3, unroutable: 0, total: 3, matched: 4, skippedMarkers: 1 },
    'starting inside the run: the marker is left out',
  );
  t.same(await replay({ typePattern: 'shop.product.snapshot-completed' }), { published: 0, unroutable: 0, total: 0, matched: 1, skippedMarkers: 1 }, 'without the run\'s snapshot events: left out');
  const late = await replay({ typePattern: 'shop.product.*', since: new Date(Date.parse(startedAt) + 1) });
  t.match(late, { skippedMarkers: 1, published: late.matched - 1 }, 'a --since after the run began cannot promise the whole run: the marker is left out');

  const cli = await peel(['replay', '--type', 'shop.product.*', '--after-sequence', String(first?.sequence), '--to-queue', queue], env);
  t.equal(cli.code, 0, cli.stderr);
  t.match(cli.stderr, /left out 1 end-of-snapshot marker\(s\) whose snapshot run is not wholly in the selection/);
});

t.test('replay checks its target before sending, and ends with the reason when the broker goes away', async (t) => {
  const { mongo, amqp, names, received, products } = await useAdapterWorld(t);
  const adapter = await startAdapter(t, testConfig(mongo, amqp, names));
  await products.insertMany(Array.from({ length: 20 }, (_, i) => productDoc(i + 1)));
  await received.until('20 events', (e) => e.length >= 20);
  await adapter.close();
  const env = { MONGODB_URL: mongo.url, AMQP_URL: amqp.url, ADAPTER_DATABASE: names.adapterDb, ADAPTER_WATCH: names.shopDb, PEEL_EXCHANGE: names.exchange };

  const target = amqp.exchange('replay-target');
  await amqp.channel.assertExchange(target, 'topic', { durable: false });
  const bound = amqp.queue('replay-target-q');
  await amqp.channel.assertQueue(bound, { durable: false });
  await amqp.channel.bindQueue(bound, target, 'shop.product.*');
  const ok = await peel(['replay', '--type', 'shop.product.created', '--to-exchange', target], env);
  t.equal(ok.code, 0, ok.stderr);
  t.equal(ok.stdout, 'replayed 20 events\n', 'the final count');
  t.equal((await amqp.channel.checkQueue(bound)).messageCount, 20, 'every event reached the queue bound to the other exchange');

  const missing = await peel(['replay', '--to-exchange', `${target}-missing`], env);
  t.equal(missing.code, 1);
  t.equal(missing.stderr.trim().split('\n').length, 1, 'one line, no stack trace');
  t.match(missing.stderr, `replay: exchange "${target}-missing" does not exist on the broker; name an existing exchange with --to-exchange or PEEL_EXCHANGE (PEEL_ADAPTER_REPLAY_INVALID)`);
  await t.rejects(runReplay(env, { target: { queue: `${bound}-missing` } }), { code: 'PEEL_ADAPTER_REPLAY_INVALID', message: /queue ".*-missing" does not exist on the broker/ });
  t.equal((await amqp.channel.checkQueue(bound)).messageCount, 20, 'a missing target got nothing sent anywhere');

  const unbound = amqp.exchange('replay-unbound');
  await amqp.channel.assertExchange(unbound, 'topic', { durable: false });
  const nowhere = await peel(['replay', '--to-exchange', unbound], env);
  t.equal(nowhere.code, 1);
  t.match(nowhere.stderr, `replay: 20 events could not be routed to exchange ${unbound}`);
  t.match(nowhere.stderr, 'PEEL_ADAPTER_REPLAY_UNROUTABLE');

  const both = await peel(['replay', '--to-exchange', target, '--to-queue', bound], env);
  t.equal(both.code, 1);
  t.match(both.stderr, 'replay: --to-exchange/--to-queue are exclusive: give one target (PEEL_ADAPTER_REPLAY_INVALID)');

  // The broker goes away with a full window of unconfirmed events.
  const proxy = await createAmqpFrameProxy(amqp.url);
  t.teardown(() => proxy.close());
  proxy.holdConfirms();
  const replay = runReplay({ ...env, AMQP_URL: proxy.url, ADAPTER_RELAY_WINDOW: '5' }, { target: { queue: bound } });
  await waitFor('a full window', () => proxy.publishes === 5);
  await proxy.close();
  await t.rejects(replay, { code: 'PEEL_ADAPTER_BROKER_UNAVAILABLE' }, 'the replay ends with the reason instead of hanging or crashing');
});
