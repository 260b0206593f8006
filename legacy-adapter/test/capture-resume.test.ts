import { MongoClient, MongoServerError } from 'mongodb';
import t from 'tap';
import { createLogger, waitFor } from '#lib';
import { uniqueName } from '#test-support';
import type { StoredEvent } from '#adapter';
import { productDoc } from './fixtures/shop-docs.ts';
import { startAdapter, testConfig, useAdapterWorld } from './fixtures/harness.ts';

/** Few enough that no relay read needs a getMore: the fail point then only hits the change stream. */
const BEFORE = 10;
const WHILE_FAILING = 20;

const noFailPoint = process.env.MONGODB_URL ? await failPointMissing(process.env.MONGODB_URL) : undefined;

t.test('a change stream error the driver cannot resume from is resumed by the adapter from its token: nothing skipped, nothing twice, in order', { skip: noFailPoint ? `needs the failCommand fail point (a server started with enableTestCommands): ${noFailPoint}` : false }, async (t) => {
  const { mongo, amqp, names, received, products } = await useAdapterWorld(t);
  t.teardown(() => failCommand(mongo.client, { mode: 'off' }));

  const appName = uniqueName('adapter');
  const lines: Array<{ msg: string; err?: { code?: number } }> = [];
  const logger = createLogger('legacy-adapter', { level: 'warn', destination: { write: (line: string) => void lines.push(JSON.parse(line) as (typeof lines)[number]) } });
  const config = testConfig(mongo, amqp, names, { mongodbUrl: withAppName(mongo.url, appName), snapshot: { onFirstStart: false }, capture: { maxAwaitMs: 100, retryInitialMs: 20, retryMaxMs: 100 } });
  const adapter = await startAdapter(t, config, { logger });
  const inserted: string[] = [];
  const insert = async (count: number) => {
    const docs = Array.from({ length: count }, (_, i) => productDoc(inserted.length + i));
    for (const doc of docs) await products.insertOne(doc);
    inserted.push(...docs.map((d) => d._id.toHexString()));
  };

  await insert(BEFORE);
  await received.until('the first events', (e) => e.length >= BEFORE);

  // A getMore failing with a resumable label makes the driver resume by itself; its resume
  // (an aggregate) failing too is surfaced, and from then on only the adapter can resume.
  await failCommand(mongo.client, { mode: 'alwaysOn', data: { failCommands: ['getMore', 'aggregate'], errorCode: 91, errorLabels: ['ResumableChangeStreamError'], appName } });
  const resuming = () => lines.filter((l) => l.msg === 'change stream failed, resuming');
  await waitFor('the adapter to see the stream fail', () => resuming().length > 0);
  // Stored while no stream of the adapter can read: one reopened at "now" would never see these.
  await insert(WHILE_FAILING);
  await failCommand(mongo.client, { mode: 'off' });
  // Writes go on until one made from now on reaches the broker: capture is streaming again.
  const afterFailures = new Set<string>();
  await waitFor('a change made after the failures to reach the broker', async () => {
    if (received.events().some((e) => afterFailures.has(e.subject))) return true;
    await insert(1);
    afterFailures.add(inserted.at(-1) as string);
    return false;
  });
  const last = inserted.at(-1);
  await received.until('the last change on the broker', (e) => e.some((x) => x.subject === last));
  await waitFor('the relay to catch up', () => adapter.status().relay.lagEvents === 0);
  const events = received.events();
  const total = inserted.length;
  t.match(resuming()[0], { err: { code: 91 } }, "'change stream failed, resuming' is logged with the error");
  const stored = await mongo.client.db(names.adapterDb).collection<StoredEvent>('events').find({}, { sort: { sequence: 1 } }).toArray();
  t.same(stored.map((e) => e.subject), inserted, 'events: every change once, none skipped, in order');
  t.equal(new Set(stored.map((e) => e.id)).size, total, 'events: no id twice');
  t.same(received.events().map((e) => e.subject), inserted, 'broker: every change once, in order');
  t.ok(events.every((e) => e.type === 'shop.product.created.v1'), 'as created events');
});

/** Why the server at `url` refuses the fail point, or undefined when it runs it. */
async function failPointMissing(url: string): Promise<string | undefined> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 10_000 });
  try {
    await failCommand(client, { mode: 'off' });
    return undefined;
  } catch (err) {
    if (err instanceof MongoServerError) return err.message;
    throw err;
  } finally {
    await client.close();
  }
}

function failCommand(client: MongoClient, options: { mode: unknown; data?: Record<string, unknown> }) {
  return client.db('admin').command({ configureFailPoint: 'failCommand', ...options });
}

/** The URL with `appName` set, so a fail point can single out the adapter's connections. */
function withAppName(url: string, appName: string): string {
  const param = `appName=${encodeURIComponent(appName)}`;
  if (url.includes('?')) return `${url}&${param}`;
  return url.slice(url.indexOf('://') + 3).includes('/') ? `${url}?${param}` : `${url}/?${param}`;
}
