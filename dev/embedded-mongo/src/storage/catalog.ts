import type { Document } from 'bson';
import { MongoCommandError } from '../command-error.ts';
import { Collection } from './collection.ts';

/** Every database and collection the server holds. */
export class Catalog {
  private readonly dbs = new Map<string, Map<string, Collection>>();

  databases(): string[] {
    return [...this.dbs.keys()];
  }

  collections(db: string): Collection[] {
    return [...(this.dbs.get(db)?.values() ?? [])];
  }

  get(db: string, name: string): Collection | undefined {
    return this.dbs.get(db)?.get(name);
  }

  /** Creates the collection; the caller checks that it does not exist yet. */
  create(db: string, name: string, options: Document = {}): Collection {
    validateNamespace(db, name);
    let colls = this.dbs.get(db);
    if (!colls) {
      colls = new Map();
      this.dbs.set(db, colls);
    }
    const coll = new Collection(db, name, options);
    colls.set(name, coll);
    return coll;
  }

  drop(db: string, name: string): Collection | undefined {
    const colls = this.dbs.get(db);
    const coll = colls?.get(name);
    if (!colls || !coll) return undefined;
    colls.delete(name);
    if (colls.size === 0) this.dbs.delete(db);
    return coll;
  }

  dropDatabase(db: string): boolean {
    return this.dbs.delete(db);
  }

  /** Moves a collection to another name (and database), keeping its documents and indexes. */
  rename(from: Collection, toDb: string, toName: string): Collection {
    validateNamespace(toDb, toName);
    this.drop(from.db, from.name);
    const target = this.create(toDb, toName, from.options);
    for (const spec of from.indexes) if (spec.name !== '_id_') target.addIndex(spec);
    for (const doc of from.all()) target.insert(doc);
    return target;
  }
}

export function validateNamespace(db: string, name: string): void {
  if (db === '' || /[/\\. "$\0]/.test(db) || db.length > 63) throw new MongoCommandError(73, 'InvalidNamespace', `Invalid database name: '${db}'`);
  if (name === '' || name.includes('\0') || name.startsWith('.') || (name.includes('$') && !name.startsWith('oplog.$main'))) {
    throw new MongoCommandError(73, 'InvalidNamespace', `Invalid collection name: ${name}`);
  }
}
