import type { ProductState } from '../events/shop-product.ts';
import { encodeProductCursor, productCursorAfter, type ProductCursor } from './product-cursor.ts';
import { sortDirectionOf, sortKeyOf, type ProductSortKey } from './product-sort.ts';
import { productResponseFromState, type ProductListQuery, type ProductListResponse } from './products.ts';

/**
 * How a stored product document is queried. Both services keep products in the shop's
 * document shape (`_id`, `name`, `category`, `price.amountMinor`, `createdAt`); the codec
 * turns the cursor's hex id and ISO date into the stored types (ObjectId and Date in the
 * shop). Hex strings and ISO strings order like ObjectIds and Dates, so a service that
 * stores strings passes identity functions and gets the same order.
 */
export interface ProductStorageCodec {
  id(hex: string): unknown;
  date(iso: string): unknown;
}

const FIELD: Record<ProductSortKey, string> = { createdAt: 'createdAt', name: 'name', price: 'price.amountMinor' };

export interface ProductListMongoQuery {
  /** Category, name search and the cursor position. */
  filter: Record<string, unknown>;
  /** The same without the cursor position: what `page.total` counts. */
  countFilter: Record<string, unknown>;
  sort: Record<string, 1 | -1>;
  skip: number;
  /** One more than the page size: the extra item only tells whether a next page exists. */
  limit: number;
}

/** Regex metacharacters in user input match themselves, never as a pattern. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The official driver's `find(filter).sort(sort).skip(skip).limit(limit)` for a product list. */
export function productListMongoQuery(query: ProductListQuery, codec: ProductStorageCodec): ProductListMongoQuery {
  const countFilter: Record<string, unknown> = {};
  if (query.category !== undefined) countFilter.category = query.category;
  if (query.q !== undefined) countFilter.name = { $regex: escapeRegex(query.q), $options: 'i' };
  const field = FIELD[sortKeyOf(query.sort)];
  const direction = sortDirectionOf(query.sort);
  const filter = query.after ? { ...countFilter, $or: afterCursor(query.after, codec) } : countFilter;
  const skip = query.page === undefined ? 0 : (query.page - 1) * query.limit;
  return { filter, countFilter, sort: { [field]: direction, _id: direction }, skip, limit: query.limit + 1 };
}

/** Strictly after the cursor's position in its sort order: a greater value, or the same value and a greater id. */
function afterCursor(after: ProductCursor, codec: ProductStorageCodec): Record<string, unknown>[] {
  const key = sortKeyOf(after.sort);
  const op = sortDirectionOf(after.sort) === 1 ? '$gt' : '$lt';
  const value = key === 'createdAt' ? codec.date(String(after.value)) : after.value;
  return [{ [FIELD[key]]: { [op]: value } }, { [FIELD[key]]: value, _id: { [op]: codec.id(after.id) } }];
}

/**
 * The list body from the products the query found (up to `limit + 1` of them, in order)
 * and the count of `countFilter`.
 */
export function productListResponse(query: ProductListQuery, found: ProductState[], total: number): ProductListResponse {
  const items = found.slice(0, query.limit);
  const last = items[items.length - 1];
  const nextCursor = found.length > query.limit && last ? encodeProductCursor(productCursorAfter(query.sort, last)) : null;
  const { limit } = query;
  const page = query.page === undefined ? { limit, total, nextCursor } : { limit, page: query.page, total, nextCursor };
  return { items: items.map(productResponseFromState), page };
}
