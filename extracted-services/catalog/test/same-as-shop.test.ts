import { MongoClient } from 'mongodb';
import t from 'tap';
import type { ProductListResponse, ProductResponse, ProductState } from '#contracts';
import { waitFor } from '#lib';
import { loadShopConfig, startLegacyShop } from '#legacy-shop';
import { uniqueName } from '#test-support';
import { useMongo } from '#test-support/mongo';
import { deletedEvent, productEvent, quiet, useCatalog } from './helpers.ts';

/** Names, categories and prices chosen for ties, case, and regex metacharacters. */
const PRODUCTS = [
  ['MUG-1', 'Ceramic mug', 'kitchen', 1299],
  ['MUG-2', 'ceramic MUG large', 'kitchen', 1299],
  ['PAN-1', 'Frying pan', 'kitchen', 3450],
  ['KNIFE-1', 'Chef knife (8")', 'kitchen', 5999],
  ['SPADE-1', 'Spade', 'garden', 2500],
  ['HOSE-1', 'Hose 25m', 'garden', 1999],
  ['POT-1', 'Pot a.b+c', 'garden', 999],
  ['LAMP-1', 'Desk lamp', 'office', 3450],
  ['PEN-1', 'Pen', 'office', 150],
  ['PEN-2', 'Pen', 'office', 150],
  ['CHAIR-1', 'Chair', 'office', 12900],
] as const;

interface Answer {
  status: number;
  type: string | null;
  text: string;
}

async function ask(base: string, path: string): Promise<Answer> {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

function stateOf(p: ProductResponse): ProductState {
  const { id, ...rest } = p;
  return { productId: id, ...rest };
}

t.test('after sync the catalog answers every product read byte for byte like the legacy shop', async (t) => {
  const mongo = await useMongo(t);
  const shopDatabase = uniqueName('shop');
  const shop = await startLegacyShop(
    loadShopConfig({}, { mongodbUrl: mongo.url, database: shopDatabase, http: { host: '127.0.0.1', port: 0 }, logLevel: 'silent' }),
    { logger: quiet },
  );
  t.teardown(async () => {
    await shop.close();
    const client = await new MongoClient(mongo.url).connect();
    await client.db(shopDatabase).dropDatabase();
    await client.close();
  });
  const catalog = await useCatalog(t);

  const send = async (method: string, path: string, body?: unknown): Promise<Response> =>
    fetch(`${shop.url}${path}`, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
  let sequence = 0;
  const ids: string[] = [];
  for (const [sku, name, category, amountMinor] of PRODUCTS) {
    const res = await send('POST', '/api/products', { sku, name, description: `${name}.`, category, price: { amountMinor, currency: 'EUR' }, stock: 5 });
    t.equal(res.status, 201, `created ${sku}`);
    const created = (await res.json()) as ProductResponse;
    ids.push(created.id);
    catalog.publish(productEvent('shop.product.created.v1', stateOf(created), (sequence += 1)));
  }
  const [first, , third, , , , , , , , last] = ids as [string, ...string[]];
  const patched = (await (await send('PATCH', `/api/products/${third}`, { stock: 0, name: 'Frying pan 28cm' })).json()) as ProductResponse;
  catalog.publish(productEvent('shop.product.updated.v1', stateOf(patched), (sequence += 1)));
  t.equal((await send('DELETE', `/api/products/${last}`)).status, 204);
  catalog.publish(deletedEvent(String(last), (sequence += 1)));
  await waitFor('the catalog applied every event', async () => (await catalog.metric('peel_catalog_events_applied_total')) === sequence);

  const cases: Array<[string, number]> = [
    ['/api/products', 200],
    ['/api/products?limit=4', 200],
    ['/api/products?limit=4&page=2', 200],
    ['/api/products?limit=4&page=3', 200],
    ['/api/products?page=99', 200],
    ['/api/products?category=kitchen', 200],
    ['/api/products?category=nothing', 200],
    ['/api/products?q=MUG', 200],
    ['/api/products?q=a.b%2Bc', 200],
    ['/api/products?q=(8%22)', 200],
    ['/api/products?category=office&q=pen&sort=-name', 200],
    ...['createdAt', '-createdAt', 'name', '-name', 'price', '-price'].map((sort): [string, number] => [`/api/products?sort=${sort}&limit=3`, 200]),
    [`/api/products/${first}`, 200],
    [`/api/products/${third}`, 200],
    [`/api/products/${last}`, 404],
    ['/api/products/6745a1f0c2b3d4e5f6a7b8c9', 404],
    ['/api/products/not-an-id', 400],
    ['/api/products?limit=0', 400],
    ['/api/products?limit=101', 400],
    ['/api/products?limit=1e3', 400],
    ['/api/products?page=0', 400],
    ['/api/products?sort=bogus', 400],
    ['/api/products?categroy=kitchen', 400],
    ['/api/products?category=a&category=b', 400],
    ['/api/products?cursor=garbage', 400],
    ['/api/products?page=2&cursor=abc', 400],
  ];
  for (const [path, status] of cases) {
    const fromShop = await ask(shop.url, path);
    t.equal(fromShop.status, status, `the shop answers ${status} to ${path}`);
    t.same(await ask(catalog.service.url, path), fromShop, path);
  }
  const all = JSON.parse((await ask(catalog.service.url, '/api/products')).text) as ProductListResponse;
  t.equal(all.page.total, PRODUCTS.length - 1, 'every live product listed');
  t.match(all.items.find((p) => p.id === third), { name: 'Frying pan 28cm', stock: 0 }, 'the update applied');

  for (const sort of ['createdAt', '-createdAt', 'name', '-name', 'price', '-price']) {
    let path = `/api/products?sort=${sort}&limit=3`;
    for (let pages = 0; ; pages += 1) {
      const fromShop = await ask(shop.url, path);
      t.same(await ask(catalog.service.url, path), fromShop, `cursor walk ${path}`);
      const next = (JSON.parse(fromShop.text) as ProductListResponse).page.nextCursor;
      if (next === null || pages > PRODUCTS.length) break;
      path = `/api/products?sort=${sort}&limit=3&cursor=${next}`;
    }
  }
  const mismatched = (JSON.parse((await ask(shop.url, '/api/products?sort=name&limit=2')).text) as ProductListResponse).page.nextCursor;
  const wrongSort = `/api/products?sort=price&cursor=${mismatched}`;
  t.same(await ask(catalog.service.url, wrongSort), await ask(shop.url, wrongSort), 'a cursor from another sort');
  t.equal((await ask(shop.url, wrongSort)).status, 400);
});
