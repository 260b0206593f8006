import { z } from 'zod';
import { ProductState } from '../events/shop-product.ts';
import { decodeProductCursor, type ProductCursor } from './product-cursor.ts';
import { ProductSort } from './product-sort.ts';

/**
 * The product read API (`GET /api/products`, `GET /api/products/:id`), served by the legacy
 * shop and, after extraction, by the catalog service. Both build every body with the
 * functions below so the bytes are identical, key order included.
 */

const state = ProductState.shape;

/** One product over HTTP. The events call the id `productId`; HTTP calls it `id`. */
export const ProductResponse = z
  .object({
    id: state.productId,
    sku: state.sku,
    name: state.name,
    description: state.description,
    category: state.category,
    price: state.price,
    stock: state.stock,
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
  })
  .strict();
export type ProductResponse = z.infer<typeof ProductResponse>;

export function productResponseFromState(s: ProductState): ProductResponse {
  return {
    id: s.productId,
    sku: s.sku,
    name: s.name,
    description: s.description,
    category: s.category,
    price: { amountMinor: s.price.amountMinor, currency: s.price.currency },
    stock: s.stock,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

/** `GET /api/products/:id`: a malformed id is a 400 naming `id`, an unknown one a 404. */
export const ProductIdParams = z.object({ id: state.productId }).strict();

export const PRODUCT_LIST_DEFAULT_LIMIT = 20;
export const PRODUCT_LIST_MAX_LIMIT = 100;
export const PRODUCT_LIST_MAX_PAGE = 100_000;

/** A query-string integer: digits only (no `1e3`, no ` 5`), or already a number. */
export const QueryInt = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^[0-9]{1,9}$/.test(v) ? Number(v) : v),
    z.int({ error: (issue) => (issue.code === 'invalid_type' ? 'expected an integer' : undefined) }).min(min).max(max),
  );

/**
 * `GET /api/products` query string. Unknown keys are refused (a typo such as `categroy`
 * would otherwise silently list everything). `page` and `cursor` exclude each other.
 * The default sort is `createdAt` ascending: new products land on the last page, so the
 * earlier pages a client already walked do not shift under it.
 */
export const ProductListQueryInput = z
  .object({
    category: state.category.optional(),
    /** Case-insensitive substring of the name. */
    q: z.string().min(1).max(200).optional(),
    sort: ProductSort.default('createdAt'),
    limit: QueryInt(1, PRODUCT_LIST_MAX_LIMIT).default(PRODUCT_LIST_DEFAULT_LIMIT),
    page: QueryInt(1, PRODUCT_LIST_MAX_PAGE).optional(),
    /** Opaque: the `nextCursor` of a previous page with the same sort. */
    cursor: z.string().min(1).max(1_000).optional(),
  })
  .strict();

/** The parsed query: either a page number (default 1) or a decoded cursor, never both. */
export interface ProductListQuery {
  category?: string;
  q?: string;
  sort: ProductSort;
  limit: number;
  page?: number;
  after?: ProductCursor;
}

export const ProductListQuery = ProductListQueryInput.transform((input, ctx): ProductListQuery => {
  const base: ProductListQuery = { sort: input.sort, limit: input.limit };
  if (input.category !== undefined) base.category = input.category;
  if (input.q !== undefined) base.q = input.q;
  if (input.cursor === undefined) return { ...base, page: input.page ?? 1 };
  if (input.page !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['cursor'], message: 'use either page or cursor, not both', input: input.cursor });
    return z.NEVER;
  }
  const after = decodeProductCursor(input.cursor);
  if (!after) {
    ctx.addIssue({ code: 'custom', path: ['cursor'], message: "expected a previous page's nextCursor", input: input.cursor });
    return z.NEVER;
  }
  if (after.sort !== input.sort) {
    ctx.addIssue({ code: 'custom', path: ['cursor'], message: `the cursor was issued for sort=${after.sort}, not sort=${input.sort}`, input: input.cursor });
    return z.NEVER;
  }
  return { ...base, after };
});

/**
 * `page.page` is present in page mode only. `page.total` counts every product matching
 * `category` and `q`, whatever the page. `page.nextCursor` continues after the last item
 * in either mode, and is null on the last page.
 */
export const ProductListPage = z
  .object({
    limit: z.int().min(1).max(PRODUCT_LIST_MAX_LIMIT),
    page: z.int().min(1).optional(),
    total: z.int().min(0),
    nextCursor: z.string().min(1).nullable(),
  })
  .strict();
export type ProductListPage = z.infer<typeof ProductListPage>;

export const ProductListResponse = z
  .object({
    items: z.array(ProductResponse),
    page: ProductListPage,
  })
  .strict();
export type ProductListResponse = z.infer<typeof ProductListResponse>;
