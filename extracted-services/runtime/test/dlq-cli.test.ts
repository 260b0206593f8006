import { createServer } from 'node:http';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import t, { type Test } from 'tap';
import { main } from '#cli/cli';
import { waitFor } from '#lib';
import { deadLetterQueueOf } from '#runtime';
import { productEvent, useRuntime, type RuntimeFixture } from './helpers.ts';

async function peel(args: string[], rt: RuntimeFixture): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { out: '', err: '' };
  stdout.on('data', (c: Buffer) => (chunks.out += c.toString()));
  stderr.on('data', (c: Buffer) => (chunks.err += c.toString()));
  const code = await main(['dlq', ...args], { stdout, stderr, env: { AMQP_URL: rt.url } });
  return { code, stdout: chunks.out, stderr: chunks.err };
}

/** Dead-letters `count` events through a consumer whose handler fails while `broken` is set. */
async function withDeadLetters(t: Test, count: number, queueType: 'quorum' | 'classic' = 'quorum') {
  const rt = await useRuntime(t);
  const state = { broken: true, handled: [] as Array<{ id: string; attempt: number }> };
  const consumer = await rt.consumer({
    queueType,
    maxAttempts: 1,
    handler: async (e, ctx) => {
      if (state.broken) throw new Error(`store unavailable for ${e.id}`);
      state.handled.push({ id: e.id, attempt: ctx.attempt });
    },
  });
  const events = Array.from({ length: count }, (_, i) => productEvent(i + 1));
  for (const e of events) rt.publish(e);
  await waitFor('events dead-lettered', () => consumer.stats().deadLettered === count);
  return { rt, state, events, consumer };
}

async function depth(rt: RuntimeFixture): Promise<number> {
  return (await rt.channel.checkQueue(deadLetterQueueOf(rt.queueName))).messageCount;
}

