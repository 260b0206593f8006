// Consumer runtime throughput: events/s through createConsumer (JSON parse, contract
// validation, handler, ack) against a raw amqplib consume + ack of the same messages,
// measured in the same run on queues of the same type. Not a test: it prints figures.
//   npx tsx bench/consumer.ts      (BENCH_MESSAGES=20000 BENCH_PREFETCH=64 BENCH_QUEUE_TYPE=quorum)
import { performance } from 'node:perf_hooks';
import amqp, { type Channel } from 'amqplib';
import { EVENT_EXAMPLES, routingKeyOf } from '#contracts';
import { createLogger, waitFor } from '#lib';
import { createConsumer, topologyQueues } from '#runtime';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20_000);
const PREFETCH = Number(process.env.BENCH_PREFETCH ?? 64);
const QUEUE_TYPE = process.env.BENCH_QUEUE_TYPE === 'classic' ? 'classic' : 'quorum';
const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const run = `${process.pid}-${Date.now().toString(36)}`;
const exchange = `bench.consumer.${run}`;
const example = EVENT_EXAMPLES['shop.product.updated.v1'];

async function fill(channel: Channel, routeTo: (rk: string, body: Buffer) => boolean): Promise<void> {
  for (let i = 1; i <= MESSAGES; i += 1) {
    const body = Buffer.from(JSON.stringify({ ...example, id: `bench-${run}-${i}`, sequence: i }));
    if (!routeTo(routingKeyOf(example.type), body)) await new Promise((r) => channel.once('drain', r));
  }
}

async function raw(channel: Channel): Promise<number> {
  const queue = `bench.raw.${run}`;
  await channel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': QUEUE_TYPE } });
  await fill(channel, (_rk, body) => channel.sendToQueue(queue, body, { persistent: true }));
  await waitFor('raw queue filled', async () => (await channel.checkQueue(queue)).messageCount === MESSAGES, { timeoutMs: 60_000 });
  const connection = await amqp.connect(AMQP_URL);
  const consumer = await connection.createChannel();
  await consumer.prefetch(PREFETCH);
  let acked = 0;
  const start = performance.now();
  await consumer.consume(queue, (msg) => {
    if (!msg) return;
    JSON.parse(msg.content.toString());
    consumer.ack(msg);
    acked += 1;
  });
  await waitFor('raw consume', () => acked === MESSAGES, { timeoutMs: 120_000, intervalMs: 5 });
  const ms = performance.now() - start;
  await connection.close();
  await channel.deleteQueue(queue);
  return (MESSAGES / ms) * 1000;
}

async function runtime(channel: Channel): Promise<number> {
  const queue = `bench.rt.${run}`;
  const settings = { queue, retryDelaysMs: [1_000] };
  const logger = createLogger('bench', { level: 'warn' });
  // Declare and fill first, then start consuming, so both sides measure draining a full queue.
  const declare = createConsumer({ url: AMQP_URL, exchange, bindings: ['shop.#'], queueType: QUEUE_TYPE, logger, handler: async () => undefined, ...settings });
  await declare.start();
  await declare.close();
  await fill(channel, (rk, body) => channel.publish(exchange, rk, body, { persistent: true, messageId: 'x' }));
  await waitFor('runtime queue filled', async () => (await channel.checkQueue(queue)).messageCount === MESSAGES, { timeoutMs: 60_000 });
  let handled = 0;
  const consumer = createConsumer({
    url: AMQP_URL, exchange, bindings: ['shop.#'], queueType: QUEUE_TYPE, prefetch: PREFETCH, logger, ...settings,
    handler: async () => void (handled += 1),
  });
  const start = performance.now();
  await consumer.start();
  await waitFor('runtime consume', () => consumer.stats().handled === MESSAGES, { timeoutMs: 120_000, intervalMs: 5 });
  const ms = performance.now() - start;
  await consumer.close();
  for (const q of topologyQueues(settings)) await channel.deleteQueue(q);
  await channel.deleteExchange(exchange);
  if (handled !== MESSAGES) throw new Error(`handled ${handled} of ${MESSAGES}`);
  return (MESSAGES / ms) * 1000;
}

const connection = await amqp.connect(AMQP_URL);
const channel = await connection.createChannel();
const baseline = await raw(channel);
const measured = await runtime(channel);
await connection.close();
console.log(`messages: ${MESSAGES}, prefetch: ${PREFETCH}, queue type: ${QUEUE_TYPE}`);
console.log(`raw amqplib consume+ack:  ${Math.round(baseline)} msg/s`);
console.log(`runtime (validate+ack):   ${Math.round(measured)} events/s`);
console.log(`ratio runtime/raw:        ${(measured / baseline).toFixed(2)}`);
