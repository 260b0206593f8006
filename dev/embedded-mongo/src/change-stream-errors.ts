import { MongoCommandError } from './command-error.ts';

const NON_RESUMABLE = { errorLabels: ['NonResumableChangeStreamError'] };

/** The resume point has fallen off the change log: the client must start over (e.g. re-snapshot). */
export function historyLost(): MongoCommandError {
  return new MongoCommandError(
    286,
    'ChangeStreamHistoryLost',
    'Resume of change stream was not possible, as the resume point may no longer be in the oplog.',
    NON_RESUMABLE,
  );
}

/** The token names no event of this stream (another stream's token, or another server's). */
export function resumeTokenNotFound(data: string): MongoCommandError {
  return new MongoCommandError(280, 'ChangeStreamFatalError', `cannot resume stream; the resume token was not found. { _data: "${data}" }`, NON_RESUMABLE);
}
