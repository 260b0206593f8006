import t from 'tap';
import { HEADER, deadLetterQueueOf } from '#runtime';
import { waitFor } from '#lib';
import { eventOf, useNotifications } from './helpers.ts';

t.test('the log sender, like SMTP, never records a notification sent to nobody: it is retried, and dead-lettered with the reason if the address never comes', async (t) => {
  const f = await useNotifications(t, { sender: false });
  const userId = '6745a1f0c2b3d4e5f6a7b998';
  f.publish(eventOf('shop.order.placed.v1', 2, { userId }));
  const dead = await waitFor('the dead letter', async () => (await f.amqp.channel.get(deadLetterQueueOf(f.queue), { noAck: true })) || undefined);
  t.equal(dead.properties.headers?.[HEADER.errorCode], 'PEEL_NOTIFICATIONS_NO_ADDRESS');
  const { body } = await f.list(`userId=${userId}`);
  t.match(body.items, [{ kind: 'order-confirmation', to: null, status: 'pending' }], 'pending, not sent to nobody');
});
