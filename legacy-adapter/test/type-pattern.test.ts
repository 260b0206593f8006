import t from 'tap';
import { EVENT_TYPES } from '#contracts';
import { matchingEventTypes } from '#adapter';

t.test('replay type patterns select types by word, like topic bindings', async (t) => {
  t.same(matchingEventTypes('shop.product.*'), ['shop.product.created.v1', 'shop.product.updated.v1', 'shop.product.deleted.v1', 'shop.product.snapshot.v1', 'shop.product.snapshot-completed.v1'], 'a service replaying its history gets the end-of-copy markers too');
  t.same(matchingEventTypes('shop.*.snapshot'), ['shop.user.snapshot.v1', 'shop.product.snapshot.v1', 'shop.order.snapshot.v1']);
  t.same(matchingEventTypes('shop.order.placed.v1'), ['shop.order.placed.v1']);
  t.same(matchingEventTypes('*.snapshot-completed'), ['legacy.snapshot-completed.v1']);
  t.equal(matchingEventTypes('#').length, EVENT_TYPES.length);
  t.same(matchingEventTypes('shop.product'), [], '* is needed for a prefix');
  t.same(matchingEventTypes('shop.(product)'), [], 'regex characters are literal');
});
