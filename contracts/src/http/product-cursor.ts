import { z } from 'zod';
import { IsoDateTime, ObjectIdString } from '../common.ts';
import type { ProductState } from '../events/shop-product.ts';
import { ProductSort, sortKeyOf } from './product-sort.ts';

/** Where a cursor page continues: after the product with this sort value and id. */
export interface ProductCursor {
  sort: ProductSort;
  /** The name (string), the price in minor units (integer) or createdAt (ISO string). */
  value: string | number;
  id: string;
}

const CursorTuple = z.tuple([ProductSort, z.union([z.string(), z.int()]), ObjectIdString]);

/** The cursor after `product` in a list sorted by `sort`. */
export function productCursorAfter(sort: ProductSort, product: ProductState): ProductCursor {
  const key = sortKeyOf(sort);
  const value = key === 'price' ? product.price.amountMinor : product[key];
  return { sort, value, id: product.productId };
}

/** Deterministic: the same position always gives the same string (base64url of a JSON tuple). */
export function encodeProductCursor(cursor: ProductCursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.value, cursor.id]), 'utf8').toString('base64url');
}

/** The cursor in `text`, or null when it is not one `encodeProductCursor` could have made. */
export function decodeProductCursor(text: string): ProductCursor | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = CursorTuple.safeParse(json);
  if (!parsed.success) return null;
  const [sort, value, id] = parsed.data;
  return valueFits(sort, value) ? { sort, value, id } : null;
}

function valueFits(sort: ProductSort, value: string | number): boolean {
  switch (sortKeyOf(sort)) {
    case 'price':
      return typeof value === 'number' && value >= 0;
    case 'createdAt':
      return typeof value === 'string' && IsoDateTime.safeParse(value).success;
    case 'name':
      return typeof value === 'string' && value.length > 0;
  }
}
