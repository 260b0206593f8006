import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { selectAudit, type AuditEntry, type AuditQuery } from './audit.ts';
import { proxyErrors } from './errors.ts';
import { parseStoredState } from './feature-store-state.ts';
import { EMPTY_STATE, type PersistedState, type StoreBackend } from './store-backend.ts';
import { appendLineDurably, truncateDurably, writeFileAtomic } from './store-file-atomic.ts';

/** The audit log of a state file `x.json` is `x.audit.jsonl`, one entry per line. */
export function auditFileFor(stateFile: string): string {
  return `${stateFile.replace(/\.json$/, '')}.audit.jsonl`;
}

/**
 * State in one JSON file, replaced atomically on every change, and an append-only audit log
 * beside it. For a single proxy: two processes must not share the file (use MongoDB).
 */
export async function createFileBackend(options: { path: string }): Promise<StoreBackend> {
  const statePath = options.path;
  const auditPath = auditFileFor(statePath);
  await mkdir(dirname(statePath), { recursive: true });
  let state = await readState(statePath, auditPath);
  return {
    origin: statePath,
    shared: false,
    async load() {
      return state;
    },
    async commit(expectedVersion, next, entry) {
      if (state.version !== expectedVersion) return false;
      // Audit first: after a crash between the two writes, loading skips past the logged
      // version, so a version number is never handed out twice.
      const auditSize = await appendLineDurably(auditPath, JSON.stringify(entry));
      try {
        await writeFileAtomic(statePath, `${JSON.stringify(next, null, 2)}\n`);
      } catch (err) {
        // The change did not happen: take its audit line back. If even that fails, the
        // version is spent, as after a crash, so it is never logged twice.
        await truncateDurably(auditPath, auditSize).catch(() => (state = { ...state, version: entry.version }));
        throw err;
      }
      state = next;
      return true;
    },
    async audit(query: AuditQuery) {
      return selectAudit(await readAudit(auditPath), query);
    },
    async close() {},
  };
}

async function readState(statePath: string, auditPath: string): Promise<PersistedState> {
  const text = await readOptional(statePath);
  let state = EMPTY_STATE;
  if (text !== undefined) {
    try {
      state = parseStoredState(JSON.parse(text), statePath);
    } catch (err) {
      if (err instanceof SyntaxError) throw proxyErrors.stateInvalid({ origin: statePath, problem: err.message }, { cause: err });
      throw err;
    }
  }
  const lastLogged = (await readAudit(auditPath)).reduce((max, e) => Math.max(max, e.version), 0);
  return lastLogged > state.version ? { ...state, version: lastLogged } : state;
}

async function readAudit(path: string): Promise<AuditEntry[]> {
  const text = await readOptional(path);
  if (text === undefined) return [];
  return text.split('\n').flatMap((line) => {
    if (line.trim() === '') return [];
    try {
      return [JSON.parse(line) as AuditEntry];
    } catch {
      // A crash in the middle of an append leaves a torn last line; it held no committed change.
      return [];
    }
  });
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
