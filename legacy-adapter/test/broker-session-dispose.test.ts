import t from 'tap';
import { createLogger, waitFor } from '#lib';
import { useAmqp } from '#test-support';
import { BrokerSession, defaultConnect } from '#adapter/relay/broker-session';
import { createAmqpFrameProxy } from './fixtures/amqp-frame-proxy.ts';

t.test('a broker that stops answering cannot hold up shutdown: the connection is cut after the close timeout', async (t) => {
  const amqp = await useAmqp(t);
  const proxy = await createAmqpFrameProxy(amqp.url);
  t.teardown(() => proxy.close());
  const exchange = amqp.exchange('dispose');
  const session = await BrokerSession.open(proxy.url, exchange, defaultConnect, createLogger('legacy-adapter', { level: 'silent' }), () => undefined);
  t.equal(proxy.openConnections, 1);

  // From the publish's confirm on, nothing the broker sends reaches the client: Close-Ok neither.
  proxy.holdConfirms();
  session.channel.publish(exchange, 'x', Buffer.from('{}'), {}, () => undefined);
  await waitFor('the publish to pass the proxy', () => proxy.publishes === 1);
  const started = Date.now();
  await session.dispose(300);
  t.ok(Date.now() - started < 5_000, 'dispose returned');
  await waitFor('the connection to be cut', () => proxy.openConnections === 0);
});
