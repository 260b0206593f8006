import t from 'tap';
import { knownQueues } from '#runtime/dlq/known-queues';
import { DEMO_NAMES } from '#demo/up-command';

t.test('dlq list checks the queues the demo really uses, and the services\' defaults', async (t) => {
  const names = knownQueues({});
  t.ok(names.includes(DEMO_NAMES.catalogQueue), `${DEMO_NAMES.catalogQueue} (peel up, docker compose)`);
  t.ok(names.includes(DEMO_NAMES.notificationsQueue), DEMO_NAMES.notificationsQueue);
  t.ok(names.includes('peel.catalog'), 'peel service catalog without SERVICE_QUEUE');
  t.ok(names.includes('peel.notifications'));
});

t.test('SERVICE_QUEUE comes first', async (t) => {
  t.equal(knownQueues({ SERVICE_QUEUE: 'orders' })[0], 'orders');
});
