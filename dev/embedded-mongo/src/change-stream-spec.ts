import { Timestamp, type Document } from 'bson';
import { MongoCommandError } from './command-error.ts';
import { decodeResumeToken, type ResumeTokenData } from './resume-token.ts';

export type FullDocumentMode = 'default' | 'updateLookup' | 'whenAvailable' | 'required';
export type FullDocumentBeforeChangeMode = 'off' | 'whenAvailable' | 'required';

/** The `$changeStream` stage's options, validated. */
export interface ChangeStreamSpec {
  fullDocument: FullDocumentMode;
  fullDocumentBeforeChange: FullDocumentBeforeChangeMode;
  resumeAfter?: ResumeTokenData;
  startAfter?: ResumeTokenData;
  startAtOperationTime?: Timestamp;
  allChangesForCluster: boolean;
  showExpandedEvents: boolean;
}

const FULL_DOCUMENT: readonly FullDocumentMode[] = ['default', 'updateLookup', 'whenAvailable', 'required'];
const FULL_DOCUMENT_BEFORE_CHANGE: readonly FullDocumentBeforeChangeMode[] = ['off', 'whenAvailable', 'required'];
const KNOWN = new Set(['fullDocument', 'fullDocumentBeforeChange', 'resumeAfter', 'startAfter', 'startAtOperationTime', 'allChangesForCluster', 'showExpandedEvents']);

/** Validates the argument of `$changeStream` with the codes MongoDB uses for each mistake. */
export function parseChangeStreamSpec(raw: unknown): ChangeStreamSpec {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new MongoCommandError(50808, 'Location50808', '$changeStream stage expects a document as argument');
  }
  const options = raw as Document;
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) throw new MongoCommandError(40415, 'Location40415', `BSON field '$changeStream.${key}' is an unknown field.`);
  }
  const spec: ChangeStreamSpec = {
    fullDocument: enumOption(options, 'fullDocument', FULL_DOCUMENT, 'default'),
    fullDocumentBeforeChange: enumOption(options, 'fullDocumentBeforeChange', FULL_DOCUMENT_BEFORE_CHANGE, 'off'),
    allChangesForCluster: boolOption(options, 'allChangesForCluster'),
    showExpandedEvents: boolOption(options, 'showExpandedEvents'),
  };
  readStartOptions(options, spec);
  return spec;
}

function readStartOptions(options: Document, spec: ChangeStreamSpec): void {
  if (options.resumeAfter !== undefined && options.startAfter !== undefined) {
    throw new MongoCommandError(50865, 'Location50865', "Do not specify both 'resumeAfter' and 'startAfter' in a $changeStream stage");
  }
  if (options.resumeAfter !== undefined) spec.resumeAfter = tokenOption(options, 'resumeAfter');
  if (options.startAfter !== undefined) spec.startAfter = tokenOption(options, 'startAfter');
  if (options.startAtOperationTime !== undefined) {
    if (!(options.startAtOperationTime instanceof Timestamp)) throw wrongType('startAtOperationTime', options.startAtOperationTime, 'timestamp');
    if (spec.resumeAfter || spec.startAfter) {
      throw new MongoCommandError(40674, 'Location40674', 'Only one type of resume option is allowed, but multiple were found');
    }
    spec.startAtOperationTime = options.startAtOperationTime;
  }
  if (spec.resumeAfter?.fromInvalidate) {
    throw new MongoCommandError(260, 'InvalidResumeToken', "Attempting to resume a change stream using 'resumeAfter' is not allowed from an invalidate notification");
  }
}

function tokenOption(options: Document, name: string): ResumeTokenData {
  const value: unknown = options[name];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw wrongType(name, value, 'object');
  return decodeResumeToken(value);
}

function enumOption<T extends string>(options: Document, name: string, allowed: readonly T[], fallback: T): T {
  const value: unknown = options[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'string') throw wrongType(name, value, 'string');
  if (!(allowed as readonly string[]).includes(value)) {
    throw new MongoCommandError(2, 'BadValue', `Enumeration value '${value}' for field '$changeStream.${name}' is not a valid value.`);
  }
  return value as T;
}

function boolOption(options: Document, name: string): boolean {
  const value: unknown = options[name];
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw wrongType(name, value, 'bool');
  return value;
}

function wrongType(name: string, value: unknown, expected: string): MongoCommandError {
  return new MongoCommandError(14, 'TypeMismatch', `BSON field '$changeStream.${name}' is the wrong type '${bsonTypeName(value)}', expected type '${expected}'`);
}

function bsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return (value as { _bsontype?: string })._bsontype?.toLowerCase() ?? 'object';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'double';
  return typeof value === 'boolean' ? 'bool' : typeof value;
}
