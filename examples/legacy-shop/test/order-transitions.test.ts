import t from 'tap';
import { ORDER_STATUSES, type OrderStatus } from '#contracts';
import { allowedNextStatuses, canTransition } from '#legacy-shop';

const ALLOWED: Array<[OrderStatus, OrderStatus]> = [
  ['placed', 'paid'],
  ['placed', 'cancelled'],
  ['paid', 'shipped'],
  ['paid', 'cancelled'],
  ['shipped', 'delivered'],
];

t.test('exactly the documented transitions are allowed', async (t) => {
  for (const from of ORDER_STATUSES) {
    for (const to of ORDER_STATUSES) {
      const expected = ALLOWED.some(([f, s]) => f === from && s === to);
      t.equal(canTransition(from, to), expected, `${from} -> ${to}`);
    }
  }
});

t.test('delivered and cancelled are final; allowed lists are copies', async (t) => {
  t.same(allowedNextStatuses('delivered'), []);
  t.same(allowedNextStatuses('cancelled'), []);
  allowedNextStatuses('placed').push('delivered');
  t.same(allowedNextStatuses('placed'), ['paid', 'cancelled']);
});
