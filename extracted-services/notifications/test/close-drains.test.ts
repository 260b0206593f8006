import t from 'tap';
import { waitFor } from '#lib';
import { eventOf, heldSender, useNotifications } from './helpers.ts';

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
