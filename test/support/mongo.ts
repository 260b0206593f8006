import { MongoClient } from 'mongodb';
import type { Test } from 'tap';
import { createLogger } from '#lib';
import { startEmbeddedMongo } from '#embedded-mongo';
import { uniqueName } from './unique-name.ts';

export interface TestMongo {
  url: string;
  /** A connected client, closed when the test ends. */
  client: MongoClient;
  /** A unique database name, dropped when the test ends. */
  dbName(prefix?: string): string;
}

/**
 * MongoDB for one test: `MONGODB_URL` when set (a real replica set), otherwise an
 * embedded server started for this test on port 0 and closed at teardown.
 */
export async function useMongo(t: Test): Promise<TestMongo> {
  const server = process.env.MONGODB_URL ? undefined : await startEmbeddedMongo({ port: 0, logger: quietLogger() });
  const url = process.env.MONGODB_URL ?? (server?.url as string);
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 10_000 });
  const names: string[] = [];
  t.teardown(async () => {
    for (const name of names) await client.db(name).dropDatabase().catch(() => undefined);
    await client.close();
    await server?.close();
  });
  await client.connect();
  return {
    url,
    client,
    dbName(prefix = 'test') {
      const name = uniqueName(prefix).replace(/[.]/g, '_').slice(0, 60);
      names.push(name);
      return name;
    },
  };
}

/**
 * An embedded server whose change log keeps only `changeLogSize` changes, so a stopped
 * adapter's resume token falls off it. Embedded only: a real server's oplog cannot be
 * shrunk per test, so callers skip when `MONGODB_URL` is set.
 */
export async function useTinyChangeLogMongo(t: Test, changeLogSize = 64): Promise<TestMongo> {
  const server = await startEmbeddedMongo({ port: 0, changeLogSize, logger: quietLogger() });
  const client = new MongoClient(server.url);
  t.teardown(async () => {
    await client.close();
    await server.close();
  });
  await client.connect();
  return { url: server.url, client, dbName: (prefix = 'test') => uniqueName(prefix).replace(/[.]/g, '_').slice(0, 60) };
}

function quietLogger() {
  return createLogger('embedded-mongo', { level: process.env.LOG_LEVEL ?? 'warn' });
}
