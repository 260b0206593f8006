/** Codes after which a change stream can never resume from its token. */
const NON_RESUMABLE_CODES = new Set([
  286, // ChangeStreamHistoryLost: the token's position left the oplog
  260, // InvalidResumeToken
  280, // ChangeStreamFatalError
]);

/**
 * True when the resume point is gone for good. Such an error must never be papered over
 * by reopening the stream at "now": that would silently skip changes.
 */
export function isResumePointLost(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; errorLabels?: unknown; hasErrorLabel?: (label: string) => boolean };
  if (typeof e.code === 'number' && NON_RESUMABLE_CODES.has(e.code)) return true;
  if (typeof e.hasErrorLabel === 'function' && e.hasErrorLabel('NonResumableChangeStreamError')) return true;
  return Array.isArray(e.errorLabels) && e.errorLabels.includes('NonResumableChangeStreamError');
}
