import { hash } from 'node:crypto';
import { EJSON, type Document } from 'bson';

/**
 * An event id derived from the change's resume token, so reading the same change again
 * (after a crash or a resume) yields the same id and the store and consumers drop it.
 */
export function eventIdFromResumeToken(token: Document): string {
  const data: unknown = token._data;
  return digest(typeof data === 'string' ? data : EJSON.stringify(token, { relaxed: false }));
}

/** Snapshot events have no resume token: one document copied by one snapshot run. */
export function snapshotEventId(runId: string, namespace: string, documentKey: Document): string {
  return digest(`snapshot\u0000${runId}\u0000${namespace}\u0000${EJSON.stringify(documentKey, { relaxed: false })}`);
}

/** The end of one collection's copy in one snapshot run: the same id however often it is sent. */
export function snapshotCompletedEventId(runId: string, namespace: string): string {
  return digest(`snapshot-completed\u0000${runId}\u0000${namespace}`);
}

function digest(text: string): string {
  return hash('sha256', text, 'base64url');
}
