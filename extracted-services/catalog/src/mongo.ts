import { MongoClient } from 'mongodb';
import { catalogErrors } from './errors.ts';

/** Connects, or fails with a coded error that names the server but never its credentials. */
export async function connectMongo(url: string): Promise<MongoClient> {
  try {
    return await new MongoClient(url, { serverSelectionTimeoutMS: 10_000 }).connect();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw catalogErrors.mongoUnreachable({ url: url.replace(/\/\/[^@/]*@/, '//***@'), reason }, { cause: err });
  }
}
