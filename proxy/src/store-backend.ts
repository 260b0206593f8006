import type { AuditEntry, AuditQuery } from './audit.ts';
import type { FeatureOwnership } from './feature-store-ownership.ts';

/** What survives a restart: the config version and the run-time ownership of each feature. */
export interface PersistedState {
  readonly version: number;
  readonly features: Readonly<Record<string, FeatureOwnership>>;
}

export const EMPTY_STATE: PersistedState = Object.freeze({ version: 0, features: Object.freeze({}) });

/** Where a feature store keeps its state and audit log (memory, a JSON file, or MongoDB). */
export interface StoreBackend {
  /** Names the storage in logs and errors. */
  readonly origin: string;
  /** True when other processes may change the state too, so the store must poll it. */
  readonly shared: boolean;
  load(): Promise<PersistedState>;
  /**
   * Stores `next` and its audit entry only if the stored version is still `expectedVersion`.
   * Resolves false when another writer got there first; the caller reloads and retries.
   */
  commit(expectedVersion: number, next: PersistedState, entry: AuditEntry): Promise<boolean>;
  audit(query: AuditQuery): Promise<AuditEntry[]>;
  close(): Promise<void>;
}
