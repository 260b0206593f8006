import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '#lib';
import { REQUEST_ID_FIELD } from '#legacy-shop/request-stamp';
import { demoFeatureTable } from './demo-features.ts';
import { spawnPeel, type ChildLine, type PeelChild } from './peel-child.ts';
import { stopOrder } from './stop-order.ts';
import { isTcpReachable } from './tcp-check.ts';

export interface StackPorts {
  mongo: number;
  shop: number;
  adapter: number;
  catalog: number;
  notifications: number;
  proxy: number;
  admin: number;
}

export interface StackNames {
  shopDatabase: string;
  adapterDatabase: string;
  catalogDatabase: string;
  notificationsDatabase: string;
  exchange: string;
  catalogQueue: string;
  notificationsQueue: string;
}

/** Databases, exchange and queues of their own for a stack named `run`, so stacks can run side by side. */
export function stackNamesFor(run: string): StackNames {
  return {
    shopDatabase: `${run}_shop`,
    adapterDatabase: `${run}_adapter`,
    catalogDatabase: `${run}_catalog`,
    notificationsDatabase: `${run}_notifications`,
    exchange: `${run}.events`,
    catalogQueue: `${run}.catalog`,
    notificationsQueue: `${run}.notifications`,
  };
}

export interface StackOptions {
  ports: StackPorts;
  names: StackNames;
  amqpUrl: string;
  /** A real MongoDB; when unset the stack starts `peel mongo` on `ports.mongo`. */
  mongodbUrl?: string;
  /** Keeps the embedded server's data here across runs; in memory when unset. */
  mongoDbPath?: string;
  /** Where the feature table and the proxy's state file go. */
  stateDir: string;
  adminToken: string;
  seed: { users: number; products: number; orders: number } | false;
  logLevel?: string;
  /** How often the proxy logs its progress lines. */
  progressIntervalMs?: number;
  onLine(line: ChildLine): void;
  startTimeoutMs?: number;
  /** Aborting stops start-up: the processes already started are stopped, and startStack rejects. */
  signal?: AbortSignal;
}

export interface RunningStack {
  urls: { proxy: string; admin: string; shop: string; adapter: string; catalog: string; notifications: string; mongodb: string };
  adminToken: string;
  processes: PeelChild[];
  /** Stops every process, newest first (the proxy before the services before the data), the adapter after the services. */
  stop(): Promise<void>;
}

const local = (port: number): string => `http://127.0.0.1:${port}`;

