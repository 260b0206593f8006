import { EventEmitter } from 'node:events';
import type { FeatureTable } from '#contracts';
import type { Logger } from '#lib';
import type { AuditAction, AuditEntry, AuditQuery } from './audit.ts';
import { proxyErrors } from './errors.ts';
import { deepFreeze, mergeState } from './feature-store-merge.ts';
import { ownershipOf, sameOwnership, type FeatureOwnership } from './feature-store-ownership.ts';
import { resolvePatch, rolledBack } from './feature-store-patch.ts';
import type { FeaturePatchInput, FeatureSnapshot, FeatureStore, ChangeMeta } from './feature-store.ts';
import type { PersistedState, StoreBackend } from './store-backend.ts';

/** How often a change is retried when other replicas keep winning the conditional write. */
const MAX_COMMIT_ATTEMPTS = 5;

export interface StoreCoreOptions {
  base: FeatureTable;
  backend: StoreBackend;
  state: PersistedState;
  logger: Logger;
  now: () => Date;
  syncIntervalMs: number;
}

type ComputeChanges = (table: FeatureTable) => Record<string, FeatureOwnership>;

/**
 * A feature store over any backend. Changes run one at a time in this process; between
 * processes the backend's conditional write on the version decides, and the loser reloads
 * and applies its change again on top of the winner's.
 */
export class FeatureStoreCore extends EventEmitter implements FeatureStore {
  readonly #base: FeatureTable;
  readonly #backend: StoreBackend;
  readonly #logger: Logger;
  readonly #now: () => Date;
  #state: PersistedState;
  #snapshot: FeatureSnapshot;
  #queue: Promise<unknown> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  #polling = false;
  #syncFailing = false;
  #closed = false;

  constructor(options: StoreCoreOptions) {
    super();
    this.#base = options.base;
    this.#backend = options.backend;
    this.#logger = options.logger;
    this.#now = options.now;
    this.#state = options.state;
    this.#snapshot = this.#build(options.state);
    if (options.backend.shared) this.#startSync(options.syncIntervalMs);
  }

  current(): FeatureSnapshot {
    return this.#snapshot;
  }

  update(name: string, patch: FeaturePatchInput, meta: ChangeMeta): Promise<FeatureSnapshot> {
    return this.#change('update', [name], meta, (table) => ({ [name]: resolvePatch(table, name, ownershipOf(findFeature(table, name)), patch) }));
  }

  rollback(name: string, meta: ChangeMeta): Promise<FeatureSnapshot> {
    return this.#change('rollback', [name], meta, (table) => ({ [name]: rolledBack(ownershipOf(findFeature(table, name))) }));
  }

