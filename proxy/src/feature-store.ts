import type { EventEmitter } from 'node:events';
import type { FeatureTable } from '#contracts';
import { createLogger, type Logger } from '#lib';
import type { AuditEntry, AuditQuery } from './audit.ts';
import { FeatureStoreCore } from './feature-store-core.ts';
import type { StoreBackend } from './store-backend.ts';
import { createFileBackend } from './store-file.ts';
import { createMemoryBackend } from './store-memory.ts';
import { createMongoBackend } from './store-mongo.ts';

export type { AuditEntry, AuditQuery } from './audit.ts';

/** A config version and the feature table in force at it; deep-frozen, safe to hold on to. */
export interface FeatureSnapshot {
  readonly version: number;
  readonly table: FeatureTable;
}

export interface FeaturePatchInput {
  owner?: string;
  mode?: 'legacy' | 'service' | 'canary';
  percent?: number;
  fallback?: 'legacy' | 'none';
}

export interface ChangeMeta {
  actor: string;
  reason?: string;
  /** Apply only if the config version is still this one (the admin API's If-Match). */
  ifVersion?: number;
}

/**
 * The feature table at run time. Emits `change` with the new snapshot after every applied
 * change, made here or by another replica sharing the same storage.
 */
export interface FeatureStore extends EventEmitter {
  /** O(1): the snapshot in force. */
  current(): FeatureSnapshot;
  update(name: string, patch: FeaturePatchInput, meta: ChangeMeta): Promise<FeatureSnapshot>;
  /** Back to legacy at once. */
  rollback(name: string, meta: ChangeMeta): Promise<FeatureSnapshot>;
  /** The kill switch: every feature back to legacy in one change. */
  rollbackAll(meta: ChangeMeta): Promise<FeatureSnapshot>;
  /** Newest first. */
  audit(options?: AuditQuery): Promise<AuditEntry[]>;
  close(): Promise<void>;
}

export interface CreateFeatureStoreOptions {
  table: FeatureTable;
  mongodbUrl?: string;
  database?: string;
  stateFile: string;
  syncIntervalMs: number;
  logger: Logger;
  now?: () => Date;
}

/** A store that keeps everything in memory, starting at version 0. */
export function createMemoryFeatureStore(table: FeatureTable, options: { logger?: Logger; now?: () => Date } = {}): FeatureStore {
  const logger = options.logger ?? createLogger('proxy', { level: 'silent' });
  return new FeatureStoreCore({ base: table, backend: createMemoryBackend(), state: { version: 0, features: {} }, logger, now: options.now ?? (() => new Date()), syncIntervalMs: 0 });
}

/**
 * The store a proxy runs with: MongoDB (`peel_features`, `peel_audit`) when a URL is given,
 * shared by every replica and polled every `syncIntervalMs`; otherwise a JSON state file
 * written atomically, for a single proxy.
 */
export async function createFeatureStore(options: CreateFeatureStoreOptions): Promise<FeatureStore> {
  const logger = options.logger.child({ component: 'feature-store' });
  const backend = await openBackend(options);
  try {
    const state = await backend.load();
    logger.info({ origin: backend.origin, configVersion: state.version }, 'feature state loaded');
    return new FeatureStoreCore({ base: options.table, backend, state, logger, now: options.now ?? (() => new Date()), syncIntervalMs: options.syncIntervalMs });
  } catch (err) {
    await backend.close().catch(() => undefined);
    throw err;
  }
}

function openBackend(options: CreateFeatureStoreOptions): Promise<StoreBackend> {
  if (options.mongodbUrl) return createMongoBackend({ url: options.mongodbUrl, database: options.database ?? 'peel' });
  return createFileBackend({ path: options.stateFile });
}
