import t from 'tap';
import { exampleOf } from '#contracts';
import { productChangeOf } from '#catalog';

t.test('snapshot, created and updated carry the whole product in the shop document shape', async (t) => {
  for (const type of ['shop.product.snapshot.v1', 'shop.product.created.v1', 'shop.product.updated.v1'] as const) {
    const event = exampleOf(type);
    const change = productChangeOf(event);
    t.equal(change.productId, event.data.productId, type);
    t.equal(change.sequence, event.sequence, type);
    t.same(
      change.fields,
      {
        sku: event.data.sku,
        name: event.data.name,
        description: event.data.description,
        category: event.data.category,
        price: event.data.price,
        stock: event.data.stock,
        createdAt: new Date(event.data.createdAt),
        updatedAt: new Date(event.data.updatedAt),
        deleted: false,
        eventTime: new Date(event.time),
      },
      type,
    );
    t.notOk('changedFields' in change.fields, `${type}: no event-only fields stored`);
  }
});

t.test('a delete becomes a tombstone without product fields', async (t) => {
  const event = exampleOf('shop.product.deleted.v1');
  t.same(productChangeOf(event), {
    productId: event.data.productId,
    sequence: event.sequence,
    fields: { deleted: true, deletedAt: new Date(event.data.deletedAt), eventTime: new Date(event.time) },
  });
});
