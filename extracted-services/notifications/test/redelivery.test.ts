import t from 'tap';
import { waitFor } from '#lib';
import { closeConnectionFromBroker } from '../../runtime/test/helpers.ts';
import { eventOf, heldSender, recordingSender, useNotifications } from './helpers.ts';

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line === undefined ? 0 : Number(line.split(' ').pop());
}

t.test('the same event delivered twice gives one notification, sent once', async (t) => {
  const f = await useNotifications(t);
  const placed = eventOf('shop.order.placed.v1', 7);
  f.publish(placed);
  f.publish(placed);
  await waitFor('the second delivery seen as a duplicate', async () => (await metric(f.service.url, 'peel_notifications_duplicate_events_total')) === 1);
  t.equal(f.sender.sent.length, 1);
  t.equal(await f.db.collection('notifications').countDocuments({ _id: placed.id as never }), 1);
  t.equal((await f.list(`userId=${placed.data.userId}`)).body.items.length, 1);
});

t.test('a failed send is retried by the runtime and then marked sent, never sent twice', async (t) => {
  const f = await useNotifications(t, { sender: recordingSender(1) });
  const registered = eventOf('shop.user.registered.v1', 8);
  f.publish(registered);
  await waitFor('the retried send', () => f.sender.sent.length === 1);
  const { body } = await waitFor('the record marked sent', async () => {
    const res = await f.list(`userId=${registered.data.userId}`);
    return res.body.items[0]?.status === 'sent' && res;
  });
  t.equal(body.items.length, 1, 'one record for the event');
  t.equal(f.sender.sent.length, 1);
  t.equal(await metric(f.service.url, 'peel_notifications_sent_total{kind="welcome",sender="recording"}'), 1);
});

t.test('two copies of one event handled at the same time send once: the second waits for the first', async (t) => {
  const sender = heldSender();
  const f = await useNotifications(t, { sender, maxAttempts: 50 });
  const registered = eventOf('shop.user.registered.v1', 9);
  f.publish(registered);
  await waitFor('the first copy sending', () => sender.started === 1);
  f.publish(registered);
  await waitFor('the second copy refused while the first sends', async () => (await metric(f.service.url, 'peel_notifications_send_conflicts_total')) >= 1);
  sender.release();
  await waitFor('the second copy retried and found it sent', async () => (await metric(f.service.url, 'peel_notifications_duplicate_events_total')) === 1);
  t.equal(sender.started, 1, 'the sender was called once');
  t.equal(sender.sent.length, 1);
});

t.test('a welcome in flight when the broker cuts the connection is sent once: the redelivered copy waits, then finds it sent', async (t) => {
  const sender = heldSender();
  const f = await useNotifications(t, { sender, maxAttempts: 50 });
  const registered = eventOf('shop.user.registered.v1', 10);
  f.publish(registered);
  await waitFor('the send in flight', () => sender.started === 1);
  await closeConnectionFromBroker(`peel-consumer:${f.queue}`);
  await waitFor('the redelivered copy refused while the first sends', async () => (await metric(f.service.url, 'peel_notifications_send_conflicts_total')) >= 1);
  sender.release();
  await waitFor('the redelivered copy retried and found it sent', async () => (await metric(f.service.url, 'peel_notifications_duplicate_events_total')) === 1);
  t.equal(sender.started, 1, 'the sender was called once');
  t.equal(sender.sent.length, 1);
  t.match((await f.list(`userId=${registered.data.userId}`)).body.items, [{ kind: 'welcome', status: 'sent' }]);
});
