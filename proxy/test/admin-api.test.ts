import t, { type Test } from 'tap';
import { createLogger } from '#lib';
import { buildAdminServer } from '../src/admin-server.ts';
import { createMemoryFeatureStore } from '../src/feature-store.ts';
import { sampleTable } from './feature-store-table.ts';

const TOKEN = 'admin-token-for-tests-0123456789';
const logger = createLogger('proxy-test', { level: 'silent' });

async function startAdmin(t: Test, options: { token?: string } = { token: TOKEN }) {
  const { token } = options;
  const store = createMemoryFeatureStore(sampleTable());
  const app = buildAdminServer({
    store,
    token,
    logger,
    extraRoutes: (root) => root.get('/healthz', async () => ({ ok: true })),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  t.teardown(async () => {
    await app.close();
    await store.close();
  });
  const { port } = app.server.address() as { port: number };
  const call = async (method: string, path: string, options: { body?: unknown; auth?: string | null; headers?: Record<string, string> } = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.auth !== null) headers.authorization = options.auth ?? `Bearer ${TOKEN}`;
    if (options.body !== undefined) headers['content-type'] ??= 'application/json';
    const body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { method, headers, body });
    return { status: res.status, etag: res.headers.get('etag'), json: (await res.json()) as Record<string, any> };
  };
  return { store, call };
}

t.test('every feature route needs the bearer token; extra routes do not', async (t) => {
  const { call } = await startAdmin(t);
  for (const [method, path] of [['GET', '/features'], ['GET', '/features/reviews'], ['PUT', '/features/reviews'], ['POST', '/features/reviews/rollback'], ['POST', '/rollback-all'], ['GET', '/audit']] as const) {
    t.match(await call(method, path, { auth: null, body: method === 'GET' ? undefined : {} }), { status: 401, json: { code: 'PEEL_PROXY_ADMIN_UNAUTHORIZED' } }, `${method} ${path} without a token`);
  }
  t.match(await call('GET', '/features', { auth: 'Bearer wrong-token' }), { status: 401 });
  t.match(await call('GET', '/features', { auth: `Basic ${TOKEN}` }), { status: 401 });
  t.match(await call('GET', '/features'), { status: 200 });
  t.match(await call('GET', '/healthz', { auth: null }), { status: 200, json: { ok: true } });
});

t.test('reads list the table with its version', async (t) => {
  const { call } = await startAdmin(t);
  const list = await call('GET', '/features');
  t.equal(list.json.version, 0);
  t.same(list.json.features.map((f: { name: string }) => f.name), ['products-read', 'products-write', 'reviews']);
  t.match(await call('GET', '/features/products-write'), { status: 200, json: { version: 0, feature: { name: 'products-write', owner: 'catalog', mode: 'service' } } });
  t.match(await call('GET', '/features/nope'), { status: 404, json: { code: 'PEEL_PROXY_FEATURE_NOT_FOUND' } });
  t.match(await call('GET', '/nowhere'), { status: 404, json: { code: 'PEEL_PROXY_ADMIN_ROUTE_NOT_FOUND' } });
});

