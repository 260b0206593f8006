import type { Document } from 'bson';
import { MongoCommandError } from '../command-error.ts';

/**
 * Runs the statements of a write command (insert/update/delete) the MongoDB way:
 * errors become `writeErrors` entries with the statement's index; an ordered batch
 * stops at the first one. Inside a transaction the first error fails the command,
 * which aborts the transaction.
 */
export function runStatements<T>(statements: T[], ordered: boolean, inTransaction: boolean, run: (statement: T, index: number) => void): Document[] {
  const writeErrors: Document[] = [];
  for (let index = 0; index < statements.length; index++) {
    try {
      run(statements[index] as T, index);
    } catch (err) {
      if (!(err instanceof MongoCommandError) || inTransaction) throw err;
      writeErrors.push({ index, code: err.code, errmsg: err.message, ...err.extra });
      if (ordered) break;
    }
  }
  return writeErrors;
}

export function withWriteErrors(reply: Document, writeErrors: Document[]): Document {
  return writeErrors.length > 0 ? { ...reply, writeErrors } : reply;
}
