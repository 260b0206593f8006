import { MongoClient, type Collection } from 'mongodb';
import { DEFAULT_AUDIT_LIMIT, type AuditEntry, type AuditQuery } from './audit.ts';
import { proxyErrors } from './errors.ts';
import { parseStoredState } from './feature-store-state.ts';
import { EMPTY_STATE, type StoreBackend } from './store-backend.ts';

export const FEATURES_COLLECTION = 'peel_features';
export const AUDIT_COLLECTION = 'peel_audit';
/** The one document of `peel_features` that holds the state every replica shares. */
const STATE_ID = 'state';
const DUPLICATE_KEY = 11000;

interface StateDocument {
  _id: string;
  version: number;
  features: Record<string, unknown>;
  updatedAt: Date;
}

type AuditDocument = AuditEntry & { _id: number };

/**
 * State shared by every proxy replica: one document in `peel_features` written only when its
 * version is still the one the writer read, and one `peel_audit` document per version.
 */
export async function createMongoBackend(options: { url: string; database: string; connectTimeoutMs?: number }): Promise<StoreBackend> {
  const client = new MongoClient(options.url, { serverSelectionTimeoutMS: options.connectTimeoutMs ?? 5_000 });
  const origin = `mongodb ${options.database}.${FEATURES_COLLECTION}`;
  try {
    await client.connect();
  } catch (err) {
    await client.close().catch(() => undefined);
    throw proxyErrors.stateUnavailable({ origin, problem: (err as Error).message }, { cause: err });
  }
  const db = client.db(options.database);
  const states = db.collection<StateDocument>(FEATURES_COLLECTION);
  const audits = db.collection<AuditDocument>(AUDIT_COLLECTION);
  return {
    origin,
    shared: true,
    async load() {
      const doc = await states.findOne({ _id: STATE_ID });
      return doc ? parseStoredState({ version: doc.version, features: doc.features }, origin) : EMPTY_STATE;
    },
    async commit(expectedVersion, next, entry) {
      const won = await writeState(states, expectedVersion, { _id: STATE_ID, version: next.version, features: { ...next.features }, updatedAt: new Date(entry.at) });
      // The version is ours alone once the state write won, so the audit id cannot collide.
      if (won) await audits.insertOne({ _id: entry.version, ...entry });
      return won;
    },
    async audit(query: AuditQuery) {
      const filter = query.feature === undefined ? {} : { features: query.feature };
      const docs = await audits.find(filter).sort({ _id: -1 }).limit(query.limit ?? DEFAULT_AUDIT_LIMIT).toArray();
      return docs.map(({ _id, ...entry }) => entry);
    },
    async close() {
      await client.close();
    },
  };
}

async function writeState(states: Collection<StateDocument>, expectedVersion: number, doc: StateDocument): Promise<boolean> {
  if (expectedVersion === 0) {
    try {
      await states.insertOne(doc);
      return true;
    } catch (err) {
      if ((err as { code?: unknown }).code === DUPLICATE_KEY) return false;
      throw err;
    }
  }
  const { _id, ...fields } = doc;
  const result = await states.updateOne({ _id, version: expectedVersion }, { $set: fields });
  return result.matchedCount === 1;
}
