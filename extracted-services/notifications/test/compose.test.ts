import t from 'tap';
import { exampleOf, type PeelEvent } from '#contracts';
import { composeNotification, formatMoney } from '#notifications';

const contact = { email: 'ada@example.com', name: 'Ada Lovelace' };

t.test('a registration gets a welcome addressed by name', async (t) => {
  const event = exampleOf('shop.user.registered.v1');
  t.same(composeNotification(event, undefined), {
    userId: event.data.userId,
    kind: 'welcome',
    orderId: null,
    subject: 'Welcome to the shop',
    body: 'Hello Ada Lovelace, your account is ready.',
  });
});

t.test('a placed order gets a confirmation listing items and total', async (t) => {
  const event = exampleOf('shop.order.placed.v1');
  const draft = composeNotification(event, contact);
  t.equal(draft?.kind, 'order-confirmation');
  t.equal(draft?.orderId, event.data.orderId);
  t.equal(draft?.userId, event.data.userId);
  t.equal(draft?.body, 'Hello Ada Lovelace, thank you for your order.\n2 x Ceramic mug (12.99 EUR)\nTotal: 25.98 EUR');
});

t.test('order status changes: shipped, delivered and cancelled notify; placed and paid do not', async (t) => {
  const base = exampleOf('shop.order.status-changed.v1');
  const withStatus = (status: typeof base.data.status): PeelEvent => ({ ...base, data: { ...base.data, status } });
  t.equal(composeNotification(withStatus('shipped'), contact)?.kind, 'order-shipped');
  t.equal(composeNotification(withStatus('delivered'), contact)?.kind, 'order-delivered');
  t.equal(composeNotification(withStatus('cancelled'), undefined)?.body, `Hello, your order ${base.data.orderId} is now cancelled.`);
  t.equal(composeNotification(withStatus('paid'), contact), undefined);
  t.equal(composeNotification(withStatus('placed'), contact), undefined);
});

t.test('snapshots and other events call for no notification', async (t) => {
  for (const type of ['shop.user.snapshot.v1', 'shop.order.snapshot.v1', 'shop.product.created.v1', 'legacy.change.v1'] as const) {
    t.equal(composeNotification(exampleOf(type), contact), undefined, type);
  }
});

t.test('money is printed from minor units without floating point', async (t) => {
  t.equal(formatMoney({ amountMinor: 5, currency: 'EUR' }), '0.05 EUR');
  t.equal(formatMoney({ amountMinor: 123_456_789, currency: 'USD' }), '1234567.89 USD');
});
