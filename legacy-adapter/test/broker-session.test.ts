import type { Socket } from 'node:net';
import t from 'tap';
import { createLogger } from '#lib';
import { useAmqp } from '#test-support';
import { BrokerSession, defaultConnect } from '#adapter/relay/broker-session';

const MESSAGES = 200;

t.test('a burst of publishes leaves in a few socket writes, not one per message', async (t) => {
  const broker = await useAmqp(t);
  const exchange = broker.exchange('session-ex');
  const session = await BrokerSession.open(broker.url, exchange, defaultConnect, createLogger('test', { level: 'silent' }), () => undefined);
  t.teardown(() => session.dispose());
  t.ok(session.writesCoalesced, 'amqplib still has the muxer and socket this relies on');

  const socket = (session.connection as unknown as { connection: { stream: Socket } }).connection.stream;
  const calls = { write: 0, writev: 0 };
  const write = socket._write.bind(socket);
  const writev = socket._writev?.bind(socket);
  socket._write = (...args: Parameters<Socket['_write']>) => ((calls.write += 1), write(...args));
  if (writev) socket._writev = (...args: Parameters<NonNullable<Socket['_writev']>>) => ((calls.writev += 1), writev(...args));

  for (let i = 0; i < MESSAGES; i++) session.channel.publish(exchange, 'k', Buffer.from(`message ${i}`), { messageId: String(i) });
  await session.channel.waitForConfirms();
  t.ok(calls.writev >= 1, `written with writev (${calls.writev} times)`);
  t.ok(calls.write + calls.writev <= MESSAGES / 10, `${MESSAGES} publishes in ${calls.write + calls.writev} socket writes`);
});
