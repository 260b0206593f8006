import { EventEmitter } from 'node:events';
import type { ConsumeMessage } from 'amqplib';
import { settleWithin, type Logger } from '#lib';
import { backoffDelayMs } from './backoff.ts';
import { processDelivery, type Outcome } from './delivery.ts';
import { runtimeErrors } from './errors.ts';
import { parseConsumerOptions, type ConsumerOptions, type ConsumerRuntimeSettings, type EventHandler } from './options.ts';
import { closeSession, openSession, type Session } from './session.ts';

export interface ConsumerStats {
  connected: boolean;
  /** Messages received from the broker, including redeliveries. */
  received: number;
  handled: number;
  retried: number;
  deadLettered: number;
  /** Deliveries whose channel died before they could be acked; the broker redelivers them. */
  abandoned: number;
  inFlight: number;
  reconnects: number;
}

/**
 * Events: `connected`, `disconnected` (err), `reconnecting` ({ attempt, delayMs }),
 * `handled`, `retried`, `dead-lettered` (the Outcome), `abandoned` ({ messageId, err }).
 */
export interface Consumer extends EventEmitter {
  /** Connects, declares the topology and starts consuming; rejects if the first connection fails. */
  start(): Promise<void>;
  /**
   * Stops intake, waits for in-flight handlers (at most `shutdownTimeoutMs`; the broker
   * redelivers what is still unacked then), then closes channel and connection. Idempotent.
   */
  close(): Promise<void>;
  stats(): ConsumerStats;
}

type State = 'idle' | 'starting' | 'running' | 'closing' | 'closed';

class EventConsumer extends EventEmitter implements Consumer {
  readonly #settings: ConsumerRuntimeSettings;
  readonly #handler: EventHandler;
  readonly #logger: Logger;
  #state: State = 'idle';
  #session: Session | undefined;
  #reconnecting: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #closing: Promise<void> | undefined;
  /** Each delivery being processed, with its message id (for the log when close() gives up on it). */
  readonly #inFlight = new Map<Promise<void>, string | undefined>();
  readonly #counts = { received: 0, handled: 0, retried: 0, deadLettered: 0, abandoned: 0, reconnects: 0 };

  constructor(options: ConsumerOptions) {
    super();
    const { settings, handler, logger } = parseConsumerOptions(options);
    this.#settings = settings;
    this.#handler = handler;
    this.#logger = logger.child({ component: 'consumer', queue: settings.queue });
  }

