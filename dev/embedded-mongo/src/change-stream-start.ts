import type { Timestamp } from 'bson';
import type { ChangeLog, ChangeRecord } from './change-log.ts';
import type { ChangeStreamScope } from './change-stream-scope.ts';
import type { ChangeStreamSpec } from './change-stream-spec.ts';
import { historyLost, resumeTokenNotFound } from './change-stream-errors.ts';
import { changeFingerprint, encodeResumeToken, type ResumeTokenData } from './resume-token.ts';

/** Where a new stream starts reading the change log. */
export interface StartPoint {
  position: number;
  /** The cluster time of the start point, for high-water marks before anything was scanned. */
  clusterTime: Timestamp;
  /** Resuming right after a change that invalidates the stream: the invalidate comes first. */
  pendingInvalidate?: ChangeRecord;
}

/** Resolves `resumeAfter`, `startAfter` or `startAtOperationTime` (or "now") to a log position. */
export function resolveStart(log: ChangeLog, scope: ChangeStreamScope, spec: ChangeStreamSpec): StartPoint {
  const token = spec.resumeAfter ?? spec.startAfter;
  if (token?.kind === 'event') return startAfterEvent(log, scope, token);
  if (token !== undefined) return { position: startAfterHighWaterMark(log, token), clusterTime: token.clusterTime };
  if (spec.startAtOperationTime !== undefined) return { position: startAtTime(log, spec.startAtOperationTime), clusterTime: spec.startAtOperationTime };
  return { position: log.nextPositionValue, clusterTime: log.now() };
}

function startAfterEvent(log: ChangeLog, scope: ChangeStreamScope, token: ResumeTokenData): StartPoint {
  const records = log.readFrom(token.position, 1);
  if (records === undefined) throw historyLost();
  const record = records[0];
  if (record === undefined || !matches(record, token) || !scope.includes(record) || (token.fromInvalidate && !scope.invalidates(record))) {
    throw resumeTokenNotFound(encodeResumeToken(token)._data);
  }
  const start = { position: record.position + 1, clusterTime: record.clusterTime };
  return scope.invalidates(record) && !token.fromInvalidate ? { ...start, pendingInvalidate: record } : start;
}

function matches(record: ChangeRecord, token: ResumeTokenData): boolean {
  return (
    record.clusterTime.equals(token.clusterTime) &&
    record.txnOpIndex === token.txnOpIndex &&
    changeFingerprint(record.db, record.coll, record.op) === token.fingerprint
  );
}

function startAfterHighWaterMark(log: ChangeLog, token: ResumeTokenData): number {
  // A mark that does not fit this log comes from another server (or an in-memory restart): go by time instead.
  if (fitsLog(log, token)) {
    if (log.readFrom(token.position, 1) === undefined) throw historyLost();
    return token.position;
  }
  const oldest = log.oldest();
  // Changes later than the mark may have been among those already dropped.
  if (oldest !== undefined && oldest.position > 1 && oldest.clusterTime.compare(token.clusterTime) > 0) throw historyLost();
  return positionAfter(log, token.clusterTime);
}

/** A mark this log issued sits between a change at or before its time and one at or after it. */
function fitsLog(log: ChangeLog, token: ResumeTokenData): boolean {
  if (token.position > log.nextPositionValue) return false;
  const [before] = token.position > 1 ? (log.readFrom(token.position - 1, 1) ?? []) : [];
  const [after] = log.readFrom(token.position, 1) ?? [];
  return (before === undefined || before.clusterTime.compare(token.clusterTime) <= 0) && (after === undefined || after.clusterTime.compare(token.clusterTime) >= 0);
}

/** The first position whose change is strictly later than `time`. */
function positionAfter(log: ChangeLog, time: Timestamp): number {
  let position = log.positionAtOrAfter(time);
  for (const record of log.readFrom(position) ?? []) {
    if (record.clusterTime.compare(time) > 0) break;
    position = record.position + 1;
  }
  return position;
}

function startAtTime(log: ChangeLog, time: Timestamp): number {
  const oldest = log.oldest();
  // Records before the oldest are gone; a change at `time` may have been among them.
  if (oldest !== undefined && oldest.position > 1 && oldest.clusterTime.compare(time) >= 0) throw historyLost();
  return log.positionAtOrAfter(time);
}
