import { MongoClient } from 'mongodb';
import type { StackNames } from './stack.ts';

/**
 * Drops the databases of a throwaway stack (walkthrough, tests) on a MongoDB it did not
 * start itself: an embedded server takes them with it when it stops, a real one keeps them.
 */
export async function dropStackDatabases(mongodbUrl: string, names: StackNames): Promise<void> {
  const client = await MongoClient.connect(mongodbUrl);
  try {
    for (const db of [names.shopDatabase, names.adapterDatabase, names.catalogDatabase, names.notificationsDatabase]) await client.db(db).dropDatabase();
  } finally {
    await client.close();
  }
}
