import t, { type Test } from 'tap';
import {
  ProductListQuery,
  ProductListResponse,
  ProductResponse,
  ShopError,
  decodeProductCursor,
  encodeProductCursor,
  escapeRegex,
  invalidRequestError,
  productListMongoQuery,
  productListResponse,
  productResponseFromState,
  type ProductState,
} from '#contracts';

const identity = { id: (hex: string) => `oid:${hex}`, date: (iso: string) => `date:${iso}` };

function product(n: number, overrides: Partial<ProductState> = {}): ProductState {
  return {
    productId: n.toString(16).padStart(24, '0'),
    sku: `SKU-${n}`,
    name: `Product ${n}`,
    description: '',
    category: 'books',
    price: { amountMinor: 100 * n, currency: 'EUR' },
    stock: n,
    createdAt: new Date(Date.UTC(2026, 0, n)).toISOString(),
    updatedAt: new Date(Date.UTC(2026, 1, n)).toISOString(),
    ...overrides,
  };
}

function rejects(t: Test, input: Record<string, unknown>, field: string, message?: RegExp): void {
  const result = ProductListQuery.safeParse(input);
  t.notOk(result.success, `rejects ${JSON.stringify(input)}`);
  if (result.success) return;
  const body = invalidRequestError('query', result.error);
  t.ok(ShopError.safeParse(body).success, 'the error body matches ShopError');
  t.equal(body.statusCode, 400);
  t.equal(body.field, field, `names ${field}`);
  if (message) t.match(body.message, message);
}

t.test('productResponseFromState renames productId to id, in a fixed key order', async (t) => {
  const body = productResponseFromState(product(1));
  t.ok(ProductResponse.safeParse(body).success);
  t.same(Object.keys(body), ['id', 'sku', 'name', 'description', 'category', 'price', 'stock', 'createdAt', 'updatedAt']);
  t.equal(body.id, product(1).productId);
  t.notOk('productId' in body);
});

t.test('the list query has defaults and coerces query-string integers', async (t) => {
  t.same(ProductListQuery.parse({}), { sort: 'createdAt', limit: 20, page: 1 });
  t.same(ProductListQuery.parse({ limit: '5', page: '3', sort: '-price', category: 'books', q: 'a' }), {
    sort: '-price',
    limit: 5,
    category: 'books',
    q: 'a',
    page: 3,
  });
});

t.test('bad list queries are 400 naming the field', async (t) => {
  rejects(t, { limit: '0' }, 'limit');
  rejects(t, { limit: '101' }, 'limit', /<=100/);
  rejects(t, { limit: '1e1' }, 'limit', /integer/);
  rejects(t, { page: '0' }, 'page');
  rejects(t, { sort: 'stock' }, 'sort');
  rejects(t, { categroy: 'books' }, 'categroy');
  rejects(t, { category: ['a', 'b'] }, 'category');
  rejects(t, { cursor: 'not a cursor!' }, 'cursor');
  const cursor = encodeProductCursor({ sort: 'name', value: 'x', id: product(1).productId });
  rejects(t, { cursor, page: '2', sort: 'name' }, 'cursor', /either page or cursor/);
  rejects(t, { cursor }, 'cursor', /sort=name, not sort=createdAt/);
});

t.test('cursors are deterministic and round-trip; tampered ones are refused', async (t) => {
  const cursor = { sort: '-price' as const, value: 300, id: product(3).productId };
  const text = encodeProductCursor(cursor);
  t.equal(text, encodeProductCursor({ ...cursor }));
  t.match(text, /^[A-Za-z0-9_-]+$/);
  t.same(decodeProductCursor(text), cursor);
  t.equal(decodeProductCursor(encodeProductCursor({ ...cursor, value: 'cheap' })), null, 'a price must be a number');
  t.equal(decodeProductCursor(encodeProductCursor({ sort: 'createdAt', value: 'yesterday', id: cursor.id })), null);
  t.equal(decodeProductCursor(Buffer.from('[1,2').toString('base64url')), null);
  t.equal(decodeProductCursor(encodeProductCursor({ ...cursor, id: 'nope' })), null);
});

t.test('page mode: filter, sort with id tie-break, skip, and one extra item', async (t) => {
  const query = ProductListQuery.parse({ category: 'books', q: 'a.b(', sort: '-name', limit: '10', page: '3' });
  const mongo = productListMongoQuery(query, identity);
  const expectedFilter = { category: 'books', name: { $regex: 'a\\.b\\(', $options: 'i' } };
  t.same(mongo.filter, expectedFilter);
  t.same(mongo.countFilter, expectedFilter);
  t.same(mongo.sort, { name: -1, _id: -1 });
  t.same(Object.keys(mongo.sort), ['name', '_id'], 'the sort field comes before the tie-break');
  t.equal(mongo.skip, 20);
  t.equal(mongo.limit, 11);
});

t.test('cursor mode continues strictly after the cursor position', async (t) => {
  const last = product(4);
  const asc = ProductListQuery.parse({ cursor: encodeProductCursor({ sort: 'createdAt', value: last.createdAt, id: last.productId }) });
  const mongo = productListMongoQuery(asc, identity);
  t.equal(mongo.skip, 0);
  t.same(mongo.filter, {
    $or: [{ createdAt: { $gt: `date:${last.createdAt}` } }, { createdAt: `date:${last.createdAt}`, _id: { $gt: `oid:${last.productId}` } }],
  });
  t.same(mongo.countFilter, {});
  const desc = ProductListQuery.parse({ sort: '-price', cursor: encodeProductCursor({ sort: '-price', value: 400, id: last.productId }) });
  t.same(productListMongoQuery(desc, identity).filter.$or, [
    { 'price.amountMinor': { $lt: 400 } },
    { 'price.amountMinor': 400, _id: { $lt: `oid:${last.productId}` } },
  ]);
});

t.test('the list response trims the extra item and points past the last one', async (t) => {
  const query = ProductListQuery.parse({ limit: '2', sort: 'price' });
  const more = productListResponse(query, [product(1), product(2), product(3)], 7);
  t.ok(ProductListResponse.safeParse(more).success);
  t.same(more.items.map((i) => i.sku), ['SKU-1', 'SKU-2']);
  t.same(Object.keys(more.page), ['limit', 'page', 'total', 'nextCursor']);
  t.same(decodeProductCursor(more.page.nextCursor ?? ''), { sort: 'price', value: 200, id: product(2).productId });
  const lastPage = productListResponse(query, [product(1)], 1);
  t.equal(lastPage.page.nextCursor, null);
  const cursorQuery = ProductListQuery.parse({ limit: '2', sort: 'price', cursor: more.page.nextCursor });
  t.same(Object.keys(productListResponse(cursorQuery, [product(3)], 7).page), ['limit', 'total', 'nextCursor'], 'no page number in cursor mode');
});

t.test('escapeRegex makes every metacharacter literal', async (t) => {
  const nasty = 'a.*+?^${}()|[]\\b';
  t.ok(new RegExp(`^${escapeRegex(nasty)}$`).test(nasty));
  t.notOk(new RegExp(escapeRegex('.*')).test('anything'));
});
