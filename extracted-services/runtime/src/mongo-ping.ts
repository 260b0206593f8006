import type { MongoClient } from 'mongodb';
import { settleWithin } from '#lib';

/**
 * Whether the service's MongoDB answers a ping, for `/readyz`: a service that cannot read
 * its store cannot serve, whatever its queue does. Asked at most once per `ttlMs` (health
 * checks come often), and never waits longer than `timeoutMs` for an answer.
 */
export function createMongoPing(client: MongoClient, options: { ttlMs?: number; timeoutMs?: number } = {}): () => Promise<boolean> {
  const ttlMs = options.ttlMs ?? 1_000;
  const timeoutMs = options.timeoutMs ?? 1_000;
  let last: { at: number; ok: boolean } | undefined;
  let pending: Promise<boolean> | undefined;
  const ping = async (): Promise<boolean> => {
    const ok = (await settleWithin(client.db('admin').command({ ping: 1 }), timeoutMs)) === 'fulfilled';
    last = { at: Date.now(), ok };
    return ok;
  };
  return async () => {
    if (last && Date.now() - last.at < ttlMs) return last.ok;
    pending ??= ping().finally(() => (pending = undefined));
    return pending;
  };
}
