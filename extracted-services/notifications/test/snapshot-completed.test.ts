import t from 'tap';
import { waitFor } from '#lib';
import { SEQUENCE_FIELD } from '#runtime';
import { eventOf, useNotifications } from './helpers.ts';

const B = '6745a1f0c2b3d4e5f6a7b0b0';

t.test('the end of a user snapshot drops the addresses of users it did not send; a late event of the run brings one back', async (t) => {
  const f = await useNotifications(t);
  const a = eventOf('shop.user.registered.v1', 1);
  f.publish(a);
  const b = eventOf('shop.user.registered.v1', 2, { userId: B, email: 'bea@example.com', name: 'Bea' });
  f.publish(b);
  await waitFor('both welcome mails', () => f.sender.sent.length === 2);

  // A re-snapshot from sequence 10 sends A; B was deleted while nothing watched.
  f.publish(eventOf('shop.user.snapshot.v1', 10));
  f.publish(eventOf('shop.user.snapshot-completed.v1', 12, { startSequence: 10 }));
  const contacts = f.db.collection<{ _id: string }>('contacts');
  const tombstone = await waitFor('B\'s address dropped', async () => (await contacts.findOne({ _id: B, deleted: true })) ?? undefined);
  t.equal(tombstone[SEQUENCE_FIELD as keyof typeof tombstone], 9, 'kept as a tombstone just below the run');
  t.notOk((await contacts.findOne({ _id: a.data.userId }))?.['deleted' as keyof object], 'A, sent by the snapshot, keeps its address');

  f.publish(eventOf('shop.order.placed.v1', 13, { userId: a.data.userId }));
  await waitFor('A\'s order confirmed by mail', () => f.sender.sent.some((n) => n.kind === 'order-confirmation'));
  t.match(f.sender.sent.find((n) => n.kind === 'order-confirmation'), { to: a.data.email });

  f.publish(eventOf('shop.user.snapshot.v1', 11, { userId: B, email: 'bea@new.example.com', name: 'Bea' }));
  await waitFor('B\'s late snapshot event brings the address back', async () => (await contacts.findOne({ _id: B, deleted: { $ne: true } })) !== null);
  f.publish(b);
  f.publish(eventOf('shop.order.placed.v1', 14, { userId: B, orderId: '6745a1f0c2b3d4e5f6a7b0b1' }));
  await waitFor('B\'s order confirmed by mail', () => f.sender.sent.filter((n) => n.kind === 'order-confirmation').length === 2);
  t.match(f.sender.sent.filter((n) => n.kind === 'order-confirmation')[1], { to: 'bea@new.example.com' }, 'B\'s registration, redelivered late, did not take the address back');
  t.equal(f.sender.sent.filter((n) => n.kind === 'welcome').length, 2, 'nor sent a second welcome');
});
