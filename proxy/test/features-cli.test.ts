import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import t, { type Test } from 'tap';
import { createLogger } from '#lib';
import { buildAdminServer } from '../src/admin-server.ts';
import { createMemoryFeatureStore } from '../src/feature-store.ts';
import { run } from '../src/features-cli.ts';
import { sampleTable } from './feature-store-table.ts';

const TOKEN = 'cli-test-token-0123456789abcdef';
const peel = join(import.meta.dirname, '..', '..', 'bin', 'peel.js');
const exec = promisify(execFile);

async function startAdmin(t: Test) {
  const store = createMemoryFeatureStore(sampleTable());
  const app = buildAdminServer({ store, token: TOKEN, logger: createLogger('proxy-test', { level: 'silent' }) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  t.teardown(async () => {
    await app.close();
    await store.close();
  });
  return { store, url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}` };
}

/** Runs `peel features ...` in this process with captured output. */
async function cli(args: string[], env: NodeJS.ProcessEnv) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  stdout.on('data', (c: Buffer) => out.push(c.toString()));
  const code = await run(args, { stdout, stderr, env });
  return { code, stdout: out.join('') };
}

t.test('list and show print readable tables, --json prints the API reply', async (t) => {
  const { url } = await startAdmin(t);
  const env = { PEEL_ADMIN_TOKEN: TOKEN };
  const list = await cli(['list', '--admin-url', url], env);
  t.equal(list.code, 0);
  t.match(list.stdout, /^FEATURE\s+OWNER\s+MODE\s+PERCENT\s+FALLBACK\s+ROUTES\n/);
  t.match(list.stdout, /products-write\s+catalog\s+service\s+100%\s+legacy\s+POST,PUT \/api\/products\/:id\n/);
  t.match(list.stdout, /config version 0; 1 of 3 features on services/);
  const json = await cli(['list', '--json', '--admin-url', url], env);
  t.same(JSON.parse(json.stdout).features.map((f: { name: string }) => f.name), ['products-read', 'products-write', 'reviews']);
  const shown = await cli(['show', 'reviews', '--admin-url', url], env);
  t.match(shown.stdout, /^feature\s+reviews\nowner\s+legacy\nmode\s+legacy\n/);
  t.match(shown.stdout, /routes\s+GET \/api\/reviews\/\*/);
});

t.test('set and rollback change ownership with the actor and reason in the audit log', async (t) => {
  const { url, store } = await startAdmin(t);
  const env = { PEEL_ADMIN_TOKEN: TOKEN, USER: 'dana' };
  const set = await cli(['set', 'products-read', '--owner', 'catalog', '--percent', '10', '--reason', 'first canary', '--admin-url', url], env);
  t.same(set, { code: 0, stdout: 'products-read is now catalog (canary 10%); config version 1\n' });
  t.match(store.current().table.features[0], { owner: 'catalog', mode: 'canary', percent: 10 });
  t.match(await store.audit(), [{ actor: 'dana', reason: 'first canary' }]);
  const back = await cli(['rollback', 'products-read', '--admin-url', url, '--json'], env);
  t.match(JSON.parse(back.stdout), { version: 2, feature: { owner: 'legacy', mode: 'legacy' } });
  await cli(['set', 'reviews', '--owner', 'reviews', '--admin-url', url], env);
  const all = await cli(['rollback', '--all', '--reason', 'incident', '--admin-url', url], env);
  t.same(all, { code: 0, stdout: 'every feature (3) is back on legacy; config version 4\n' });
  const audit = await cli(['audit', '--limit', '2', '--admin-url', url], env);
  t.match(audit.stdout, /^VERSION\s+AT\s+ACTOR\s+ACTION\s+CHANGE\s+REASON\n4 .*dana\s+rollback-all\s+3 features to legacy\s+incident\n3 .*reviews: legacy -> reviews \(service\)/);
});

t.test('errors are coded; usage errors are caught before any request', async (t) => {
  const { url } = await startAdmin(t);
  const env = { PEEL_ADMIN_TOKEN: TOKEN };
  await t.rejects(cli(['set', 'products-read', '--percent', '150', '--owner', 'catalog', '--admin-url', url], env), { code: 'PEEL_PROXY_FEATURE_CHANGE_INVALID', message: /percent: expected number <= 100/ });
  await t.rejects(cli(['show', 'nope', '--admin-url', url], env), { code: 'PEEL_PROXY_FEATURE_NOT_FOUND' });
  await t.rejects(cli(['list', '--admin-url', url], {}), { code: 'PEEL_PROXY_ADMIN_UNAUTHORIZED' });
  await t.rejects(cli(['set', 'reviews', '--admin-url', url], env), { code: 'PEEL_CLI_USAGE', message: /nothing to change/ });
  await t.rejects(cli(['set', 'reviews', '--percent', 'ten'], env), { code: 'PEEL_CLI_USAGE', message: /--percent expects a number/ });
  await t.rejects(cli(['rollback'], env), { code: 'PEEL_CLI_USAGE', message: /feature name \(or --all\)/ });
  await t.rejects(cli(['frob'], env), { code: 'PEEL_CLI_USAGE' });
  await t.rejects(cli(['list', '--bogus'], env), { code: 'PEEL_CLI_USAGE' });
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const { port } = closed.address() as { port: number };
  await new Promise((resolve) => closed.close(resolve));
  await t.rejects(cli(['list', '--admin-url', `http://127.0.0.1:${port}`], env), { code: 'PEEL_PROXY_ADMIN_UNREACHABLE', message: /ECONNREFUSED/ });
});

t.test('the peel executable prints one error line and exits non-zero (success paths run in-process above)', async (t) => {
  const { url } = await startAdmin(t);
  const env = { ...process.env, PEEL_ADMIN_TOKEN: TOKEN };
  const failed = await exec(process.execPath, [peel, 'features', 'set', 'products-read', '--owner', 'billing', '--admin-url', url], { env }).then(
    () => undefined,
    (e: { code: number; stderr: string; stdout: string }) => e,
  );
  t.equal(failed?.code, 1);
  t.equal(failed?.stdout, '');
  t.match(failed?.stderr, /^peel features: owner: billing has no upstream .*\(PEEL_PROXY_FEATURE_OWNER_UNKNOWN\)\n$/);
});

t.test('an actor name the audit log cannot keep is refused, by the CLI and by the API, never replaced', async (t) => {
  const { url, store } = await startAdmin(t);
  for (const env of [{ PEEL_ADMIN_TOKEN: TOKEN, USER: '李' }, { PEEL_ADMIN_TOKEN: TOKEN, PEEL_ACTOR: 'x'.repeat(101) }]) {
    await t.rejects(cli(['list', '--admin-url', url], env), { code: 'PEEL_CLI_USAGE', message: /--actor \(or PEEL_ACTOR, else USER\) expects a name of 1 to 100 printable ASCII characters/ });
  }
  const res = await fetch(`${url}/features/reviews`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'x-peel-actor': 'y'.repeat(101) },
    body: JSON.stringify({ owner: 'reviews' }),
  });
  t.equal(res.status, 400);
  t.match(await res.json(), { code: 'PEEL_PROXY_ADMIN_REQUEST_INVALID', message: /x-peel-actor: expected 1 to 100 printable ASCII characters/ });
  t.equal(store.current().version, 0, 'nothing changed');
  t.equal((await cli(['set', 'reviews', '--owner', 'reviews', '--actor', 'Jose', '--admin-url', url], { PEEL_ADMIN_TOKEN: TOKEN, USER: '李' })).code, 0, '--actor wins over USER');
  t.match(await store.audit(), [{ actor: 'Jose' }]);
});

