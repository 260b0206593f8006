import { MongoClient } from 'mongodb';
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
 * version is still the one the writer read, and one `peel_audit` document per version, both
 * in one transaction (so the database must be a replica set, as Peel's MongoDB is anyway):
 * nothing changes unless the audit log shows it.
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
      if (doc) return parseStoredState({ version: doc.version, features: doc.features }, origin);
      // The state document was removed by hand: go on after the last audited version, never reusing one.
      const last = await audits.find({}, { projection: { _id: 1 } }).sort({ _id: -1 }).limit(1).next();
      return last ? { ...EMPTY_STATE, version: last._id } : EMPTY_STATE;
    },
    async commit(expectedVersion, next, entry) {
      const state = { version: next.version, features: { ...next.features }, updatedAt: new Date(entry.at) };
      try {
        await client.withSession((session) =>
          session.withTransaction(async () => {
            // A state at another version does not match, and the upsert then collides on _id.
            await states.updateOne({ _id: STATE_ID, version: expectedVersion }, { $set: state }, { upsert: true, session });
            await audits.insertOne({ _id: entry.version, ...entry }, { session });
          }),
        );
        return true;
      } catch (err) {
        // Another replica wrote first (the transaction is rolled back whole); anything else is an error.
        if (isDuplicateIn(err, FEATURES_COLLECTION)) return false;
        throw err;
      }
    },
    async audit(query: AuditQuery) {
      const filter = { ...(query.feature === undefined ? {} : { features: query.feature }), ...(query.before === undefined ? {} : { _id: { $lt: query.before } }) };
      const docs = await audits.find(filter).sort({ _id: -1 }).limit(query.limit ?? DEFAULT_AUDIT_LIMIT).toArray();
      return docs.map(({ _id, ...entry }) => entry);
    },
    async close() {
      await client.close();
    },
  };
}

function isDuplicateIn(err: unknown, collection: string): boolean {
  const { code, message } = err as { code?: unknown; message?: unknown };
  return code === DUPLICATE_KEY && typeof message === 'string' && message.includes(`.${collection} `);
}
