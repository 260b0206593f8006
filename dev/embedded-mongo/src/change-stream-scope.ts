import type { ChangeOperation, ChangeRecord } from './change-log.ts';
import { MongoCommandError } from './command-error.ts';

/** Which changes a stream sees, and which of them end it. */
export interface ChangeStreamScope {
  /** The namespace reported for the cursor. */
  readonly ns: string;
  /** Whether the change belongs to this stream at all. */
  includes(record: ChangeRecord): boolean;
  /** Whether the change is reported as an event of its own (a collection stream shows no dropDatabase). */
  shows(record: ChangeRecord): boolean;
  /** Whether the change invalidates the stream (an invalidate event follows, then the cursor ends). */
  invalidates(record: ChangeRecord): boolean;
}

const INTERNAL_DATABASES = new Set(['admin', 'config', 'local']);
const EXPANDED: ReadonlySet<ChangeOperation> = new Set(['create', 'createIndexes', 'dropIndexes', 'modify']);

export interface ScopeRequest {
  db: string;
  coll?: string;
  allChangesForCluster: boolean;
  showExpandedEvents: boolean;
}

/** The scope of a collection, database or deployment stream, refusing namespaces MongoDB refuses. */
export function createScope(req: ScopeRequest): ChangeStreamScope {
  assertLegalNamespace(req);
  const visible = (r: ChangeRecord): boolean => req.showExpandedEvents || !EXPANDED.has(r.op);
  if (req.allChangesForCluster) return clusterScope(visible);
  if (req.coll === undefined) return databaseScope(req.db, visible);
  return collectionScope(req.db, req.coll, visible);
}

function collectionScope(db: string, coll: string, visible: (r: ChangeRecord) => boolean): ChangeStreamScope {
  const dropsDb = (r: ChangeRecord): boolean => r.op === 'dropDatabase' && r.db === db;
  return {
    ns: `${db}.${coll}`,
    includes: (r) => (r.db === db && r.coll === coll && visible(r)) || dropsDb(r),
    shows: (r) => !dropsDb(r),
    invalidates: (r) => ((r.op === 'drop' || r.op === 'rename') && r.db === db && r.coll === coll) || dropsDb(r),
  };
}

function databaseScope(db: string, visible: (r: ChangeRecord) => boolean): ChangeStreamScope {
  return {
    ns: `${db}.$cmd.aggregate`,
    includes: (r) => r.db === db && !isSystemCollection(r.coll) && visible(r),
    shows: () => true,
    invalidates: (r) => r.op === 'dropDatabase',
  };
}

function clusterScope(visible: (r: ChangeRecord) => boolean): ChangeStreamScope {
  return {
    ns: 'admin.$cmd.aggregate',
    includes: (r) => !INTERNAL_DATABASES.has(r.db) && !isSystemCollection(r.coll) && visible(r),
    shows: () => true,
    invalidates: () => false,
  };
}

function isSystemCollection(coll: string | undefined): boolean {
  return coll !== undefined && coll.startsWith('system.');
}

function assertLegalNamespace(req: ScopeRequest): void {
  const ns = req.coll === undefined ? `${req.db}.$cmd.aggregate` : `${req.db}.${req.coll}`;
  if (req.allChangesForCluster && (req.db !== 'admin' || req.coll !== undefined)) {
    throw new MongoCommandError(
      72,
      'InvalidOptions',
      `A $changeStream with 'allChangesForCluster:true' may only be opened on the 'admin' database, and with no collection name; found ${ns}`,
    );
  }
  if (!req.allChangesForCluster && INTERNAL_DATABASES.has(req.db)) {
    throw new MongoCommandError(73, 'InvalidNamespace', `$changeStream may not be opened on the internal ${req.db} database`);
  }
  if (isSystemCollection(req.coll)) {
    throw new MongoCommandError(73, 'InvalidNamespace', `$changeStream may not be opened on the internal ${ns} collection`);
  }
}
