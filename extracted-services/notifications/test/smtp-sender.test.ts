import t from 'tap';
import { HEADER, deadLetterQueueOf } from '#runtime';
import { waitFor } from '#lib';
import { eventOf, useNotifications } from './helpers.ts';
import { startSmtpReceiver } from './smtp-receiver.ts';

t.test('with SMTP configured, a notification is mailed to the user with a Message-ID from the event', async (t) => {
  const smtp = await startSmtpReceiver(t);
  const f = await useNotifications(t, { sender: false, config: { smtp: { url: smtp.url, from: 'Shop <shop@example.com>' } } });
  const registered = eventOf('shop.user.registered.v1', 1);
  f.publish(registered);
  const [message] = await waitFor('the mail received', () => smtp.messages.length === 1 && smtp.messages);
  t.match(message, /^From: Shop <shop@example\.com>$/m);
  t.match(message, /^To: ada@example\.com$/m);
  t.match(message, /^Subject: Welcome to the shop$/m);
  t.match(message, new RegExp(`^Message-ID: <${registered.id}@peel\\.notifications>$`, 'm'));
  t.match(message, /Hello Ada Lovelace, your account is ready\./);
  await waitFor('the record marked sent', async () => (await f.list(`userId=${registered.data.userId}`)).body.items[0]?.status === 'sent');
});

t.test('a notification without an address is retried, then dead-lettered with the reason', async (t) => {
  const smtp = await startSmtpReceiver(t);
  const f = await useNotifications(t, { sender: false, config: { smtp: { url: smtp.url } } });
  f.publish(eventOf('shop.order.placed.v1', 2, { userId: '6745a1f0c2b3d4e5f6a7b999' }));
  const dead = await waitFor('the dead letter', async () => (await f.amqp.channel.get(deadLetterQueueOf(f.queue), { noAck: true })) || undefined);
  t.equal(dead.properties.headers?.[HEADER.errorCode], 'PEEL_NOTIFICATIONS_NO_ADDRESS');
  t.equal(smtp.messages.length, 0, 'nothing mailed');
  const { body } = await f.list('userId=6745a1f0c2b3d4e5f6a7b999');
  t.match(body.items, [{ kind: 'order-confirmation', to: null, status: 'pending' }], 'kept pending for `peel dlq retry`');
});
