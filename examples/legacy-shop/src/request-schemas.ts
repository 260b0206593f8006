import { z } from 'zod';
import { ObjectIdString, OrderStatus, ProductState, QueryInt, UserState } from '#contracts';

/** Request bodies and parameters of the shop, built from the contract's field schemas. */

const product = ProductState.shape;

/** `POST /api/products` and `PUT /api/products/:id` (a PUT replaces every editable field). */
export const ProductInput = z
  .object({
    sku: product.sku,
    name: product.name,
    description: product.description.default(''),
    category: product.category,
    price: product.price,
    stock: product.stock,
  })
  .strict();
export type ProductInput = z.output<typeof ProductInput>;

/** `PATCH /api/products/:id`: any subset of the editable fields, at least one. */
export const ProductPatch = z
  .object({
    sku: product.sku.optional(),
    name: product.name.optional(),
    description: product.description.optional(),
    category: product.category.optional(),
    price: product.price.optional(),
    stock: product.stock.optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'expected at least one of sku, name, description, category, price, stock');
export type ProductPatch = z.output<typeof ProductPatch>;

export const UserInput = z
  .object({
    email: UserState.shape.email.max(254).transform((email) => email.toLowerCase()),
    name: UserState.shape.name,
  })
  .strict();
export type UserInput = z.output<typeof UserInput>;

export const MAX_ORDER_ITEMS = 50;

export const OrderInput = z
  .object({
    userId: ObjectIdString,
    items: z
      .array(z.object({ productId: ObjectIdString, quantity: z.int().min(1).max(1_000) }).strict())
      .min(1)
      .max(MAX_ORDER_ITEMS),
  })
  .strict()
  .superRefine((order, ctx) => {
    const seen = new Set<string>();
    order.items.forEach((item, i) => {
      if (seen.has(item.productId)) ctx.addIssue({ code: 'custom', path: ['items', i, 'productId'], message: 'the product is already in an earlier item' });
      seen.add(item.productId);
    });
  });
export type OrderInput = z.output<typeof OrderInput>;

export const OrderStatusInput = z.object({ status: OrderStatus }).strict();

export const IdParams = z.object({ id: ObjectIdString }).strict();

export const UserOrdersQuery = z.object({ limit: QueryInt(1, 100).default(50) }).strict();
