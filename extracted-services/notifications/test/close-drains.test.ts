import t from 'tap';
import type { NotificationResponse } from '#contracts';
import { waitFor } from '#lib';
import { eventOf, useNotifications, type RecordingSender } from './helpers.ts';

/** A sender whose sends wait until the test lets them go: an event held in flight. */
function heldSender(): RecordingSender & { started: number; release(): void } {
  let release = (): void => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const sent: NotificationResponse[] = [];
  const sender = {
    name: 'held',
    sent,
    started: 0,
    release: () => release(),
    async send(notification: NotificationResponse) {
      sender.started += 1;
      await gate;
      sent.push(notification);
    },
  };
  return sender;
}

t.test('close() stops intake, lets the in-flight event finish, and only then closes MongoDB', async (t) => {
  const sender = heldSender();
  const f = await useNotifications(t, { sender });
  const registered = eventOf('shop.user.registered.v1', 1);
  f.publish(registered);
  await waitFor('the send in flight', () => sender.started === 1);

  let closed = false;
  const closing = f.service.close().then(() => (closed = true));
  t.equal((await fetch(`${f.service.url}/readyz`)).status, 503, 'not ready while shutting down');
  t.equal(closed, false, 'close waits for the in-flight event');
  sender.release();
  await closing;
  t.equal(sender.sent.length, 1);
  const record = await f.db.collection('notifications').findOne({ _id: registered.id as never });
  t.match(record, { status: 'sent' }, 'the in-flight event was completed and recorded before MongoDB closed');
  t.equal((await f.amqp.channel.checkQueue(f.queue)).messageCount, 0, 'acked, not handed back');
});