/** Starts the whole demo as real `peel` processes, each waited for before the next. */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const { ports, names } = options;
  const processes: PeelChild[] = [];
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  const mongodbUrl = options.mongodbUrl ?? `mongodb://127.0.0.1:${ports.mongo}/?replicaSet=rs0`;
  const urls = {
    proxy: local(ports.proxy),
    admin: local(ports.admin),
    shop: local(ports.shop),
    adapter: local(ports.adapter),
    catalog: local(ports.catalog),
    notifications: local(ports.notifications),
    mongodb: mongodbUrl,
  };
  const baseEnv = { ...process.env, MONGODB_URL: mongodbUrl, AMQP_URL: options.amqpUrl, LOG_LEVEL: options.logLevel ?? 'info', PEEL_EXCHANGE: names.exchange };
  const stop = async (): Promise<void> => {
    for (const child of stopOrder(processes)) await child.stop();
  };
  const start = async (name: string, args: string[], env: NodeJS.ProcessEnv, readyUrl?: string): Promise<PeelChild> => {
    options.signal?.throwIfAborted();
    const child = spawnPeel(name, args, { ...baseEnv, ...env }, options.onLine);
    processes.push(child);
    if (readyUrl) await waitWhileAlive(`${name} to be ready at ${readyUrl}`, child, httpOk(readyUrl), timeoutMs, options.signal);
    return child;
  };

  try {
    if (!options.mongodbUrl) {
      const args = ['mongo', '--port', String(ports.mongo), ...(options.mongoDbPath ? ['--dbpath', options.mongoDbPath] : [])];
      const mongo = await start('mongo', args, {});
      await waitWhileAlive('the embedded MongoDB accepts connections', mongo, () => isTcpReachable('127.0.0.1', ports.mongo, 500), timeoutMs, options.signal);
    }
    await start('legacy-shop', ['legacy-shop'], { SHOP_HOST: '127.0.0.1', SHOP_PORT: String(ports.shop), SHOP_DATABASE: names.shopDatabase }, `${urls.shop}/healthz`);
    if (options.seed) {
      options.signal?.throwIfAborted();
      const seed = spawnPeel('seed', ['seed', '--users', String(options.seed.users), '--products', String(options.seed.products), '--orders', String(options.seed.orders)], { ...baseEnv, SHOP_DATABASE: names.shopDatabase }, options.onLine);
      const code = await untilAborted(seed.exited, options.signal).catch(async (err: unknown) => {
        await seed.stop();
        throw err;
      });
      if (code !== 0) throw new Error(`peel seed exited with ${code}`);
    }
    // The services declare and bind their queues first, so the adapter's snapshot has
    // somewhere to go; events with no queue bound would be parked as unroutable.
    const serviceEnv = (port: number, database: string, queue: string) => ({
      SERVICE_HOST: '127.0.0.1',
      SERVICE_PORT: String(port),
      SERVICE_DATABASE: database,
      SERVICE_QUEUE: queue,
      ADAPTER_STATUS_URL: `${urls.adapter}/status`,
    });
    await start('catalog', ['service', 'catalog'], serviceEnv(ports.catalog, names.catalogDatabase, names.catalogQueue), `${urls.catalog}/readyz`);
    await start('notifications', ['service', 'notifications'], serviceEnv(ports.notifications, names.notificationsDatabase, names.notificationsQueue), `${urls.notifications}/readyz`);

    await start(
      'adapter',
      ['adapter'],
      { ADAPTER_HOST: '127.0.0.1', ADAPTER_PORT: String(ports.adapter), ADAPTER_DATABASE: names.adapterDatabase, ADAPTER_WATCH: names.shopDatabase, ADAPTER_CORRELATION_FIELD: REQUEST_ID_FIELD },
      `${urls.adapter}/readyz`,
    );
    mkdirSync(options.stateDir, { recursive: true });
    const featuresFile = join(options.stateDir, 'features.json');
    writeFileSync(featuresFile, `${JSON.stringify(demoFeatureTable({ legacy: urls.shop, catalog: urls.catalog, notifications: urls.notifications }), null, 2)}\n`);
    await start(
      'proxy',
      ['proxy'],
      {
        PROXY_HOST: '127.0.0.1',
        PROXY_PORT: String(ports.proxy),
        ADMIN_HOST: '127.0.0.1',
        ADMIN_PORT: String(ports.admin),
        PEEL_ADMIN_TOKEN: options.adminToken,
        PEEL_FEATURES_FILE: featuresFile,
        PEEL_STATE_FILE: join(options.stateDir, 'proxy-state.json'),
        PROGRESS_INTERVAL_MS: String(options.progressIntervalMs ?? 10_000),
        // The proxy keeps its table in a file here; MongoDB would also work (MONGODB_URL).
        MONGODB_URL: '',
      },
      `${urls.admin}/readyz`,
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { urls, adminToken: options.adminToken, processes, stop };
}

/** Waits for `check`, but fails at once if the process dies first or `signal` aborts. */
async function waitWhileAlive(what: string, child: PeelChild, check: () => Promise<boolean>, timeoutMs: number, signal: AbortSignal | undefined): Promise<void> {
  const died = child.exited.then((code) => {
    throw new Error(`${child.name} exited with ${code} before ${what}`);
  });
  await Promise.race([waitFor(what, check, { timeoutMs, intervalMs: 100, signal }), died]);
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

const httpOk = (url: string) => async (): Promise<boolean> => (await fetch(url).catch(() => undefined))?.ok === true;