t.test('--if-version makes set and rollback conditional; audit --before pages', async (t) => {
  const { url, store } = await startAdmin(t);
  const env = { PEEL_ADMIN_TOKEN: TOKEN, USER: 'erin' };
  t.equal((await cli(['set', 'reviews', '--owner', 'reviews', '--if-version', '0', '--admin-url', url], env)).code, 0);
  await t.rejects(cli(['set', 'reviews', '--percent', '50', '--if-version', '0', '--admin-url', url], env), { code: 'PEEL_PROXY_FEATURE_VERSION_MISMATCH' });
  await t.rejects(cli(['rollback', '--all', '--if-version', '0', '--admin-url', url], env), { code: 'PEEL_PROXY_FEATURE_VERSION_MISMATCH' });
  t.equal(store.current().version, 1, 'the refused changes changed nothing');
  t.equal((await cli(['rollback', 'reviews', '--if-version', '1', '--admin-url', url], env)).code, 0);
  await t.rejects(cli(['set', 'reviews', '--owner', 'reviews', '--if-version', 'latest', '--admin-url', url], env), { code: 'PEEL_CLI_USAGE', message: /--if-version expects a config version/ });
  const page = await cli(['audit', '--before', '2', '--json', '--admin-url', url], env);
  t.same((JSON.parse(page.stdout) as { entries: Array<{ version: number }> }).entries.map((e) => e.version), [1]);
});
