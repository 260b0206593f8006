import { Long, type Document } from 'bson';
import type { ChangeRecord } from './change-log.ts';
import { MongoCommandError } from './command-error.ts';
import type { FullDocumentBeforeChangeMode, FullDocumentMode } from './change-stream-spec.ts';
import { changeFingerprint, encodeResumeToken } from './resume-token.ts';
import { describeUpdate } from './update-description.ts';

export interface ChangeEventOptions {
  fullDocument: FullDocumentMode;
  fullDocumentBeforeChange: FullDocumentBeforeChangeMode;
  /** The current version of a document, for `updateLookup`. */
  lookup(db: string, coll: string, documentKey: Document): Document | null;
}

/** The resume token of a change (or of the invalidate it causes). */
export function changeToken(record: ChangeRecord, fromInvalidate = false): { _data: string } {
  return encodeResumeToken({
    clusterTime: record.clusterTime,
    position: record.position,
    txnOpIndex: record.txnOpIndex,
    kind: 'event',
    fromInvalidate,
    fingerprint: changeFingerprint(record.db, record.coll, record.op),
  });
}

/** The change event MongoDB reports for a change log record. */
export function buildChangeEvent(record: ChangeRecord, options: ChangeEventOptions): Document {
  const event: Document = { _id: changeToken(record), operationType: record.op, clusterTime: record.clusterTime, wallTime: record.wallTime };
  if (record.op === 'insert' || record.op === 'replace') event.fullDocument = record.after ?? null;
  event.ns = record.coll === undefined ? { db: record.db } : { db: record.db, coll: record.coll };
  if (record.documentKey !== undefined) event.documentKey = record.documentKey;
  addOperationFields(event, record, options);
  if (record.lsid !== undefined) event.lsid = record.lsid;
  if (record.txnNumber !== undefined) event.txnNumber = Long.fromBigInt(record.txnNumber);
  return event;
}

/** The event that ends a collection stream after a drop or rename, or a database stream after dropDatabase. */
export function buildInvalidateEvent(record: ChangeRecord): Document {
  return { _id: changeToken(record, true), operationType: 'invalidate', clusterTime: record.clusterTime, wallTime: record.wallTime };
}

function addOperationFields(event: Document, record: ChangeRecord, options: ChangeEventOptions): void {
  switch (record.op) {
    case 'update':
      event.updateDescription = describeUpdate(record.before ?? {}, record.after ?? {});
      if (options.fullDocument !== 'default') event.fullDocument = postImage(event, record, options);
      addPreImage(event, record, options);
      return;
    case 'replace':
    case 'delete':
      addPreImage(event, record, options);
      return;
    case 'rename':
      if (record.to !== undefined) event.to = record.to;
      return;
    case 'create':
    case 'modify':
      event.operationDescription = { ...record.options };
      return;
    case 'createIndexes':
    case 'dropIndexes':
      event.operationDescription = { indexes: record.indexes ?? [] };
      return;
    default:
      return;
  }
}

function postImage(event: Document, record: ChangeRecord, options: ChangeEventOptions): Document | null {
  if (options.fullDocument === 'updateLookup') {
    return record.coll !== undefined && record.documentKey !== undefined ? options.lookup(record.db, record.coll, record.documentKey) : null;
  }
  const image = record.imagesEnabled === true ? (record.after ?? null) : null;
  if (image === null && options.fullDocument === 'required') {
    throw new MongoCommandError(
      47,
      'NoMatchingDocument',
      `Change stream was configured to require a post-image for all update events, but the post-image was not found for event: ${describeEvent(event)}`,
    );
  }
  return image;
}

function addPreImage(event: Document, record: ChangeRecord, options: ChangeEventOptions): void {
  if (options.fullDocumentBeforeChange === 'off') return;
  const image = record.imagesEnabled === true ? (record.before ?? null) : null;
  if (image === null && options.fullDocumentBeforeChange === 'required') {
    throw new MongoCommandError(
      47,
      'NoMatchingDocument',
      `Change stream was configured to require a pre-image for all update, delete and replace events, but the pre-image was not found for event: ${describeEvent(event)}`,
    );
  }
  event.fullDocumentBeforeChange = image;
}

function describeEvent(event: Document): string {
  const token = (event._id as { _data: string })._data;
  return `{ _id: { _data: "${token}" }, operationType: "${String(event.operationType)}", ns: ${JSON.stringify(event.ns)} }`;
}
