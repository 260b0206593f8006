import t from 'tap';
import { waitFor } from '#lib';
import type { StoredEvent } from '#adapter';
import { spawnAdapter, type AdapterProcess } from './fixtures/adapter-process.ts';
import { productDoc } from './fixtures/shop-docs.ts';
import { bySubject, useAdapterWorld } from './fixtures/harness.ts';

const DOCS = 120;
const KILLS = 3;

t.test('SIGKILL at random points under load loses nothing; duplicates carry the same message id', async (t) => {
  const { mongo, amqp, names, received, products } = await useAdapterWorld(t);
  const env = {
    MONGODB_URL: mongo.url,
    AMQP_URL: amqp.url,
    ADAPTER_DATABASE: names.adapterDb,
    ADAPTER_WATCH: names.shopDb,
    PEEL_EXCHANGE: names.exchange,
    ADAPTER_PORT: '0',
    ADAPTER_CAPTURE_MAX_AWAIT_MS: '100',
    ADAPTER_RELAY_WINDOW: '16',
    ADAPTER_CAPTURE_BATCH_SIZE: '8',
    ADAPTER_STATS_INTERVAL_MS: '0',
    LOG_LEVEL: 'warn',
  };
  let current: AdapterProcess | undefined;
  t.teardown(async () => void (await current?.kill('SIGKILL')));

  const t0 = Date.now();
  const ids: unknown[] = [];
  const writer = (async () => {
    for (let i = 0; i < DOCS; i++) {
      const doc = productDoc(i);
      ids.push(doc._id);
      await products.insertOne(doc);
      await products.updateOne({ _id: doc._id }, { $set: { stock: 1_000 + i, updatedAt: new Date() } });
    }
  })();

  for (let kill = 0; kill < KILLS; kill++) {
    current = spawnAdapter(env);
    const seen = received.messages.length;
    const after = 10 + Math.floor(Math.random() * 40);
    await waitFor(`adapter ${kill + 1} to deliver ${after} messages`, () => received.messages.length >= seen + after || current?.child.exitCode !== null, { timeoutMs: 20_000 });
    t.equal(await current.kill('SIGKILL'), null, `adapter ${kill + 1} was killed`);
    t.comment(`kill ${kill} at ${Date.now() - t0} ms, messages ${received.messages.length}`);
  }
  await writer;
  t.comment(`writer done at ${Date.now() - t0} ms`);
  // Info logs, to see when it runs: a SIGTERM that lands while it is still loading would
  // kill it before its signal handler exists (it can have nothing left to deliver by then).
  const last = spawnAdapter({ ...env, LOG_LEVEL: 'info' });
  current = last;
  const events = await received.until('every product with its final stock', (e) => complete(bySubject(e)), 30_000);

  const subjects = bySubject(events);
  t.equal(subjects.size, DOCS, 'every product arrived');
  t.ok(
    [...subjects.values()].every((list) => list.some((e) => e.type === 'shop.product.created.v1' || e.type === 'shop.product.snapshot.v1')),
    'every insert arrived (as a change, or in the first snapshot when made before the adapter first started)',
  );
  const duplicates = received.messages.length - new Set(events.map((e) => e.id)).size;
  t.comment(`${received.messages.length} messages, ${duplicates} duplicates`);
  t.same(sameContentDifferentIds(events), [], 'a change delivered twice has the same id both times');
  t.same(
    received.messages.filter((m) => m.properties.messageId !== (JSON.parse(m.content.toString()) as StoredEvent).id),
    [],
    'message id = event id',
  );
  await waitFor('the last adapter to be running', () => last.output.join('').includes('"msg":"adapter started"'), { timeoutMs: 20_000 });
  t.equal(await last.kill('SIGTERM'), 0, 'SIGTERM exits 0');
});

/** Every product's newest event (by sequence) carries its final stock. */
function complete(subjects: Map<string, StoredEvent[]>): boolean {
  if (subjects.size < DOCS) return false;
  return [...subjects.values()].every((list) => {
    const newest = list.reduce((a, b) => (b.sequence > a.sequence ? b : a));
    return (newest.data as { stock: number }).stock >= 1_000;
  });
}

function sameContentDifferentIds(events: StoredEvent[]): string[] {
  const idsByContent = new Map<string, Set<string>>();
  for (const e of events) {
    const key = JSON.stringify([e.type, e.subject, e.time, e.data]);
    idsByContent.set(key, (idsByContent.get(key) ?? new Set()).add(e.id));
  }
  return [...idsByContent].filter(([, set]) => set.size > 1).map(([key]) => key);
}
