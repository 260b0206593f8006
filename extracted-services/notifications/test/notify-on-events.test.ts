import t from 'tap';
import { waitFor } from '#lib';
import { eventOf, useNotifications } from './helpers.ts';

t.test('registrations and order events become sent notifications, served newest first per user', async (t) => {
  const f = await useNotifications(t);
  const registered = eventOf('shop.user.registered.v1', 1);
  const { userId, email } = registered.data;
  f.publish(registered);
  await waitFor('the welcome mail', () => f.sender.sent.length === 1);

  const placed = eventOf('shop.order.placed.v1', 2);
  f.publish(placed);
  f.publish(eventOf('shop.order.status-changed.v1', 3, { previousStatus: 'placed', status: 'paid' }));
  f.publish(eventOf('shop.order.status-changed.v1', 4, { previousStatus: 'paid', status: 'shipped' }));
  f.publish(eventOf('shop.order.snapshot.v1', 5));
  f.publish(eventOf('shop.user.snapshot.v1', 6, { userId: '6745a1f0c2b3d4e5f6a7b000', email: 'grace@example.com', name: 'Grace Hopper' }));
  await waitFor('confirmation and shipping update', () => f.sender.sent.length === 3);

  t.same(
    f.sender.sent.map((n) => `${n.kind} ${n.to}`).sort(),
    [`order-confirmation ${email}`, `order-shipped ${email}`, `welcome ${email}`],
    'each sent once, addressed with the email from the registration',
  );
  const { status, body } = await f.list(`userId=${userId}`);
  t.equal(status, 200);
  t.equal(body.userId, userId);
  t.same(
    body.items.map((n) => [n.kind, n.status, n.eventType]),
    [
      ['order-shipped', 'sent', 'shop.order.status-changed.v1'],
      ['order-confirmation', 'sent', 'shop.order.placed.v1'],
      ['welcome', 'sent', 'shop.user.registered.v1'],
    ],
  );
  t.match(body.items[1], { id: placed.id, orderId: placed.data.orderId, channel: 'email', to: email, createdAt: placed.time, sentAt: String });
  t.equal((await f.list('userId=6745a1f0c2b3d4e5f6a7b000')).body.items.length, 0, 'a user snapshot sends no welcome');
  t.equal((await f.list(`userId=${userId}&limit=1`)).body.items.length, 1, 'limit applies');
});