t.test('PUT changes a feature, records the actor and reason, and validates', async (t) => {
  const { call, store } = await startAdmin(t);
  const changed = await call('PUT', '/features/products-read', { body: { owner: 'catalog', percent: 10, reason: 'canary' }, headers: { 'x-peel-actor': 'alice' } });
  t.match(changed, { status: 200, json: { version: 1, feature: { owner: 'catalog', mode: 'canary', percent: 10 } } });
  t.equal(store.current().version, 1);
  t.match((await call('GET', '/audit')).json.entries, [{ version: 1, actor: 'alice', reason: 'canary', action: 'update' }]);

  t.match(await call('PUT', '/features/products-read', { body: { percent: 101 } }), { status: 400, json: { code: 'PEEL_PROXY_FEATURE_CHANGE_INVALID', message: /percent: expected number <= 100/, details: { issues: [{ path: 'percent' }] } } });
  t.match(await call('PUT', '/features/products-read', { body: { owner: 'billing' } }), { status: 400, json: { code: 'PEEL_PROXY_FEATURE_OWNER_UNKNOWN', message: /billing/ } });
  t.match(await call('PUT', '/features/products-read', { body: { reason: 42 } }), { status: 400, json: { message: /reason: expected string/ } });
  t.match(await call('PUT', '/features/products-read', { body: [1] }), { status: 400, json: { message: /\(body\): expected a JSON object/ } });
  t.match(await call('PUT', '/features/products-read', { body: '{"owner":' }), { status: 400, json: { code: 'PEEL_PROXY_ADMIN_REQUEST_INVALID' } });
  t.match(await call('PUT', '/features/nope', { body: { percent: 500 } }), { status: 404, json: { code: 'PEEL_PROXY_FEATURE_NOT_FOUND' } }, 'an unknown feature is 404 even with a bad body');
  t.match(await call('PUT', '/features/products-read', { body: { reason: 'x'.repeat(70_000) } }), { status: 413, json: { code: 'PEEL_PROXY_ADMIN_REQUEST_INVALID', message: /larger than the admin API takes \(64 KiB\)/ } });
  t.match(await call('PUT', '/features/products-read', { body: 'owner=catalog', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), { status: 415, json: { message: /expected a JSON body with content-type: application\/json/ } });
  t.equal(store.current().version, 1, 'rejected changes change nothing');
});

t.test('rollback and rollback-all put features back on legacy', async (t) => {
  const { call } = await startAdmin(t);
  await call('PUT', '/features/reviews', { body: { owner: 'reviews' } });
  t.match(await call('POST', '/features/reviews/rollback', { body: { reason: 'errors' } }), { status: 200, json: { version: 2, feature: { owner: 'legacy', mode: 'legacy' } } });
  t.match(await call('POST', '/features/nope/rollback'), { status: 404, json: { code: 'PEEL_PROXY_FEATURE_NOT_FOUND' } });
  const all = await call('POST', '/rollback-all', { body: { reason: 'incident' }, headers: { 'x-peel-actor': 'oncall' } });
  t.equal(all.status, 200);
  t.equal(all.json.version, 3);
  t.ok(all.json.features.every((f: { owner: string }) => f.owner === 'legacy'));
  const audit = await call('GET', '/audit?limit=2');
  t.match(audit.json.entries, [{ version: 3, action: 'rollback-all', actor: 'oncall', reason: 'incident' }, { version: 2, action: 'rollback', actor: 'admin' }]);
  t.match(await call('GET', '/audit?feature=reviews'), { json: { entries: [{ version: 3 }, { version: 2 }, { version: 1 }] } });
  t.match(await call('GET', '/audit?limit=zero'), { status: 400, json: { code: 'PEEL_PROXY_ADMIN_REQUEST_INVALID', message: /limit/ } });
});

t.test('without a configured token (loopback only) no token is asked for', async (t) => {
  const { call } = await startAdmin(t, {});
  t.match(await call('GET', '/features', { auth: null }), { status: 200 });
});

t.test('If-Match makes a change conditional on the config version a read gave as its ETag', async (t) => {
  const { call, store } = await startAdmin(t);
  const read = await call('GET', '/features/reviews');
  t.equal(read.etag, '"0"', 'a read gives its config version as the ETag');
  await store.update('products-read', { owner: 'catalog' }, { actor: 'someone-else' });
  t.match(await call('PUT', '/features/reviews', { body: { owner: 'reviews' }, headers: { 'if-match': '"0"' } }), {
    status: 412,
    json: { code: 'PEEL_PROXY_FEATURE_VERSION_MISMATCH', message: /at config version 1, not 0/ },
  });
  t.match(await call('POST', '/rollback-all', { body: {}, headers: { 'if-match': '0' } }), { status: 412 }, 'rollback-all too');
  t.equal(store.current().version, 1, 'nothing changed');
  t.match(await call('PUT', '/features/reviews', { body: { owner: 'reviews' }, headers: { 'if-match': '"1"' } }), { status: 200, etag: '"2"', json: { version: 2 } });
  t.match(await call('POST', '/features/reviews/rollback', { body: {}, headers: { 'if-match': '*' } }), { status: 200, json: { version: 3 } }, '* is any version');
  t.match(await call('PUT', '/features/reviews', { body: { owner: 'reviews' }, headers: { 'if-match': 'latest' } }), { status: 400, json: { code: 'PEEL_PROXY_ADMIN_REQUEST_INVALID', message: /if-match: expected the config version/ } });
});

t.test('audit pages with before', async (t) => {
  const { call, store } = await startAdmin(t);
  for (const percent of [10, 20, 30, 40, 50]) await store.update('products-read', { owner: 'catalog', percent }, { actor: 'a' });
  const first = await call('GET', '/audit?limit=2');
  t.same(first.json.entries.map((e: { version: number }) => e.version), [5, 4]);
  const next = await call('GET', '/audit?limit=2&before=4');
  t.same(next.json.entries.map((e: { version: number }) => e.version), [3, 2]);
  t.match(await call('GET', '/audit?before=0'), { status: 400, json: { code: 'PEEL_PROXY_ADMIN_REQUEST_INVALID', message: /before/ } });
});
