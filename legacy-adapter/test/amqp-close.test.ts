import amqplib from 'amqplib';
import t from 'tap';
import { closeAmqp, createLogger, waitFor } from '#lib';
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

t.test('closeAmqp closes a channel and its connection, and cuts them when the broker does not answer', async (t) => {
  const amqp = await useAmqp(t);
  const proxy = await createAmqpFrameProxy(amqp.url);
  t.teardown(() => proxy.close());
  const connection = await amqplib.connect(proxy.url);
  connection.on('error', () => undefined);
  const channel = await connection.createConfirmChannel();
  const closed = new Promise((resolve) => connection.once('close', resolve));
  proxy.holdConfirms();
  channel.publish('', amqp.queue('nowhere'), Buffer.from('{}'), {}, () => undefined);
  await waitFor('the publish to pass the proxy', () => proxy.publishes === 1);
  await closeAmqp(connection, { channel, timeoutMs: 300 });
  await closed;
  await waitFor('the connection to be cut', () => proxy.openConnections === 0);

  const healthy = await amqplib.connect(amqp.url);
  await closeAmqp(healthy, { channel: await healthy.createChannel() });
  t.pass('a broker that answers is closed the usual way');
});
