import { createServer } from 'node:net';
import { ObjectId } from 'bson';
import { createLogger, type Logger, type PeelError } from '#lib';
import { ChangeLog } from './change-log.ts';
import type { ServerState } from './commands/context.ts';
import { serveConnection, type Connection } from './connection.ts';
import { CursorRegistry } from './cursor-registry.ts';
import { FailPoints } from './fail-points.ts';
import { startLoopDelayMonitor } from './loop-delay.ts';
import { openJournal } from './storage/journal.ts';
import { SessionRegistry } from './sessions.ts';
import { Store } from './storage/store.ts';

export interface EmbeddedMongoOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Keep data in this directory (journaled, survives kill -9); in memory when unset. */
  dbpath?: string;
  changeLogSize?: number;
  replicaSet?: string;
  logger?: Logger;
  /** How long close() lets commands already received finish and their replies go out (2000 ms). */
  shutdownGraceMs?: number;
  /** How long a message may sit incomplete, no more bytes arriving, before its connection is closed (30000 ms). */
  frameStallTimeoutMs?: number;
}

export interface EmbeddedMongo {
  /** `mongodb://host:port/?replicaSet=rs0`, ready for the driver. */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  /**
   * Stops listening and reading; commands already received finish and are answered (for up
   * to `shutdownGraceMs`); then closes every connection and cursor and flushes the journal.
   * Idempotent.
   */
  close(): Promise<void>;
  /**
   * Settles, with the error, once the server has closed itself because it can no longer keep
   * its promises: a journal write or fsync failed (PEEL_MONGO_JOURNAL_FAILED). A process
   * should then exit non-zero, so that a restart replays the journal. Never settles otherwise.
   */
  readonly failed: Promise<PeelError>;
}

/** The address clients should use: a wildcard listen address is not one. */
function advertisedHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
}

export async function startEmbeddedMongo(options: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? createLogger('embedded-mongo');
  const setName = options.replicaSet ?? 'rs0';
  const changeLog = new ChangeLog(options.changeLogSize ?? 100_000);
  let stopOnFailure: ((err: PeelError) => void) | undefined;
  const journal = options.dbpath ? await openJournal(options.dbpath, logger, { onFailure: (err) => stopOnFailure?.(err) }) : undefined;
  const store = new Store(changeLog, journal);
  if (journal) {
    journal.replayInto(store);
    await journal.compactIfLarge(store);
  }
  changeLog.tick();
  const server = createServer();
  const connections = new Set<Connection>();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  server.on('error', (err) => logger.error({ err }, 'embedded mongo listener failed'));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const advertised = `${advertisedHost(host)}:${port}`;
  const loopDelay = startLoopDelayMonitor();
  const state: ServerState = {
    store,
    loopDelay,
    cursors: new CursorRegistry(),
    sessions: new SessionRegistry(store.locks),
    failPoints: new FailPoints(),
    identity: { address: advertised, setName, electionId: new ObjectId('7fffffff0000000000000001'), startedAt: new Date() },
    logger,
  };
  let nextConnectionId = 1;
  const connectionOptions = { frameStallTimeoutMs: options.frameStallTimeoutMs ?? 30_000 };
  server.on('connection', (socket) => {
    const connection = serveConnection(socket, state, nextConnectionId++, connectionOptions);
    connections.add(connection);
    socket.once('close', () => connections.delete(connection));
  });
  logger.info({ address: advertised, setName, dbpath: options.dbpath, changeLogSize: changeLog.capacity }, 'embedded mongo listening');
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      // Commands already read run to the end and are answered: a write is never applied unanswered.
      await Promise.all([...connections].map((connection) => connection.shutdown(options.shutdownGraceMs ?? 2_000)));
      await stopped;
      state.cursors.closeAll();
      state.sessions.closeAll();
      await journal?.close();
      loopDelay.disable();
      logger.info({ address: advertised }, 'embedded mongo stopped');
    })();
    return closing;
  };
  const failed = new Promise<PeelError>((resolve) => {
    stopOnFailure = (err) => void close().then(() => resolve(err));
  });
  return { url: `mongodb://${advertised}/?replicaSet=${setName}`, port, host: advertisedHost(host), close, failed };
}
