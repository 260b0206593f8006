import amqp, { type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import { closeAmqp } from '#lib';
import type { ConsumerRuntimeSettings } from './options.ts';
import { declareTopology } from './topology.ts';

/** One connection + confirm channel + consumer; replaced wholesale after any loss. */
export interface Session {
  readonly connection: ChannelModel;
  readonly channel: ConfirmChannel;
  consumerTag: string | undefined;
  /** Set once the channel or connection closed, even before the owner adopted the session. */
  lost: boolean;
}

export interface SessionHooks {
  onMessage(session: Session, msg: ConsumeMessage | null): void;
  onLost(session: Session, err: Error | undefined): void;
}

const CONNECT_TIMEOUT_MS = 10_000;

export function connectionNameOf(settings: Pick<ConsumerRuntimeSettings, 'queue' | 'connectionName'>): string {
  return settings.connectionName ?? `peel-consumer:${settings.queue}`;
}

/** Connects, declares the topology, sets prefetch and starts consuming. */
export async function openSession(settings: ConsumerRuntimeSettings, hooks: SessionHooks): Promise<Session> {
  const connection = await amqp.connect(settings.url, {
    timeout: CONNECT_TIMEOUT_MS,
    clientProperties: { connection_name: connectionNameOf(settings) },
  });
  try {
    const channel = await connection.createConfirmChannel();
    const session: Session = { connection, channel, consumerTag: undefined, lost: false };
    watch(session, hooks);
    await declareTopology(channel, settings);
    await channel.prefetch(settings.prefetch);
    const reply = await channel.consume(settings.queue, (msg) => hooks.onMessage(session, msg), { noAck: false });
    session.consumerTag = reply.consumerTag;
    return session;
  } catch (err) {
    await connection.close().catch(() => undefined);
    throw err;
  }
}

/** Any close of the channel or the connection ends the session; the owner reconnects. */
function watch(session: Session, hooks: SessionHooks): void {
  let lastError: Error | undefined;
  // Without 'error' listeners amqplib's emitters would throw and crash the process.
  session.connection.on('error', (err: Error) => (lastError = err));
  session.channel.on('error', (err: Error) => (lastError = err));
  const lost = (err: Error | undefined): void => {
    session.lost = true;
    hooks.onLost(session, err);
  };
  session.connection.on('close', (err?: Error) => lost(err ?? lastError));
  session.channel.on('close', () => lost(lastError));
}

/** Closes quietly, never hanging on a broker that stopped answering: used on shutdown and after a loss. */
export async function closeSession(session: Session): Promise<void> {
  await closeAmqp(session.connection, { channel: session.channel });
}
