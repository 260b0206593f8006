import type { EventOf, PeelEvent } from '#contracts';
import { stateToFields, type CatalogProductDoc } from './product-doc.ts';

export type ProductEvent = EventOf<
  'shop.product.snapshot.v1' | 'shop.product.created.v1' | 'shop.product.updated.v1' | 'shop.product.deleted.v1'
>;

/** What one product event does to one document: its whole new content, if the event is newer. */
export interface ProductChange {
  productId: string;
  sequence: number;
  fields: Omit<CatalogProductDoc, '_id' | '_sequence'>;
}

export type ProductSnapshotCompleted = EventOf<'shop.product.snapshot-completed.v1'>;

export function isProductEvent(event: PeelEvent): event is ProductEvent {
  return event.type.startsWith('shop.product.') && event.type !== 'shop.product.snapshot-completed.v1';
}

/**
 * Pure: snapshot, created and updated all carry the whole product, so each one replaces
 * the state; a delete keeps only the tombstone. `changedFields` is not needed, because
 * replaying whole states in sequence order converges whatever was missed in between.
 */
export function productChangeOf(event: ProductEvent): ProductChange {
  const eventTime = new Date(event.time);
  if (event.type === 'shop.product.deleted.v1') {
    const { productId, deletedAt } = event.data;
    return { productId, sequence: event.sequence, fields: { deleted: true, deletedAt: new Date(deletedAt), eventTime } };
  }
  const { productId } = event.data;
  return { productId, sequence: event.sequence, fields: { ...stateToFields(event.data), eventTime } };
}
