import { selectAudit, type AuditEntry, type AuditQuery } from './audit.ts';
import { EMPTY_STATE, type PersistedState, type StoreBackend } from './store-backend.ts';

/** Keeps state and audit in this process only: tests, and a proxy that may forget on restart. */
export function createMemoryBackend(): StoreBackend {
  let state: PersistedState = EMPTY_STATE;
  const entries: AuditEntry[] = [];
  return {
    origin: 'memory',
    shared: false,
    async load() {
      return state;
    },
    async commit(expectedVersion, next, entry) {
      if (state.version !== expectedVersion) return false;
      state = next;
      entries.push(entry);
      return true;
    },
    async audit(query: AuditQuery) {
      return selectAudit(entries, query);
    },
    async close() {},
  };
}
