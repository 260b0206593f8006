import amqp from 'amqplib';
import { once } from 'node:events';
import t from 'tap';
import { waitFor } from '#lib';
import { TEST_AMQP_URL, uniqueName } from '#test-support';
import { createAmqpFrameProxy } from './fixtures/amqp-frame-proxy.ts';
import { connectionBlockedFrame, FrameReader, methodFrame, METHODS, PROTOCOL_HEADER } from './fixtures/amqp-frames.ts';

t.test('the frame reader holds back a frame split across chunks and splits chunks holding several', async (t) => {
  const frames = [methodFrame(1, METHODS.basicPublish, Buffer.from('abc')), connectionBlockedFrame('low on memory'), methodFrame(0, METHODS.connectionUnblocked)];
  const stream = Buffer.concat([PROTOCOL_HEADER, ...frames]);

  const whole = new FrameReader({ protocolHeader: true }).push(stream);
  t.same(whole.complete, stream, 'one chunk: everything forwarded');
  t.same(
    whole.frames.map((f) => [f.type, f.channel, f.payload.length]),
    [
      [1, 1, 7],
      [1, 0, 4 + 1 + 'low on memory'.length],
      [1, 0, 4],
    ],
  );

  const boundaries = [PROTOCOL_HEADER.length];
  for (const frame of frames) boundaries.push((boundaries.at(-1) as number) + frame.length);
  const reader = new FrameReader({ protocolHeader: true });
  const forwarded: Buffer[] = [];
  const releasedAt: number[] = [];
  let seen = 0;
  for (let i = 0; i < stream.length; i++) {
    const { complete, frames: read } = reader.push(stream.subarray(i, i + 1));
    forwarded.push(complete);
    if (complete.length > 0) releasedAt.push(i + 1);
    seen += read.length;
  }
  t.same(Buffer.concat(forwarded), stream, 'byte by byte: the same bytes');
  t.same(releasedAt, boundaries, 'released only when the header or a frame is complete');
  t.equal(seen, 3);

  t.throws(() => new FrameReader({ protocolHeader: false }).push(Buffer.from([1, 0, 0, 0, 0, 0, 0, 0x00])), /does not end with 0xCE/);
});

t.test('through the proxy, amqplib sees Connection.Blocked with its reason and Connection.Unblocked, and publishes are counted', async (t) => {
  const proxy = await createAmqpFrameProxy(TEST_AMQP_URL);
  t.teardown(() => proxy.close());
  const connection = await amqp.connect(proxy.url);
  t.teardown(() => connection.close().catch(() => undefined));
  t.equal(proxy.openConnections, 1);

  const blocked = once(connection, 'blocked');
  proxy.block('low on memory');
  t.same(await blocked, ['low on memory']);
  const unblocked = once(connection, 'unblocked');
  proxy.unblock();
  await unblocked;

  const channel = await connection.createConfirmChannel();
  // The default exchange drops messages for a queue that does not exist: nothing to clean up.
  for (let i = 0; i < 3; i++) channel.publish('', 'no-such-queue-amqp-frame-proxy', Buffer.from(`m${i}`));
  await channel.waitForConfirms();
  t.equal(proxy.publishes, 3);
  t.same(proxy.errors, []);

  // amqplib reports the cut as an 'Unexpected close' error, then closes (`once` would reject on the error).
  connection.on('error', () => undefined);
  const closed = new Promise((resolve) => connection.once('close', resolve));
  await proxy.close();
  await closed;
  t.equal(proxy.openConnections, 0, 'close cuts every connection');
});

/** The flag amqplib keeps on its connection; not in its types. */
function blockedFlag(connection: amqp.ChannelModel): boolean | undefined {
  return (connection.connection as { blocked?: boolean }).blocked;
}

t.test('a connection that opens through a blocked proxy (after-handshake) emits blocked before its first channel opens', async (t) => {
  const proxy = await createAmqpFrameProxy(TEST_AMQP_URL);
  t.teardown(() => proxy.close());
  proxy.block('low on disk', { atOpen: 'after-handshake' });
  const connection = await amqp.connect(proxy.url);
  t.teardown(() => connection.close().catch(() => undefined));
  t.equal(blockedFlag(connection), false, 'not yet blocked as connect() resolves');

  let channelOpen = false;
  const blocked = new Promise<[string, boolean]>((resolve) => connection.once('blocked', (reason: string) => resolve([reason, channelOpen])));
  await connection.createChannel();
  channelOpen = true;
  t.same(await blocked, ['low on disk', false], 'Connection.Blocked, with its reason, came before Channel.Open-Ok');

  const unblocked = once(connection, 'unblocked');
  proxy.unblock();
  await unblocked;
  t.same(proxy.errors, []);
});

t.test('a connection that opens through a blocked proxy (with-open-ok) reads Connection.Blocked inside connect()', async (t) => {
  const proxy = await createAmqpFrameProxy(TEST_AMQP_URL);
  t.teardown(() => proxy.close());
  proxy.block('low on memory');
  const connection = await amqp.connect(proxy.url);
  t.teardown(() => connection.close().catch(() => undefined));
  // amqplib emitted `blocked` during its handshake, before connect() returned anything to
  // listen on: the flag is all that is left of it.
  t.equal(blockedFlag(connection), true, 'blocked as connect() resolves');

  const unblocked = once(connection, 'unblocked');
  proxy.unblock();
  await unblocked;
  t.equal(blockedFlag(connection), false);

  const later = await amqp.connect(proxy.url);
  t.teardown(() => later.close().catch(() => undefined));
  t.equal(blockedFlag(later), false, 'a connection that opens after unblock() is not blocked');
  t.same(proxy.errors, []);
});

t.test('holdConfirms keeps the broker’s acks from the client until releaseConfirms', async (t) => {
  const direct = await amqp.connect(TEST_AMQP_URL);
  t.teardown(() => direct.close());
  const check = await direct.createChannel();
  const queue = uniqueName('frame-proxy-hold');
  await check.assertQueue(queue, { durable: false });
  t.teardown(() => check.deleteQueue(queue));

  const proxy = await createAmqpFrameProxy(TEST_AMQP_URL);
  t.teardown(() => proxy.close());
  const connection = await amqp.connect(proxy.url);
  t.teardown(() => connection.close().catch(() => undefined));
  const channel = await connection.createConfirmChannel();
  proxy.holdConfirms();
  let confirmed = 0;
  for (let i = 0; i < 3; i++) channel.publish('', queue, Buffer.from(`m${i}`), {}, () => (confirmed += 1));
  await waitFor('the broker to take all three', async () => (await check.checkQueue(queue)).messageCount === 3);
  t.equal(confirmed, 0, 'the broker has them, the client has no confirm yet');
  proxy.releaseConfirms();
  await channel.waitForConfirms();
  t.equal(confirmed, 3);
  t.same(proxy.errors, []);
});
