import amqp, { type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import { closeAmqp, type Logger } from '#lib';

export type Connect = (url: string) => Promise<ChannelModel>;

export const defaultConnect: Connect = (url) => amqp.connect(url);

let sessions = 0;

/**
 * One connection and confirm channel with the topology declared. It records returned
 * (unroutable) message ids, the blocked state, and how it ended; `onChange` fires on
 * every such event so the relay loop wakes up.
 */
export class BrokerSession {
  readonly id = ++sessions;
  closedBy: Error | undefined;
  /** What the broker gave as its reason in `connection.blocked`, until `connection.unblocked`. */
  blockedReason: string | undefined;
  channel!: ConfirmChannel;
  /** The broker's reason (amqplib emits 'error' before 'close' when the server closes), kept for the close. */
  private lastError: Error | undefined;
  private readonly returned = new Set<string>();
  private readonly waiters = new Set<() => void>();

  private constructor(
    readonly connection: ChannelModel,
    private readonly onChange: () => void,
  ) {}

  static async open(url: string, exchange: string, connect: Connect, logger: Logger, onChange: () => void): Promise<BrokerSession> {
    const connection = await connect(url);
    try {
      const session = new BrokerSession(connection, onChange);
      // Listen before the first await: a connection.blocked sent right after the handshake counts.
      session.listenToConnection(logger);
      // A block that arrived in the same read as the handshake's end was handled inside
      // connect(), before anyone could listen: amqplib only kept its flag.
      if ((connection as unknown as { connection?: { blocked?: unknown } }).connection?.blocked === true) session.blockedReason = 'blocked when the connection opened';
      session.channel = await connection.createConfirmChannel();
      session.listenToChannel(logger);
      await session.channel.assertExchange(exchange, 'topic', { durable: true });
      return session;
    } catch (err) {
      await connection.close().catch(() => undefined);
      throw err;
    }
  }

  get closed(): boolean {
    return this.closedBy !== undefined;
  }

  get blocked(): boolean {
    return this.blockedReason !== undefined;
  }

  /** True once for a message id the broker returned since it was published. */
  takeReturned(messageId: string): boolean {
    return this.returned.delete(messageId);
  }

  /** Resolves on the next drain, unblock or close, or when the signal aborts. */
  nextChange(signal: AbortSignal): Promise<void> {
    if (this.closed || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        signal.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      this.waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /** Closes the connection; a broker that stopped answering gets the socket cut (closeAmqp). */
  async dispose(timeoutMs?: number): Promise<void> {
    await closeAmqp(this.connection, timeoutMs === undefined ? {} : { timeoutMs });
  }

  private end(reason: string): (err?: Error) => void {
    return (err) => {
      this.closedBy ??= err ?? this.lastError ?? new Error(reason);
      this.changed();
    };
  }

  private listenToConnection(logger: Logger): void {
    this.connection.on('error', (err: Error) => {
      this.lastError = err;
      logger.debug({ err }, 'broker connection error');
    });
    this.connection.on('close', this.end('connection closed'));
    this.connection.on('blocked', (reason: string) => {
      this.blockedReason = reason;
      logger.warn({ reason }, 'broker blocked publishing');
      this.changed();
    });
    this.connection.on('unblocked', () => {
      this.blockedReason = undefined;
      logger.info('broker unblocked publishing');
      this.changed();
    });
  }

  private listenToChannel(logger: Logger): void {
    this.channel.on('error', (err: Error) => {
      this.lastError = err;
      logger.debug({ err }, 'broker channel error');
    });
    this.channel.on('close', this.end('channel closed'));
    this.channel.on('drain', () => this.changed());
    this.channel.on('return', (msg: ConsumeMessage) => {
      if (typeof msg.properties.messageId === 'string') this.returned.add(msg.properties.messageId);
    });
  }

  private changed(): void {
    for (const resolve of [...this.waiters]) resolve();
    this.onChange();
  }
}
