import t, { type Test } from 'tap';
import { ObjectId } from 'mongodb';
import { PRODUCT_SORTS, ProductListResponse, decodeProductCursor, sortDirectionOf, sortKeyOf, type ProductSort } from '#contracts';
import type { ProductDoc } from '#legacy-shop';
import { assertShopError, useShop, type ShopResponse, type TestShop } from './support/shop.ts';

const BASE = Date.parse('2026-01-01T00:00:00.000Z');
const NAMES = ['Trail Tent', 'copper kettle', 'Copper Pan', 'Atlas', 'Trail Tent', 'Notebook', 'a.b Special', 'Zither', 'ab Special', 'Headlamp', 'Kettle Stand', 'Atlas'];

/** Twelve products with ties on every sort key, so the id tie-break matters. */
function products(): ProductDoc[] {
  return NAMES.map((name, i) => {
    const createdAt = new Date(BASE + Math.floor(i / 2) * 60_000);
    return {
      _id: new ObjectId(),
      sku: `LST-${i}`,
      name,
      description: '',
      category: i % 3 === 0 ? 'outdoor' : 'kitchen',
      price: { amountMinor: [500, 1500, 500, 2500][i % 4] as number, currency: 'EUR' },
      stock: i,
      createdAt,
      updatedAt: createdAt,
    };
  });
}

function expectedOrder(docs: ProductDoc[], sort: ProductSort): string[] {
  const key = sortKeyOf(sort);
  const dir = sortDirectionOf(sort);
  const value = (d: ProductDoc) => (key === 'price' ? d.price.amountMinor : key === 'createdAt' ? d.createdAt.getTime() : d.name);
  return [...docs]
    .sort((a, b) => {
      const [va, vb] = [value(a), value(b)];
      const byValue = va < vb ? -1 : va > vb ? 1 : 0;
      const byId = a._id.toHexString() < b._id.toHexString() ? -1 : 1;
      return dir * (byValue !== 0 ? byValue : byId);
    })
    .map((d) => d._id.toHexString());
}

async function seeded(t: Test): Promise<{ shop: TestShop; docs: ProductDoc[] }> {
  const shop = await useShop(t);
  const docs = products();
  await shop.collections.products.insertMany(docs);
  return { shop, docs };
}

async function walkWithCursor(shop: TestShop, query: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 20; guard++) {
    const res: ShopResponse = await shop.get(`/api/products?${query}${cursor ? `&cursor=${cursor}` : ''}`);
    if (res.status !== 200) throw new Error(res.text);
    ids.push(...res.body.items.map((i: { id: string }) => i.id));
    cursor = res.body.page.nextCursor;
    if (!cursor) return ids;
  }
  throw new Error('cursor pagination did not end');
}

t.test('default: createdAt ascending, page 1 of 20, total and no next cursor', async (t) => {
  const { shop, docs } = await seeded(t);
  const res = await shop.get('/api/products');
  t.equal(res.status, 200);
  t.ok(ProductListResponse.safeParse(res.body).success, 'matches ProductListResponse');
  t.same(res.body.items.map((i: { id: string }) => i.id), expectedOrder(docs, 'createdAt'));
  t.same(res.body.page, { limit: 20, page: 1, total: 12, nextCursor: null });
});

t.test('every sort, walked by cursor, gives the total order with id tie-breaks', async (t) => {
  const { shop, docs } = await seeded(t);
  for (const sort of PRODUCT_SORTS) t.same(await walkWithCursor(shop, `sort=${sort}&limit=5`), expectedOrder(docs, sort), `sort=${sort}`);
});

t.test('page mode: pages partition the same order; next cursor continues from the page', async (t) => {
  const { shop, docs } = await seeded(t);
  const expected = expectedOrder(docs, '-price');
  const pages = await Promise.all([1, 2, 3].map((page) => shop.get(`/api/products?sort=-price&limit=5&page=${page}`)));
  t.same(pages.flatMap((p) => p.body.items.map((i: { id: string }) => i.id)), expected);
  t.same(pages.map((p) => p.body.page.page), [1, 2, 3]);
  t.same(pages.map((p) => p.body.page.total), [12, 12, 12]);
  t.equal(pages[2]?.body.page.nextCursor, null);
  const next = await shop.get(`/api/products?sort=-price&limit=5&cursor=${pages[0]?.body.page.nextCursor}`);
  t.same(next.body.items, pages[1]?.body.items, 'page 1 nextCursor leads to page 2');
  t.notOk('page' in next.body.page, 'cursor mode has no page number');
  t.same(decodeProductCursor(pages[0]?.body.page.nextCursor)?.id, expected[4]);
});

t.test('filters: category exact, q a case-insensitive literal substring of the name', async (t) => {
  const { shop, docs } = await seeded(t);
  const outdoor = await shop.get('/api/products?category=outdoor&sort=name');
  t.same(outdoor.body.items.map((i: { id: string }) => i.id), expectedOrder(docs.filter((d) => d.category === 'outdoor'), 'name'));
  t.equal(outdoor.body.page.total, 4);
  const copper = await shop.get('/api/products?q=COPPER');
  t.same(copper.body.items.map((i: { name: string }) => i.name).sort(), ['Copper Pan', 'copper kettle']);
  const literalDot = await shop.get(`/api/products?q=${encodeURIComponent('a.b')}`);
  t.same(literalDot.body.items.map((i: { name: string }) => i.name), ['a.b Special'], '"." is not a wildcard');
  const both = await shop.get('/api/products?q=kettle&category=kitchen&limit=1');
  t.equal(both.body.page.total, 2);
  t.equal(both.body.items.length, 1);
  t.ok(both.body.page.nextCursor);
  const none = await shop.get(`/api/products?q=${encodeURIComponent('.*')}`);
  t.same(none.body, { items: [], page: { limit: 20, page: 1, total: 0, nextCursor: null } });
});

t.test('bad list queries are 400s naming the parameter', async (t) => {
  const { shop } = await seeded(t);
  const first = await shop.get('/api/products?sort=name&limit=2');
  const cursor = first.body.page.nextCursor as string;
  const bad: Array<[string, string]> = [
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=ten', 'limit'],
    ['page=0', 'page'],
    ['sort=stock', 'sort'],
    ['colour=red', 'colour'],
    [`sort=name&page=2&cursor=${cursor}`, 'cursor'],
    [`sort=price&cursor=${cursor}`, 'cursor'],
    ['cursor=garbage!', 'cursor'],
    ['category=a&category=b', 'category'],
  ];
  for (const [query, field] of bad) assertShopError(t, await shop.get(`/api/products?${query}`), 400, 'PEEL_SHOP_INVALID_REQUEST', field);
});
