import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import amqp, { type ConsumeMessage } from 'amqplib';
import t from 'tap';
import { deleteStackTopology, dropStackDatabases, freeStackPorts, stackNamesFor, startStack, type ChildLine, type StackNames } from '#demo';
import { waitFor } from '#lib';
import { TEST_AMQP_URL, uniqueName } from '#test-support';

// The whole system, every process real: embedded MongoDB (or MONGODB_URL), the legacy
// shop, the adapter, catalog, notifications and the proxy, as `peel` child processes.
const run = uniqueName('e2e').replace(/[^a-z0-9]/gi, '_');
const token = 'e2e-admin-token-0123456789abcdef';
const stateDir = mkdtempSync(join(tmpdir(), 'peel-e2e-'));
const proxyLines: Array<Record<string, unknown>> = [];
const problems: string[] = [];

const onLine = (line: ChildLine): void => {
  if (line.process === 'proxy' && line.entry?.reqId !== undefined) proxyLines.push(line.entry);
  const level = line.entry?.level;
  if (level === 'error' || level === 'fatal') problems.push(`${line.process}: ${line.text.slice(0, 300)}`);
};

const names: StackNames = stackNamesFor(run);

const starting = startStack({
  ports: await freeStackPorts(),
  names,
  amqpUrl: TEST_AMQP_URL,
  ...(process.env.MONGODB_URL ? { mongodbUrl: process.env.MONGODB_URL } : {}),
  stateDir,
  adminToken: token,
  seed: false,
  logLevel: 'info',
  onLine,
  startTimeoutMs: 90_000,
});
// Registered before the start is awaited, so a stack that fails to start is cleaned up too.
t.teardown(async () => {
  await (await starting.catch(() => undefined))?.stop();
  rmSync(stateDir, { recursive: true, force: true });
  await deleteStackTopology(TEST_AMQP_URL, names);
  if (process.env.MONGODB_URL) await dropStackDatabases(process.env.MONGODB_URL, names);
});
const stack = await starting;

const { proxy, admin, catalog } = stack.urls;

