import type { AddressInfo } from 'node:net';
import tap, { type Test } from 'tap';
import type { Db } from 'mongodb';
import { ShopError } from '#contracts';
import { createLogger } from '#lib';
import { useMongo, type TestMongo } from '#test-support/mongo';
import { buildShopApp, prepareShopDatabase, shopCollections, type ShopCollections } from '#legacy-shop';

export interface ShopResponse<B = any> {
  status: number;
  headers: Headers;
  body: B;
  text: string;
}

export interface TestShop {
  url: string;
  mongodbUrl: string;
  db: Db;
  collections: ShopCollections;
  request<B = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ShopResponse<B>>;
  get<B = any>(path: string): Promise<ShopResponse<B>>;
  post<B = any>(path: string, body: unknown): Promise<ShopResponse<B>>;
  createUser(email?: string): Promise<{ id: string; email: string }>;
  createProduct(fields?: Record<string, unknown>): Promise<{ id: string; sku: string; stock: number }>;
}

let counter = 0;
let fileMongo: Promise<TestMongo> | undefined;

/** One MongoDB per test file (each test still gets its own database): starting a server per test costs more than the test. */
function sharedMongo(): Promise<TestMongo> {
  return (fileMongo ??= useMongo(tap));
}

/** The shop on port 0 over a fresh database, torn down with the test. */
export async function useShop(t: Test, options: { now?: () => Date } = {}): Promise<TestShop> {
  const mongo = await sharedMongo();
  const db = mongo.client.db(mongo.dbName('shop'));
  await prepareShopDatabase(db);
  const app = buildShopApp({ db, logger: createLogger('legacy-shop', { level: 'silent' }), ...options });
  await app.listen({ host: '127.0.0.1', port: 0 });
  t.teardown(() => app.close());
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  const request = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ShopResponse> => {
    const init: RequestInit = { method, headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers } };
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
    const res = await fetch(`${url}${path}`, init);
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, body: text.length > 0 && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined };
  };
  const shop: TestShop = {
    url,
    mongodbUrl: mongo.url,
    db,
    collections: shopCollections(db),
    request,
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body),
    async createUser(email = `user${++counter}@example.com`) {
      const res = await request('POST', '/api/users', { email, name: 'Test User' });
      if (res.status !== 201) throw new Error(`user not created: ${res.text}`);
      return res.body;
    },
    async createProduct(fields = {}) {
      const body = { sku: `TST-${++counter}`, name: `Product ${counter}`, category: 'tests', price: { amountMinor: 1000, currency: 'EUR' }, stock: 10, ...fields };
      const res = await request('POST', '/api/products', body);
      if (res.status !== 201) throw new Error(`product not created: ${res.text}`);
      return res.body;
    },
  };
  return shop;
}

/** Asserts a ShopError body with the given status, code and field. */
export function assertShopError(t: Test, res: ShopResponse, statusCode: number, code: string, field?: string): void {
  t.equal(res.status, statusCode, `status ${statusCode} (${res.text})`);
  t.ok(ShopError.safeParse(res.body).success, 'the body is a ShopError');
  t.equal(res.body?.statusCode, statusCode);
  t.equal(res.body?.code, code);
  t.equal(res.body?.field, field, field === undefined ? 'names no field' : `names ${field}`);
  t.match(res.headers.get('content-type'), /application\/json/);
}
