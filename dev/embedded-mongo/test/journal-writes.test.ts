import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { createLogger, type PeelError } from '#lib';
import { ChangeLog } from '../src/change-log.ts';
import { openForAppend, type JournalFile } from '../src/storage/journal-file.ts';
import { openJournal, type JournalOptions } from '../src/storage/journal.ts';
import { Store } from '../src/storage/store.ts';
import { logSink } from './log-sink.ts';

async function tempDir(t: Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'peel-journal-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function openStore(dbpath: string, options: JournalOptions = {}, logger = createLogger('embedded-mongo', { level: 'silent' })) {
  const journal = await openJournal(dbpath, logger, options);
  const store = new Store(new ChangeLog(1000), journal);
  journal.replayInto(store);
  return { journal, store };
}

/** The collections a restart finds in `dbpath`. */
async function collectionsAfterRestart(dbpath: string): Promise<string[]> {
  const { journal, store } = await openStore(dbpath);
  await journal.close();
  return store.catalog
    .collections('d')
    .map((c) => c.name)
    .sort();
}

t.test('a write the disk takes in small pieces is written whole before the flush resolves', async (t) => {
  const dbpath = await tempDir(t);
  let writes = 0;
  const shortWrites = async (path: string): Promise<JournalFile> => {
    const file = await openForAppend(path);
    return {
      write: (buffer, offset, length) => {
        writes++;
        return file.write(buffer, offset, Math.min(length, 7));
      },
      datasync: () => file.datasync(),
      truncate: (length) => file.truncate(length),
      close: () => file.close(),
    };
  };
  const { journal, store } = await openStore(dbpath, { openFile: shortWrites });
  for (const name of ['a', 'b', 'c']) store.createCollection('d', name);
  await store.flush();
  await journal.close();
  t.ok(writes > 3, `the batch took ${writes} writes`);
  t.same(await collectionsAfterRestart(dbpath), ['a', 'b', 'c'], 'every flushed commit is replayed');
});

for (const failing of ['write', 'datasync'] as const) {
  t.test(`after a failed ${failing} nothing more is acknowledged, even once the disk works again`, async (t) => {
    const dbpath = await tempDir(t);
    let broken = false;
    const flaky = async (path: string): Promise<JournalFile> => {
      const file = await openForAppend(path);
      const fail = (): Promise<never> => Promise.reject(Object.assign(new Error(`EIO: i/o error, ${failing}`), { code: 'EIO' }));
      return {
        write: (buffer, offset, length) => (broken && failing === 'write' ? fail() : file.write(buffer, offset, length)),
        datasync: () => (broken && failing === 'datasync' ? fail() : file.datasync()),
        truncate: (length) => file.truncate(length),
        close: () => file.close(),
      };
    };
    const failures: PeelError[] = [];
    const sink = logSink();
    const { journal, store } = await openStore(dbpath, { openFile: flaky, onFailure: (err) => failures.push(err) }, createLogger('embedded-mongo', { level: 'info', destination: sink.stream }));
    store.createCollection('d', 'before');
    await store.flush();

    broken = true;
    store.createCollection('d', 'failed');
    await t.rejects(store.flush(), { code: 'PEEL_MONGO_JOURNAL_FAILED' }, 'the commit in the failed batch is not acknowledged');
    t.equal(failures.length, 1, 'the failure is reported once');
    t.match(failures[0]?.message, new RegExp(`journal ${join(dbpath, 'journal.bin')} could not be written \\(EIO`));
    t.ok(
      sink.lines.some((l) => l.level === 'fatal' && l.path === join(dbpath, 'journal.bin')),
      'and logged as fatal with the path',
    );

    broken = false;
    store.createCollection('d', 'after');
    await t.rejects(store.flush(), { code: 'PEEL_MONGO_JOURNAL_FAILED' }, 'a later commit is not acknowledged either');
    await t.rejects(store.flush(), { code: 'PEEL_MONGO_JOURNAL_FAILED' }, 'nor is anything after it');
    await journal.close();
    t.equal(failures.length, 1);
    const replayed = await collectionsAfterRestart(dbpath);
    t.ok(replayed.includes('before'), 'what was acknowledged before the failure is kept');
    t.notOk(replayed.includes('after'), 'nothing after the failure reached the journal');
  });
}