  rollbackAll(meta: ChangeMeta): Promise<FeatureSnapshot> {
    return this.#change('rollback-all', this.#snapshot.table.features.map((f) => f.name), meta, (table) =>
      Object.fromEntries(table.features.map((f) => [f.name, rolledBack(ownershipOf(f))])),
    );
  }

  audit(options: AuditQuery = {}): Promise<AuditEntry[]> {
    return this.#backend.audit(options);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    await this.#queue.catch(() => undefined);
    await this.#backend.close();
  }

  #change(action: AuditAction, names: string[], meta: ChangeMeta, compute: ComputeChanges): Promise<FeatureSnapshot> {
    const run = this.#queue.then(() => this.#commitWithRetry(action, names, meta, compute));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #commitWithRetry(action: AuditAction, names: string[], meta: ChangeMeta, compute: ComputeChanges): Promise<FeatureSnapshot> {
    for (let attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
      // Checked again after a lost race: the winner's change is one the caller has not seen.
      if (meta.ifVersion !== undefined && this.#snapshot.version !== meta.ifVersion) {
        throw proxyErrors.featureVersionMismatch({ expected: meta.ifVersion, current: this.#snapshot.version });
      }
      const { table } = this.#snapshot;
      const changes = compute(table);
      if (Object.entries(changes).every(([name, after]) => sameOwnership(ownershipOf(findFeature(table, name)), after))) {
        // Nothing would change: no new version, no audit entry.
        this.#logger.info({ feature: names.length === 1 ? names[0] : undefined, features: names.length, action, actor: meta.actor, configVersion: this.#state.version }, 'feature unchanged');
        return this.#snapshot;
      }
      const next = this.#nextState(changes);
      const entry = this.#auditEntry(action, next.version, table, changes, meta);
      if (await this.#backend.commit(this.#state.version, next, entry)) {
        this.#logger.info({ feature: names.length === 1 ? names[0] : undefined, features: names.length, action, actor: meta.actor, configVersion: next.version }, 'feature changed');
        return this.#apply(next);
      }
      this.#logger.info({ action, attempt, configVersion: this.#state.version }, 'feature change lost a race, reloading');
      await this.#reload();
    }
    throw proxyErrors.featureConflict({ feature: names.join(','), attempts: MAX_COMMIT_ATTEMPTS });
  }

  /**
   * The stored state with only the changed features replaced: what other replicas stored
   * for the rest stays as it is, even where this replica's features file cannot use it.
   */
  #nextState(changes: Record<string, FeatureOwnership>): PersistedState {
    return { version: this.#state.version + 1, features: { ...this.#state.features, ...changes } };
  }

  #auditEntry(action: AuditAction, version: number, table: FeatureTable, changes: Record<string, FeatureOwnership>, meta: ChangeMeta): AuditEntry {
    const features = Object.keys(changes);
    const before = Object.fromEntries(features.map((name) => [name, ownershipOf(findFeature(table, name))]));
    const entry: AuditEntry = { version, at: this.#now().toISOString(), actor: meta.actor, action, features, before, after: changes };
    return meta.reason === undefined ? entry : { ...entry, reason: meta.reason };
  }

  #apply(state: PersistedState): FeatureSnapshot {
    this.#state = state;
    this.#snapshot = this.#build(state);
    try {
      this.emit('change', this.#snapshot);
    } catch (err) {
      // The change is committed and in force; a failing listener must not report it as failed.
      this.#logger.error({ err, configVersion: state.version }, 'feature change listener failed');
    }
    return this.#snapshot;
  }

  #build(state: PersistedState): FeatureSnapshot {
    const { table, ignored } = mergeState(this.#base, state);
    if (ignored.length > 0) this.#logger.warn({ ignoredFeatures: ignored, origin: this.#backend.origin }, 'stored ownership ignored, it no longer fits the features file');
    return deepFreeze({ version: state.version, table });
  }

  async #reload(): Promise<void> {
    if (this.#closed) return;
    const state = await this.#backend.load();
    if (state.version > this.#state.version) this.#apply(state);
  }

  #startSync(intervalMs: number): void {
    this.#timer = setInterval(() => void this.#poll(), intervalMs);
    this.#timer.unref();
  }

  async #poll(): Promise<void> {
    if (this.#polling || this.#closed) return;
    this.#polling = true;
    try {
      // Through the queue, so a poll never applies an older state over a change being committed.
      const run = this.#queue.then(() => this.#reload());
      this.#queue = run.catch(() => undefined);
      await run;
      if (this.#syncFailing) this.#logger.info({ origin: this.#backend.origin }, 'feature state sync recovered');
      this.#syncFailing = false;
    } catch (err) {
      // Once per outage, not once per poll: the proxy keeps routing on the last known table.
      if (!this.#syncFailing) this.#logger.warn({ err, origin: this.#backend.origin }, 'feature state sync failed');
      this.#syncFailing = true;
    } finally {
      this.#polling = false;
    }
  }
}

function findFeature(table: FeatureTable, name: string) {
  const feature = table.features.find((f) => f.name === name);
  if (!feature) throw proxyErrors.featureNotFound({ feature: name });
  return feature;
}
