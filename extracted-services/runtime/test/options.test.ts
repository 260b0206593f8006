import t from 'tap';
import { hasCode } from '#lib';
import { createConsumer, type ConsumerOptions } from '#runtime';
import { quiet } from './helpers.ts';

const valid: ConsumerOptions = {
  url: 'amqp://guest:guest@127.0.0.1:5672',
  queue: 'peel.catalog',
  bindings: ['shop.product.*'],
  handler: async () => undefined,
  logger: quiet,
};

t.test('valid options with defaults build a consumer without connecting', async (t) => {
  const consumer = createConsumer(valid);
  t.match(consumer.stats(), { connected: false, received: 0, inFlight: 0 });
  await consumer.close();
});

t.test('bad options fail at once, naming every bad field and what was expected', async (t) => {
  const err = (() => {
    try {
      createConsumer({ ...valid, url: 'http://x', queue: 'amq.nope', bindings: ['shop..x'], prefetch: 0, retryDelaysMs: [], queueType: 'lazy' as 'quorum' });
    } catch (e) {
      return e as Error;
    }
  })();
  t.ok(hasCode(err, 'PEEL_CONFIG_INVALID'));
  for (const field of ['url', 'queue', 'bindings[0]', 'prefetch', 'retryDelaysMs', 'queueType']) t.match(err?.message, `${field}:`, `names ${field}`);
  t.match(err?.message, /expected an amqp:\/\/ or amqps:\/\/ URL/);
  t.match(err?.message, /expected a topic pattern/);
});

t.test('unknown option names are refused instead of silently ignored', async (t) => {
  t.throws(() => createConsumer({ ...valid, prefech: 10 } as ConsumerOptions), { code: 'PEEL_CONFIG_INVALID', message: /prefech/ });
  t.throws(() => createConsumer({ ...valid, handler: undefined as unknown as ConsumerOptions['handler'] }), /handler must be an async function/);
});

t.test('start() a second time is refused', async (t) => {
  const consumer = createConsumer({ ...valid, url: 'amqp://guest:guest@127.0.0.1:1' });
  await t.rejects(consumer.start(), { code: 'PEEL_RUNTIME_CONNECT_FAILED' }, 'an unreachable broker on the first start is an error, not a hang');
  await t.rejects(consumer.start(), { code: 'PEEL_RUNTIME_BAD_STATE' });
});
