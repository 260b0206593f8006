import { AdapterConfig, type WatchedDatabase } from '#contracts';
import { envToObject, parseConfig } from '#lib';

/** Environment variable of each config field. */
export const ADAPTER_ENV = {
  mongodbUrl: 'MONGODB_URL',
  amqpUrl: 'AMQP_URL',
  database: 'ADAPTER_DATABASE',
  watch: 'ADAPTER_WATCH',
  shopDatabase: 'ADAPTER_SHOP_DATABASE',
  exchange: 'PEEL_EXCHANGE',
  'http.host': 'ADAPTER_HOST',
  'http.port': 'ADAPTER_PORT',
  'capture.maxAwaitMs': 'ADAPTER_CAPTURE_MAX_AWAIT_MS',
  'capture.batchSize': 'ADAPTER_CAPTURE_BATCH_SIZE',
  'capture.lingerMs': 'ADAPTER_CAPTURE_LINGER_MS',
  'capture.correlationField': 'ADAPTER_CORRELATION_FIELD',
  'snapshot.onFirstStart': 'ADAPTER_SNAPSHOT_ON_FIRST_START',
  'snapshot.batchSize': 'ADAPTER_SNAPSHOT_BATCH_SIZE',
  'snapshot.onResumeTokenLost': 'ADAPTER_ON_RESUME_TOKEN_LOST',
  'relay.windowSize': 'ADAPTER_RELAY_WINDOW',
  'relay.batchSize': 'ADAPTER_RELAY_BATCH_SIZE',
  'relay.reconnectInitialMs': 'ADAPTER_RECONNECT_INITIAL_MS',
  'relay.reconnectMaxMs': 'ADAPTER_RECONNECT_MAX_MS',
  'relay.returnedRetries': 'ADAPTER_RETURNED_RETRIES',
  'relay.returnedRetryDelayMs': 'ADAPTER_RETURNED_RETRY_DELAY_MS',
  statsIntervalMs: 'ADAPTER_STATS_INTERVAL_MS',
  logLevel: 'LOG_LEVEL',
};

export function loadAdapterConfig(env: NodeJS.ProcessEnv): AdapterConfig {
  const raw = envToObject(env, ADAPTER_ENV);
  if (typeof raw.watch === 'string') raw.watch = parseWatchList(raw.watch);
  return parseConfig(AdapterConfig, raw, 'environment', ADAPTER_ENV);
}

/**
 * `shop` (the whole database) or `shop.products,shop.users,crm`: databases in order of
 * first mention, a bare database name winning over its collections. Empty parts are
 * kept as empty names so validation reports them.
 */
export function parseWatchList(text: string): WatchedDatabase[] {
  const byDb = new Map<string, Set<string> | null>();
  for (const part of text.split(',').map((p) => p.trim())) {
    const dot = part.indexOf('.');
    const db = dot === -1 ? part : part.slice(0, dot);
    const coll = dot === -1 ? undefined : part.slice(dot + 1);
    const current = byDb.get(db);
    if (coll === undefined) byDb.set(db, null);
    else if (current !== null) byDb.set(db, (current ?? new Set()).add(coll));
  }
  return [...byDb].map(([db, colls]) => (colls ? { db, collections: [...colls] } : { db }));
}

/** The database whose users, products and orders get `shop.*` events. */
export function shopDatabaseOf(config: AdapterConfig): string {
  return config.shopDatabase ?? (config.watch[0] as WatchedDatabase).db;
}
