import t from 'tap';
import type { ChangeRecord } from '../src/change-log.ts';
import { ChangeLog } from '../src/change-log.ts';
import { Store, type Durability } from '../src/storage/store.ts';

/** A journal whose fsyncs finish only when the test says so. */
function gatedDurability() {
  const written: ChangeRecord[][] = [];
  const syncs: Array<{ covers: number; finish: () => void }> = [];
  const durability: Durability = {
    write: (records) => void written.push(records),
    flush: () => new Promise<void>((resolve) => syncs.push({ covers: written.length, finish: resolve })),
  };
  return { durability, syncs };
}

/** Lets every pending callback run, so a promise that can settle has settled. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

t.test('a flush waits for the sync that covers its commit, even one another flush started', async (t) => {
  const { durability, syncs } = gatedDurability();
  const store = new Store(new ChangeLog(100), durability);
  store.createCollection('d', 'a');
  store.createCollection('d', 'b');
  let aDone = false;
  let bDone = false;
  const a = store.flush().then(() => (aDone = true));
  const b = store.flush().then(() => (bDone = true));
  await settle();
  t.equal(syncs.length, 1, 'one sync covers both commits');
  t.equal(syncs[0]?.covers, 2);
  t.notOk(aDone, 'the first flush waits for the sync');
  t.notOk(bDone, 'so does the second: its commit is in that sync');
  syncs[0]?.finish();
  await Promise.all([a, b]);
  t.pass('both resolve once the sync is done');
  await store.flush();
  t.equal(syncs.length, 1, 'nothing new: no sync and no wait');
});

t.test('a commit made while a sync runs gets a sync of its own', async (t) => {
  const { durability, syncs } = gatedDurability();
  const store = new Store(new ChangeLog(100), durability);
  store.createCollection('d', 'a');
  const a = store.flush();
  store.createCollection('d', 'b');
  let bDone = false;
  const b = store.flush().then(() => (bDone = true));
  await settle();
  t.equal(syncs.length, 2);
  syncs[0]?.finish();
  await a;
  await settle();
  t.notOk(bDone, 'the first sync does not cover the later commit');
  syncs[1]?.finish();
  await b;
});

t.test('a failed sync fails every flush that waits on it, and later ones with nothing new', async (t) => {
  const store = new Store(new ChangeLog(100), { write: () => undefined, flush: () => Promise.reject(new Error('EIO')) });
  store.createCollection('d', 'a');
  await t.rejects(store.flush(), /EIO/);
  await t.rejects(store.flush(), /EIO/, 'the commit is still not durable');
});
