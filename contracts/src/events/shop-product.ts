import { z } from 'zod';
import { IsoDateTime, Money, ObjectIdString } from '../common.ts';
import { defineEvent } from '../envelope.ts';
import { SnapshotCompleted } from './snapshot-completed.ts';

export const ProductState = z
  .object({
    productId: ObjectIdString,
    sku: z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/, 'expected an uppercase SKU (A-Z, 0-9, -)'),
    name: z.string().min(1).max(200),
    description: z.string().max(5_000),
    category: z.string().min(1).max(100),
    price: Money,
    stock: z.int().min(0),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .strict();
export type ProductState = z.infer<typeof ProductState>;

export const ProductCreatedV1 = defineEvent('shop.product.created.v1', ProductState);

/** The whole product after the change, plus which top-level fields changed. */
export const ProductUpdatedV1 = defineEvent(
  'shop.product.updated.v1',
  ProductState.extend({ changedFields: z.array(z.string().min(1)) }).strict(),
);

export const ProductDeletedV1 = defineEvent(
  'shop.product.deleted.v1',
  z.object({ productId: ObjectIdString, deletedAt: IsoDateTime }).strict(),
);

export const ProductSnapshotV1 = defineEvent('shop.product.snapshot.v1', ProductState);

/** The adapter's snapshot has sent every product that exists; see SnapshotCompleted. */
export const ProductSnapshotCompletedV1 = defineEvent('shop.product.snapshot-completed.v1', SnapshotCompleted);
