import { MongoClient } from 'mongodb';
import type { AdapterConfig, AdapterStatus } from '#contracts';
import type { Logger } from '#lib';
import { CaptureLoop } from './capture/capture-loop.ts';
import { Ingest } from './capture/ingest.ts';
import { Snapshotter } from './capture/snapshot.ts';
import { shopDatabaseOf } from './config.ts';
import { AdapterMetrics } from './metrics.ts';
import { defaultConnect, type Connect } from './relay/broker-session.ts';
import { Relay } from './relay/relay.ts';
import { StatsReporter } from './stats-reporter.ts';
import { adapterStatus, captureLagMs } from './status.ts';
import { Checkpoints } from './store/checkpoints.ts';
import { EventStore } from './store/event-store.ts';
import { ParkedEvents } from './store/parked.ts';
import { RejectedChanges } from './store/rejected.ts';
import { SnapshotRuns } from './store/snapshots.ts';
import { realTimers, type Timers } from './util/timers.ts';

export interface AdapterDeps {
  logger: Logger;
  timers?: Timers;
  connect?: Connect;
  /** Where snapshot progress bars go (only drawn on a TTY). */
  tty?: NodeJS.WriteStream | undefined;
  now?: () => number;
}

export interface Adapter {
  readonly metrics: AdapterMetrics;
  readonly store: EventStore;
  start(options?: { forceSnapshot?: boolean }): Promise<void>;
  status(): AdapterStatus;
  /** Brings every gauge of `metrics` up to date, for a scrape. */
  refreshMetrics(): Promise<void>;
  /** Stops capture, lets the relay finish what it published, writes both checkpoints. Idempotent. */
  close(): Promise<void>;
}

/** Both loops, joined by the event store, with their checkpoints and metrics. */
export async function createAdapter(config: AdapterConfig, deps: AdapterDeps): Promise<Adapter> {
  const timers = deps.timers ?? realTimers;
  const now = deps.now ?? Date.now;
  const logger = deps.logger;
  const client = new MongoClient(config.mongodbUrl);
  await client.connect();
  const own = client.db(config.database);
  const store = new EventStore(own);
  await store.init();
  const checkpoints = new Checkpoints(own);
  const runs = new SnapshotRuns(own);
  const metrics = new AdapterMetrics();
  const ingest = new Ingest({ store, rejected: new RejectedChanges(own), metrics, logger: logger.child({ component: 'capture' }), mapping: { shopDatabase: shopDatabaseOf(config), correlationField: config.capture.correlationField } });
  const snapshotter = new Snapshotter({ client, lastSequence: () => store.lastSequence, runs, ingest, logger: logger.child({ component: 'snapshot' }), batchSize: config.snapshot.batchSize, tty: deps.tty });
  const captureOptions = { ...config.capture, snapshotOnFirstStart: config.snapshot.onFirstStart, onResumeTokenLost: config.snapshot.onResumeTokenLost };
  const captures = config.watch.map(
    (watch) => new CaptureLoop(watch, captureOptions, { client, ingest, checkpoints, runs, snapshotter, logger: logger.child({ component: 'capture' }), timers }),
  );
  const relay = new Relay(
    { amqpUrl: config.amqpUrl, exchange: config.exchange, ...config.relay },
    { store, checkpoints, parked: new ParkedEvents(own), metrics, logger: logger.child({ component: 'relay' }), timers, connect: deps.connect ?? defaultConnect, now },
  );
  const parts = () => ({ captures, relay, store, now: now() });
  let closing: Promise<void> | undefined;
  const status = (): AdapterStatus => {
    const current = adapterStatus(parts());
    metrics.captureLag.set((captureLagMs(parts()) ?? 0) / 1000);
    metrics.relayLagEvents.set(current.relay.lagEvents);
    metrics.relayLag.set((current.relay.lagMs ?? 0) / 1000);
    return current;
  };
  const stats = new StatsReporter(config.statsIntervalMs, { metrics, client, logger, timers, now, status });

  return {
    metrics,
    store,
    async start(options = {}) {
      await relay.start();
      for (const capture of captures) capture.start(options.forceSnapshot ?? false);
      stats.start();
      logger.info({ watch: config.watch, database: config.database, exchange: config.exchange }, 'adapter started');
    },
    status,
    async refreshMetrics() {
      await stats.refresh();
    },
    close() {
      closing ??= (async () => {
        stats.stop();
        await Promise.all(captures.map((c) => c.close()));
        await relay.close();
        await client.close();
        logger.info({ lastSequence: store.lastSequence, lastPublishedSequence: relay.lastPublishedSequence }, 'adapter closed');
      })();
      return closing;
    },
  };
}
