import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { createLogger } from '#lib';
import { createFeatureStore, type FeatureSnapshot } from '../src/feature-store.ts';
import { auditFileFor } from '../src/store-file.ts';
import { writeFileAtomic } from '../src/store-file-atomic.ts';
import { sampleTable } from './feature-store-table.ts';

const logger = createLogger('proxy-test', { level: 'silent' });
const admin = { actor: 'alice' };

async function tempDir(t: Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'peel-state-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function open(t: Test, stateFile: string, table = sampleTable()) {
  return createFeatureStore({ table, stateFile, syncIntervalMs: 50, logger }).then((store) => {
    t.teardown(() => store.close());
    return store;
  });
}

function ownerOf(snapshot: FeatureSnapshot, name: string): string | undefined {
  return snapshot.table.features.find((f) => f.name === name)?.owner;
}

t.test('a restart keeps the last state, the version and the audit log', async (t) => {
  const stateFile = join(await tempDir(t), 'nested', 'state.json');
  const first = await open(t, stateFile);
  await first.update('products-read', { owner: 'catalog', percent: 30 }, admin);
  await first.update('reviews', { owner: 'reviews' }, { actor: 'bob', reason: 'ready' });
  await first.close();

  const second = await open(t, stateFile);
  const snap = second.current();
  t.equal(snap.version, 2);
  t.match(snap.table.features.find((f) => f.name === 'products-read'), { owner: 'catalog', mode: 'canary', percent: 30 });
  t.equal(ownerOf(snap, 'reviews'), 'reviews');
  t.match(await second.audit(), [{ version: 2, actor: 'bob', reason: 'ready' }, { version: 1, actor: 'alice' }]);
  t.match(await second.audit({ before: 2 }), [{ version: 1, actor: 'alice' }], 'a page older than version 2');
  t.equal((await second.update('reviews', { owner: 'legacy' }, admin)).version, 3, 'versions go on after a restart');
  t.same(JSON.parse(await readFile(stateFile, 'utf8')).version, 3);
});

t.test('the features file decides which features exist; the state decides their ownership', async (t) => {
  const stateFile = join(await tempDir(t), 'state.json');
  const first = await open(t, stateFile);
  await first.update('products-read', { owner: 'catalog' }, admin);
  await first.update('reviews', { owner: 'reviews' }, admin);
  await first.close();

  const edited = sampleTable((input) => ({
    upstreams: { legacy: input.upstreams.legacy!, catalog: input.upstreams.catalog! },
    features: [
      input.features[0]!,
      { name: 'orders', match: { methods: ['GET'], paths: ['/api/orders'] } },
      { ...input.features[2]!, owner: 'legacy' },
    ],
  }));
  const second = await open(t, stateFile, edited);
  const snap = second.current();
  t.same(snap.table.features.map((f) => f.name), ['products-read', 'orders', 'reviews'], 'new feature appears, removed one is gone');
  t.equal(ownerOf(snap, 'products-read'), 'catalog', 'stored ownership overrides the file');
  t.equal(ownerOf(snap, 'orders'), 'legacy', 'a new feature starts as the file says');
  t.equal(ownerOf(snap, 'reviews'), 'legacy', 'stored owner whose upstream is gone falls back to the file');
});

t.test('the state file is replaced atomically and leaves no temporary files', async (t) => {
  const dir = await tempDir(t);
  const stateFile = join(dir, 'state.json');
  const store = await open(t, stateFile);
  await Promise.all(Array.from({ length: 10 }, (_, i) => store.update('products-read', { owner: 'catalog', percent: i * 10 }, admin)));
  t.same((await readdir(dir)).sort(), ['state.audit.jsonl', 'state.json']);
  const saved = JSON.parse(await readFile(stateFile, 'utf8'));
  t.match(saved, { version: 10, features: { 'products-read': { owner: 'catalog', mode: 'canary' } } });
  const audit = (await readFile(auditFileFor(stateFile), 'utf8')).trim().split('\n');
  t.equal(audit.length, 10, 'one audit line per change');

  const blocked = join(dir, 'blocked');
  await mkdir(blocked);
  await t.rejects(writeFileAtomic(blocked, 'x'), { code: 'EISDIR' }, 'a failed rename rejects');
  t.same((await readdir(dir)).sort(), ['blocked', 'state.audit.jsonl', 'state.json'], 'and removes its temporary file');
});

t.test('a version logged but not yet saved before a crash is never handed out again', async (t) => {
  const stateFile = join(await tempDir(t), 'state.json');
  await writeFile(stateFile, JSON.stringify({ version: 3, features: {} }));
  const orphan = { version: 4, at: new Date().toISOString(), actor: 'x', action: 'update', features: ['reviews'], before: {}, after: {} };
  await writeFile(auditFileFor(stateFile), `${JSON.stringify(orphan)}\n{"version": 5, "torn`);
  const store = await open(t, stateFile);
  t.equal(store.current().version, 4);
  t.equal((await store.update('reviews', { owner: 'reviews' }, admin)).version, 5);
});

t.test('a change whose state write fails leaves no audit line, and its version is handed out again', async (t) => {
  const dir = await tempDir(t);
  const stateFile = join(dir, 'state.json');
  const store = await open(t, stateFile);
  await store.update('reviews', { owner: 'reviews' }, admin);
  // The state file's place taken by a folder: the rename over it fails after the audit line was written.
  await rm(stateFile);
  await mkdir(stateFile);
  await t.rejects(store.update('products-read', { owner: 'catalog' }, { actor: 'bob' }), { code: 'EISDIR' });
  t.equal(store.current().version, 1, 'nothing changed');
  await rm(stateFile, { recursive: true });
  t.equal((await store.update('products-read', { owner: 'catalog' }, { actor: 'carol' })).version, 2);
  const audit = (await readFile(auditFileFor(stateFile), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { version: number; actor: string });
  t.same(audit.map((e) => [e.version, e.actor]), [[1, 'alice'], [2, 'carol']], 'one line per change made, each version once');
});

t.test('a damaged state file stops the store with a coded error', async (t) => {
  const dir = await tempDir(t);
  const broken = join(dir, 'broken.json');
  await writeFile(broken, '{"version": 2, "feat');
  await t.rejects(open(t, broken), { code: 'PEEL_PROXY_STATE_INVALID', message: /broken\.json/ });
  const wrong = join(dir, 'wrong.json');
  await writeFile(wrong, JSON.stringify({ version: -1, features: { x: { owner: 'catalog' } } }));
  await t.rejects(open(t, wrong), { code: 'PEEL_PROXY_STATE_INVALID', message: /version.*features\.x\.mode|features\.x\.mode.*version/ });
});