t.test('show lists dead letters with their reason and leaves them in place, in order', async (t) => {
  const { rt, events } = await withDeadLetters(t, 3);
  const first = await peel(['show', rt.queueName, '--limit', '2', '--json'], rt);
  t.equal(first.code, 0, first.stderr);
  const shown = JSON.parse(first.stdout) as { depth: number; messages: Array<{ messageId: string; reason: string; code: string; attempts: number; exchange: string; routingKey: string }> };
  t.equal(shown.depth, 3);
  t.same(
    shown.messages.map((m) => m.messageId),
    events.slice(0, 2).map((e) => e.id),
  );
  t.match(shown.messages[0], {
    reason: `store unavailable for ${events[0]?.id}`,
    code: 'PEEL_RUNTIME_HANDLER_FAILED',
    attempts: 1,
    exchange: rt.exchangeName,
    routingKey: 'shop.product.updated',
  });
  t.equal(await depth(rt), 3, 'nothing was removed');
  const again = await peel(['show', `${rt.queueName}.dlq`], rt);
  t.equal(again.code, 0);
  const ids = [...again.stdout.matchAll(/^#\d+ (\S+)/gm)].map((m) => m[1]);
  t.same(ids, events.map((e) => e.id), 'the order is kept across shows; the .dlq name works too');
  t.match(again.stdout, /reason: store unavailable/);
});

t.test('show keeps the order of a classic DLQ too (requeued in place, only the limit is read)', async (t) => {
  const { rt, events } = await withDeadLetters(t, 3, 'classic');
  const ids = async (limit: number) => {
    const out = await peel(['show', rt.queueName, '--limit', String(limit), '--json'], rt);
    return (JSON.parse(out.stdout) as { messages: Array<{ messageId: string }> }).messages.map((m) => m.messageId);
  };
  t.same(await ids(1), [events[0]?.id]);
  t.same(await ids(3), events.map((e) => e.id));
  t.equal(await depth(rt), 3);
});

t.test('retry republishes to the original exchange with a fresh attempt count, then removes them', async (t) => {
  const { rt, state, events, consumer } = await withDeadLetters(t, 3);
  state.broken = false;
  const partial = await peel(['retry', rt.queueName, '--limit', '2'], rt);
  t.equal(partial.code, 0, partial.stderr);
  t.match(partial.stdout, /retried 2 dead letters .* \(1 left\)/);
  await waitFor('two retried events handled', () => consumer.stats().handled === 2);
  t.same(state.handled, events.slice(0, 2).map((e) => ({ id: e.id, attempt: 1 })), 'oldest first, attempt starts over');
  t.equal(await depth(rt), 1);
  const rest = await peel(['retry', rt.queueName, '--json'], rt);
  t.match(JSON.parse(rest.stdout), { retried: 1, unroutable: 0, remaining: 0 });
  await waitFor('all events handled', () => consumer.stats().handled === 3);
  t.equal(await depth(rt), 0);
});

t.test('retry --queue-only sends to the consumer queue alone; unroutable messages stay', async (t) => {
  const { rt, state, consumer } = await withDeadLetters(t, 1);
  await rt.channel.unbindQueue(rt.queueName, rt.exchangeName, 'shop.#');
  const unroutable = await peel(['retry', rt.queueName], rt);
  t.equal(unroutable.code, 1, 'nothing is bound for the routing key any more');
  t.match(unroutable.stdout, /1 unroutable, left in the DLQ/);
  t.equal(await depth(rt), 1, 'the message was not lost');
  state.broken = false;
  const direct = await peel(['retry', rt.queueName, '--queue-only'], rt);
  t.equal(direct.code, 0, direct.stderr);
  await waitFor('handled through the default exchange', () => consumer.stats().handled === 1);
  t.equal(await depth(rt), 0);
});

t.test('dead letters from the broker itself (x-death) are shown and retried to their origin', async (t) => {
  const rt = await useRuntime(t);
  const consumer = await rt.consumer({ handler: async () => undefined });
  await consumer.close();
  const event = productEvent(1);
  // No consumer and a 1 ms TTL: the broker dead-letters it through the queue's own DLX.
  rt.channel.publish(rt.exchangeName, 'shop.product.updated', Buffer.from(JSON.stringify(event)), { messageId: event.id, expiration: '1' });
  await waitFor('expired into the DLQ', async () => (await depth(rt)) === 1);
  const shown = await peel(['show', rt.queueName, '--json'], rt);
  t.match(JSON.parse(shown.stdout), {
    messages: [{ messageId: event.id, type: event.type, reason: 'dead-lettered by the broker (expired)', exchange: rt.exchangeName, routingKey: 'shop.product.updated' }],
  });
  const handled: string[] = [];
  const again = await rt.consumer({ handler: async (e) => void handled.push(e.id) });
  const retried = await peel(['retry', rt.queueName], rt);
  t.equal(retried.code, 0, retried.stderr);
  await waitFor('handled after the retry', () => again.stats().handled === 1);
  t.same(handled, [event.id]);
});

t.test('purge drops every dead letter', async (t) => {
  const { rt } = await withDeadLetters(t, 2);
  const out = await peel(['purge', rt.queueName, '--json'], rt);
  t.equal(out.code, 0, out.stderr);
  t.same(JSON.parse(out.stdout), { queue: rt.queueName, purged: 2 });
  t.equal(await depth(rt), 0);
});

t.test('list: the management API when it answers, else the queue names it can check', async (t) => {
  const { rt } = await withDeadLetters(t, 2);
  const requests: Array<{ url?: string; auth?: string }> = [];
  let available = false;
  const api = createServer((req, res) => {
    requests.push({ url: req.url, auth: req.headers.authorization });
    if (!available) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify([{ name: rt.queueName, messages: 0 }, { name: `${rt.queueName}.dlq`, messages: 2 }]));
  });
  api.listen(0, '127.0.0.1');
  t.teardown(() => api.close());
  await once(api, 'listening');
  const managementUrl = `http://127.0.0.1:${(api.address() as { port: number }).port}`;

  const derived = await peel(['list', rt.queueName, '--management-url', managementUrl, '--json'], rt);
  t.equal(derived.code, 0, derived.stderr);
  const listing = JSON.parse(derived.stdout) as { source: string; queues: Array<{ queue: string; deadLetters: number }> };
  t.equal(listing.source, 'derived');
  t.same(listing.queues.find((q) => q.queue === rt.queueName), { queue: rt.queueName, dlq: `${rt.queueName}.dlq`, deadLetters: 2 });

  available = true;
  const viaApi = await peel(['list', '--management-url', managementUrl], rt);
  t.equal(viaApi.code, 0, viaApi.stderr);
  t.match(viaApi.stdout, new RegExp(`${rt.queueName.replace(/\./g, '\\.')} +2\\n`));
  t.match(viaApi.stdout, /from management API/);
  t.equal(requests.at(-1)?.url, '/api/queues/%2F?columns=name,messages');
  t.equal(requests.at(-1)?.auth, `Basic ${Buffer.from('guest:guest').toString('base64')}`);
});

t.test('bad usage is one line on stderr with the code', async (t) => {
  const rt = await useRuntime(t);
  const missing = await peel(['show'], rt);
  t.equal(missing.code, 2);
  t.match(missing.stderr, /show expects exactly one queue name.*\(PEEL_CLI_USAGE\)\n$/);
  const unknown = await peel(['show', `${rt.queueName}-nope`], rt);
  t.equal(unknown.code, 1);
  t.match(unknown.stderr, /does not exist.*\(PEEL_RUNTIME_QUEUE_NOT_FOUND\)\n$/);
  const badLimit = await peel(['show', rt.queueName, '--limit', '0'], rt);
  t.equal(badLimit.code, 2);
  t.match(badLimit.stderr, /--limit expects a whole number/);
  const down = await peel(['list', '--amqp-url', 'amqp://guest:secret@127.0.0.1:1'], rt);
  t.equal(down.code, 1);
  t.match(down.stderr, /cannot reach RabbitMQ at amqp:\/\/guest:\*\*\*@127\.0\.0\.1:1.*\(PEEL_RUNTIME_BROKER_UNREACHABLE\)\n$/);
  t.notMatch(down.stderr, /secret/, 'the password is not printed');
});
