import t from 'tap';
import { waitFor } from '#lib';
import { deadLetterQueueOf, HEADER } from '#runtime';
import { MAX_HEADER_CHARS } from '#runtime/headers';
import { productEvent, useRuntime } from './helpers.ts';

/** 20,000 unknown keys: the validation message naming them all is about 600 KB. */
function eventWithManyUnknownKeys() {
  const event = productEvent(1);
  const data: Record<string, unknown> = { ...event.data };
  for (let i = 0; i < 20_000; i++) data[`k${i}_${'x'.repeat(20)}`] = i;
  return { ...event, data };
}

for (const queueType of ['quorum', 'classic'] as const) {
  t.test(`${queueType}: an invalid event with a huge reason is dead-lettered at once with its code and a cut reason; the queue goes on`, async (t) => {
    const rt = await useRuntime(t);
    const handled: string[] = [];
    const consumer = await rt.consumer({ queueType, handler: async (e) => void handled.push(e.id) });
    const poison = eventWithManyUnknownKeys();
    const after = productEvent(2);
    rt.publish(poison);
    rt.publish(after);

    await waitFor('the poison dead-lettered and the event behind it handled', () => consumer.stats().deadLettered === 1 && handled.includes(after.id));
    t.match(consumer.stats(), { abandoned: 0, retried: 0 }, 'no failed copy, no retry');
    const msg = await waitFor('dead letter stored', () => rt.channel.get(deadLetterQueueOf(rt.queueName)));
    const h = msg.properties.headers ?? {};
    t.equal(h[HEADER.errorCode], 'PEEL_CONTRACTS_INVALID_EVENT', 'the real code, not a redelivery limit');
    const reason = String(h[HEADER.dlqReason]);
    t.ok(reason.length < MAX_HEADER_CHARS + 100, `the reason is cut (${reason.length} chars)`);
    t.match(reason, /^.{1000}… \(cut, \d{6,} chars in all\)$/s, 'it says it was cut and how long it was');
    t.equal(msg.properties.messageId, poison.id);
    rt.channel.ack(msg);
  });
}