async function json(url: string, init: RequestInit = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function setOwner(feature: string, body: Record<string, unknown>): Promise<void> {
  const res = await json(`${admin}/features/${feature}`, { method: 'PUT', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`PUT /features/${feature}: ${res.status} ${JSON.stringify(res.body)}`);
}

/** The owner the proxy logged for the latest request matching `method` and `route` (requests here are sequential). */
async function servedBy(method: string, route: string): Promise<unknown> {
  const line = await waitFor(`the proxy log line for ${method} ${route}`, () => [...proxyLines].reverse().find((l) => l.method === method && l.route === route));
  return line.owner;
}

t.test('a product moves from the monolith to the catalog service and back', async (t) => {
  const created = await json(`${proxy}/api/products`, {
    method: 'POST',
    body: JSON.stringify({ sku: 'E2E-MUG-01', name: 'End-to-end mug', description: 'Made in a test', category: 'kitchen', price: { amountMinor: 1450, currency: 'EUR' }, stock: 12 }),
  });
  t.equal(created.status, 201, 'legacy creates the product');
  const id = String(created.body.id);
  const path = `/api/products/${id}`;
  const route = '/api/products/:id';

  const createdAt = Date.now();
  await waitFor('the catalog to have the new product', async () => (await json(`${catalog}${path}`)).status === 200, { timeoutMs: 10_000, intervalMs: 25 });
  const syncMs = Date.now() - createdAt;
  t.ok(syncMs <= 2_000, `catalog had the product within 2 s (${syncMs} ms)`);

  const fromLegacy = await json(`${proxy}${path}`);
  t.equal(fromLegacy.status, 200);
  t.equal(await servedBy('GET', route), 'legacy', 'legacy served the read before the flip');

  await setOwner('products-read', { owner: 'catalog', reason: 'e2e: catalog takes product reads' });
  proxyLines.length = 0;
  const fromCatalog = await json(`${proxy}${path}`);
  t.equal(await servedBy('GET', route), 'catalog', 'catalog serves the read after the flip');
  t.same(fromCatalog, fromLegacy, 'the same GET returns the same JSON as legacy did');

  const updated = await json(`${proxy}${path}`, { method: 'PATCH', body: JSON.stringify({ price: { amountMinor: 1299, currency: 'EUR' }, stock: 11 }) });
  t.equal(updated.status, 200, 'the write went through');
  t.equal(await servedBy('PATCH', route), 'legacy', 'writes stay on legacy');
  const updatedAt = Date.now();
  const seen = await waitFor(
    'the catalog read through the proxy to show the update',
    async () => {
      const res = await json(`${proxy}${path}`);
      return (res.body.price as { amountMinor?: number } | undefined)?.amountMinor === 1299 ? res : undefined;
    },
    { timeoutMs: 10_000, intervalMs: 25 },
  );
  t.comment(`catalog showed the update ${Date.now() - updatedAt} ms after the write`);
  t.same(seen.body, updated.body, 'catalog shows exactly what legacy answered to the write');
  const readyz = await waitFor('the catalog to report itself caught up', async () => {
    const res = await json(`${catalog}/readyz`);
    return (res.body.lag as { sequence?: unknown } | undefined)?.sequence === 0 ? res : undefined;
  });
  t.match(readyz, { status: 200, body: { ready: true, lag: { sequence: 0, ms: Number } } }, 'its sync lag, read from /readyz');

  const rollback = await json(`${admin}/features/products-read/rollback`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: '{}' });
  t.equal(rollback.status, 200);
  proxyLines.length = 0;
  t.equal((await json(`${proxy}${path}`)).status, 200);
  t.equal(await servedBy('GET', route), 'legacy', 'after the rollback legacy serves reads again');
});

t.test('registering a user produces a welcome notification', async (t) => {
  const user = await json(`${proxy}/api/users`, { method: 'POST', body: JSON.stringify({ email: `ada-${run}@example.com`, name: 'Ada Lovelace' }) });
  t.equal(user.status, 201);
  await setOwner('notifications-read', { owner: 'notifications', reason: 'e2e: notifications serves its own endpoint' });
  const list = await waitFor(
    'a welcome notification',
    async () => {
      const res = await json(`${proxy}/api/notifications?userId=${String(user.body.id)}`);
      const items = (res.body.items ?? []) as Array<Record<string, unknown>>;
      return items.length > 0 ? items : undefined;
    },
    { timeoutMs: 10_000, intervalMs: 50 },
  );
  t.match(list[0], { userId: user.body.id, kind: /welcome/ });
});

t.test("a write through the proxy can be traced: its event carries the request's id", async (t) => {
  const connection = await amqp.connect(TEST_AMQP_URL);
  t.teardown(() => connection.close());
  const channel = await connection.createChannel();
  const { queue } = await channel.assertQueue('', { exclusive: true });
  await channel.bindQueue(queue, names.exchange, 'shop.product.#');
  const messages: ConsumeMessage[] = [];
  await channel.consume(queue, (msg) => msg && messages.push(msg), { noAck: true });

  const res = await fetch(`${proxy}/api/products`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sku: 'E2E-TRACE-01', name: 'Traced mug', category: 'kitchen', price: { amountMinor: 900, currency: 'EUR' }, stock: 1 }),
  });
  t.equal(res.status, 201);
  const requestId = res.headers.get('x-request-id');
  t.ok(requestId, 'the proxy gave the request an id');
  const msg = await waitFor('the product event', () => messages.find((m) => m.properties.correlationId === requestId), { timeoutMs: 10_000 });
  const event = JSON.parse(msg.content.toString()) as { type: string; correlationId?: string; data: { sku: string } };
  t.match(event, { type: 'shop.product.created.v1', correlationId: requestId, data: { sku: 'E2E-TRACE-01' } });
  t.equal(msg.properties.headers?.['x-correlation-id'], requestId);
});

t.test('SIGTERM stops every process of the stack cleanly (exit 0)', async (t) => {
  await stack.stop();
  const codes = await Promise.all(stack.processes.map(async (p) => [p.name, await p.exited] as const));
  t.same(codes.filter(([, code]) => code !== 0), [], codes.map(([name, code]) => `${name} ${code}`).join(', '));
});

t.test('no process logged an error', async (t) => {
  t.same(problems, []);
});

/** On a real server the test's databases outlive the stack; the embedded one keeps nothing. */
