import t from 'tap';
import { stopOrder } from '#demo/stop-order';

const named = (...names: string[]) => names.map((name) => ({ name }));

t.test('the demo stops newest first, but the adapter after the services that poll it', async (t) => {
  const started = named('mongo', 'legacy-shop', 'catalog', 'notifications', 'adapter', 'proxy');
  t.same(stopOrder(started).map((c) => c.name), ['proxy', 'notifications', 'catalog', 'adapter', 'legacy-shop', 'mongo']);
});

t.test('a stack stopped part-way through start-up stops what it has, newest first', async (t) => {
  t.same(stopOrder(named('mongo', 'legacy-shop', 'catalog')).map((c) => c.name), ['catalog', 'legacy-shop', 'mongo']);
});
