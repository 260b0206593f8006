import { defineError } from '#lib';

export const embeddedMongoErrors = {
  dbpathUnusable: defineError<{ dbpath: string; reason: string }>(
    'PEEL_MONGO_DBPATH_UNUSABLE',
    undefined,
    (d) => `cannot use dbpath ${d.dbpath}: ${d.reason}`,
  ),
  dbpathLocked: defineError<{ dbpath: string; pid: number }>(
    'PEEL_MONGO_DBPATH_LOCKED',
    undefined,
    (d) => `dbpath ${d.dbpath} is in use by process ${d.pid}`,
  ),
  journalFailed: defineError<{ path: string; reason: string }>(
    'PEEL_MONGO_JOURNAL_FAILED',
    undefined,
    (d) => `journal ${d.path} could not be written (${d.reason}); no further write is acknowledged: restart the server to replay the journal`,
  ),
};
