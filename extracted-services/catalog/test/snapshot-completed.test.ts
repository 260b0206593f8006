import t from 'tap';
import { ObjectId } from 'mongodb';
import { waitFor } from '#lib';
import { SEQUENCE_FIELD } from '#runtime';
import { productEvent, productState, snapshotCompletedEvent, useCatalog, type CatalogFixture } from './helpers.ts';

const A = '6745a1f0c2b3d4e5f6a7d001';
const B = '6745a1f0c2b3d4e5f6a7d002';
const C = '6745a1f0c2b3d4e5f6a7d003';

/** Waits until the catalog has processed `count` deliveries in all, so each step starts from a known state. */
async function processed(f: CatalogFixture, count: number): Promise<void> {
  const done = async () => (await f.metric('peel_catalog_events_applied_total')) + (await f.metric('peel_catalog_events_stale_total'));
  await waitFor(`${count} deliveries processed`, async () => (await done()) >= count);
}

t.test('the end of a snapshot drops the products it did not send; an event of the run still in flight brings its product back', async (t) => {
  const f = await useCatalog(t);
  f.publish(productEvent('shop.product.created.v1', productState(A, { sku: 'A-1' }), 1));
  f.publish(productEvent('shop.product.created.v1', productState(B, { sku: 'B-1' }), 2));
  f.publish(productEvent('shop.product.created.v1', productState(C, { sku: 'C-1' }), 3));
  await processed(f, 3);

  // A re-snapshot from sequence 10: A is copied, B was deleted while nothing watched,
  // C's snapshot event is still in flight (retried) when the end of the copy arrives.
  f.publish(productEvent('shop.product.snapshot.v1', productState(A, { sku: 'A-1', stock: 5 }), 10));
  await processed(f, 4);
  f.publish(snapshotCompletedEvent(10, 12));
  await processed(f, 5);
  t.equal(await f.metric('peel_catalog_products_dropped_by_snapshot_total'), 2, 'B and C were not sent by then');
  t.match(await f.get(`/api/products/${A}`), { status: 200, body: { stock: 5 } }, 'A was sent: kept');
  t.match(await f.get(`/api/products/${B}`), { status: 404 }, 'B is gone');
  t.match(await f.db.collection('products').findOne({ _id: new ObjectId(B) }), { deleted: true, [SEQUENCE_FIELD]: 9 }, 'as a tombstone just below the run');

  f.publish(productEvent('shop.product.snapshot.v1', productState(C, { sku: 'C-1', stock: 7 }), 11));
  f.publish(productEvent('shop.product.updated.v1', productState(B, { sku: 'B-1', stock: 1 }), 2));
  await processed(f, 7);
  t.match(await f.get(`/api/products/${C}`), { status: 200, body: { stock: 7 } }, 'C\'s late snapshot event brings it back');
  t.match(await f.get(`/api/products/${B}`), { status: 404 }, 'an older event of B, redelivered late, does not');

  f.publish(snapshotCompletedEvent(10, 12));
  await processed(f, 8);
  t.equal(await f.metric('peel_catalog_products_dropped_by_snapshot_total'), 2, 'the same end of copy again drops nothing more');
  const list = (await f.get('/api/products')).body as { items: Array<{ id: string }> };
  t.same(list.items.map((p) => p.id).sort(), [A, C]);
  t.equal(await f.metric('peel_catalog_events_failed_total'), 0);
});
