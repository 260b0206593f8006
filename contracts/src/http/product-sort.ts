import { z } from 'zod';

/** `field` ascending, `-field` descending; ties are always broken by id in the same direction. */
export const PRODUCT_SORTS = ['createdAt', '-createdAt', 'name', '-name', 'price', '-price'] as const;
export const ProductSort = z.enum(PRODUCT_SORTS);
export type ProductSort = z.infer<typeof ProductSort>;

export type ProductSortKey = 'createdAt' | 'name' | 'price';

export function sortKeyOf(sort: ProductSort): ProductSortKey {
  return (sort.startsWith('-') ? sort.slice(1) : sort) as ProductSortKey;
}

export function sortDirectionOf(sort: ProductSort): 1 | -1 {
  return sort.startsWith('-') ? -1 : 1;
}
