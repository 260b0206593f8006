import t from 'tap';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { MongoClient } from 'mongodb';
import { createLogger } from '#lib';
import { useMongo } from '#test-support/mongo';
import { buildShopApp } from '#legacy-shop';
import { assertShopError, useShop } from './support/shop.ts';

t.test('malformed bodies are 400s naming the body', async (t) => {
  const shop = await useShop(t);
  const badJson = await shop.request('POST', '/api/users', '{"email": ', { 'content-type': 'application/json' });
  assertShopError(t, badJson, 400, 'PEEL_SHOP_INVALID_REQUEST', 'body');
  const noBody = await shop.request('POST', '/api/products');
  assertShopError(t, noBody, 400, 'PEEL_SHOP_INVALID_REQUEST', 'body');
  const text = await shop.request('POST', '/api/products', 'sku=X', { 'content-type': 'text/plain' });
  assertShopError(t, text, 400, 'PEEL_SHOP_INVALID_REQUEST', 'body');
  const huge = await shop.request('POST', '/api/users', JSON.stringify({ email: 'a@example.com', name: 'x'.repeat(2 * 1024 * 1024) }));
  t.equal(huge.status, 413);
  t.equal(huge.body.code, 'PEEL_SHOP_INVALID_REQUEST');
});

t.test('an unknown route is a 404 in the same shape', async (t) => {
  const shop = await useShop(t);
  const res = await shop.get('/api/carts?x=1');
  assertShopError(t, res, 404, 'PEEL_SHOP_NOT_FOUND');
  t.equal(res.body.message, 'route GET /api/carts not found');
});

t.test('healthz answers while MongoDB does', async (t) => {
  const shop = await useShop(t);
  const res = await shop.get('/healthz');
  t.equal(res.status, 200);
  t.same(res.body, { status: 'ok' });
});

t.test('a database failure is a 500 that leaks nothing, logged with the error', async (t) => {
  const mongo = await useMongo(t);
  const client = await new MongoClient(mongo.url).connect();
  const db = client.db(mongo.dbName('shop'));
  await client.close();
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const app = buildShopApp({ db, logger: createLogger('legacy-shop', { level: 'warn', destination: sink }) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  t.teardown(() => app.close());
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const res = await fetch(`${url}/api/products`);
  t.equal(res.status, 500);
  t.same(await res.json(), { statusCode: 500, code: 'PEEL_SHOP_INTERNAL', error: 'Internal Server Error', message: 'internal server error' });
  const logged = lines.find((l) => l.msg === 'request failed');
  t.ok(logged, 'the failure is logged');
  t.ok((logged?.err as { message?: string } | undefined)?.message, 'with the underlying error under err');
  t.equal((await fetch(`${url}/healthz`)).status, 503);
});