  async start(): Promise<void> {
    if (this.#state !== 'idle') throw runtimeErrors.badState({ queue: this.#settings.queue, state: this.#state });
    this.#state = 'starting';
    let session: Session;
    try {
      session = await openSession(this.#settings, this.#hooks);
    } catch (err) {
      this.#state = 'closed';
      throw runtimeErrors.connectFailed({ queue: this.#settings.queue, reason: messageOf(err) }, { cause: err });
    }
    // close() ran while the first connection was being made: it found no session to close.
    if (this.#state !== 'starting') return closeSession(session);
    this.#state = 'running';
    this.#logger.info({ prefetch: this.#settings.prefetch, bindings: this.#settings.bindings }, 'consumer started');
    this.#adopt(session);
  }

  /** Makes a fresh session current; one that died while it was being opened starts a reconnect at once. */
  #adopt(session: Session): void {
    this.#session = session;
    this.emit('connected');
    if (session.lost) this.#onLost(session, undefined);
  }

  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  stats(): ConsumerStats {
    return { connected: this.#session !== undefined, ...this.#counts, inFlight: this.#inFlight.size };
  }

  async #shutdown(): Promise<void> {
    this.#state = 'closing';
    this.#wake?.();
    await this.#reconnecting;
    const session = this.#session;
    if (session?.consumerTag) await session.channel.cancel(session.consumerTag).catch(() => undefined);
    await this.#drain();
    if (session) await closeSession(session);
    this.#session = undefined;
    this.#state = 'closed';
    this.#logger.info(this.#counts, 'consumer closed');
  }

  /**
   * Waits for in-flight handlers, at most `shutdownTimeoutMs`: a handler stuck on a dead
   * SMTP server must not hold SIGTERM forever. What is still running then is handed back:
   * closing the channel makes the broker redeliver those unacked messages elsewhere.
   */
  async #drain(): Promise<void> {
    if ((await settleWithin(Promise.allSettled([...this.#inFlight.keys()]), this.#settings.shutdownTimeoutMs)) !== 'timeout') return;
    const messageIds = [...this.#inFlight.values()];
    this.#logger.warn({ messageIds, shutdownTimeoutMs: this.#settings.shutdownTimeoutMs }, 'shutdown timeout, handing in-flight messages back to the broker');
  }

  readonly #hooks = {
    onMessage: (session: Session, msg: ConsumeMessage | null): void => this.#onMessage(session, msg),
    onLost: (session: Session, err: Error | undefined): void => this.#onLost(session, err),
  };

  #onMessage(session: Session, msg: ConsumeMessage | null): void {
    // null: the broker cancelled us (queue deleted); a new session re-declares it.
    if (msg === null) return this.#onLost(session, new Error('consumer cancelled by the broker'));
    if (this.#state === 'closing') return requeue(session, msg);
    this.#counts.received += 1;
    const work = processDelivery(msg, { channel: session.channel, settings: this.#settings, handler: this.#handler, logger: this.#logger })
      .then((outcome) => this.#record(outcome))
      .catch((err: unknown) => this.#abandon(session, msg, err));
    this.#inFlight.set(work, msg.properties.messageId as string | undefined);
    void work.finally(() => this.#inFlight.delete(work));
  }

  #record(outcome: Outcome): void {
    const counter = outcome.kind === 'handled' ? 'handled' : outcome.kind === 'retried' ? 'retried' : 'deadLettered';
    this.#counts[counter] += 1;
    this.emit(outcome.kind, outcome);
  }

  #abandon(session: Session, msg: ConsumeMessage, err: unknown): void {
    // A refused copy (broker nack) leaves the channel open: hand the message back rather
    // than hold a prefetch slot until the next reconnect. On a dead channel this is a no-op.
    requeue(session, msg);
    this.#counts.abandoned += 1;
    const messageId = msg.properties.messageId as string | undefined;
    this.#logger.warn({ err, messageId }, 'delivery abandoned, broker will redeliver');
    this.emit('abandoned', { messageId, err });
  }

  #onLost(session: Session, err: Error | undefined): void {
    if (this.#session !== session) return;
    this.#session = undefined;
    void closeSession(session);
    if (this.#state !== 'running') return;
    this.#logger.warn({ err }, 'connection lost');
    this.emit('disconnected', err);
    const reconnecting = this.#reconnect().finally(() => {
      if (this.#reconnecting === reconnecting) this.#reconnecting = undefined;
    });
    this.#reconnecting = reconnecting;
  }

  async #reconnect(): Promise<void> {
    const { reconnectInitialMs, reconnectMaxMs } = this.#settings;
    for (let attempt = 1; this.#state === 'running'; attempt += 1) {
      const delayMs = backoffDelayMs(attempt, reconnectInitialMs, reconnectMaxMs);
      this.emit('reconnecting', { attempt, delayMs });
      await this.#sleep(delayMs);
      if (this.#state !== 'running') return;
      try {
        const session = await openSession(this.#settings, this.#hooks);
        if (this.#state !== 'running') return void (await closeSession(session));
        this.#counts.reconnects += 1;
        this.#logger.info({ attempt }, 'reconnected');
        this.#adopt(session);
        return;
      } catch (err) {
        this.#logger.warn({ err, attempt, delayMs }, 'reconnect failed');
      }
    }
  }

  /** A backoff wait that close() can cut short. */
  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }
}

function requeue(session: Session, msg: ConsumeMessage): void {
  try {
    if (!session.lost) session.channel.nack(msg, false, true);
  } catch {
    // The channel closed meanwhile; the broker requeues unacked messages itself.
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A consumer of Peel events on its own durable queue; call `start()`, and `close()` on SIGTERM. */
export function createConsumer(options: ConsumerOptions): Consumer {
  return new EventConsumer(options);
}
