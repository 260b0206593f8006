import t from 'tap';
import { waitFor } from '#lib';
import { SEQUENCE_FIELD } from '#runtime';
import { ObjectId } from 'mongodb';
import { deletedEvent, productEvent, productState, useCatalog } from './helpers.ts';

const A = '6745a1f0c2b3d4e5f6a7c001';
const B = '6745a1f0c2b3d4e5f6a7c002';
const C = '6745a1f0c2b3d4e5f6a7c003';

t.test('out-of-order, redelivered and late events converge on the newest state', async (t) => {
  const f = await useCatalog(t);
  // A: newest first, then two older ones that must not win.
  f.publish(productEvent('shop.product.updated.v1', productState(A, { stock: 3, sku: 'A-1' }), 3));
  f.publish(productEvent('shop.product.snapshot.v1', productState(A, { stock: 1, sku: 'A-1' }), 1));
  f.publish(productEvent('shop.product.updated.v1', productState(A, { stock: 2, sku: 'A-1' }), 2));
  // B: deleted, then a late update and snapshot that must not bring it back.
  f.publish(deletedEvent(B, 6));
  f.publish(productEvent('shop.product.updated.v1', productState(B, { sku: 'B-1' }), 5));
  f.publish(productEvent('shop.product.snapshot.v1', productState(B, { sku: 'B-1' }), 4));
  // C: created, and the very same message again.
  const created = productEvent('shop.product.created.v1', productState(C, { sku: 'C-1', name: 'Cup' }), 7);
  f.publish(created);
  f.publish(created);

  await waitFor('all 8 deliveries processed', async () => (await f.metric('peel_catalog_events_applied_total')) + (await f.metric('peel_catalog_events_stale_total')) === 8);
  t.equal(await f.metric('peel_catalog_events_failed_total'), 0);
  t.ok((await f.metric('peel_catalog_events_stale_total')) >= 1, 'at least the redelivery was stale');

  t.match(await f.get(`/api/products/${A}`), { status: 200, body: { id: A, stock: 3 } });
  t.match(await f.get(`/api/products/${B}`), { status: 404, body: { code: 'PEEL_SHOP_NOT_FOUND' } });
  t.match(await f.get(`/api/products/${C}`), { status: 200, body: { id: C, name: 'Cup' } });
  const list = await f.get('/api/products');
  t.same(
    (list.body as { items: Array<{ id: string }>; page: { total: number } }).items.map((p) => p.id),
    [A, C],
    'the tombstone is neither listed nor counted',
  );
  t.equal((list.body as { page: { total: number } }).page.total, 2);

  const tombstone = await f.db.collection('products').findOne({ _id: new ObjectId(B) });
  t.match(tombstone, { deleted: true, [SEQUENCE_FIELD]: 6 }, 'the delete is kept as a tombstone with its sequence');
  // A scrape that began before the last event was applied may have cached the lag for a moment.
  const readyz = await waitFor('/readyz to show the newest event applied', async () => {
    const res = await f.get('/readyz');
    return (res.body as { lag?: { lastAppliedSequence?: number } }).lag?.lastAppliedSequence === 7 && res;
  });
  t.match(readyz, { status: 200, body: { service: 'catalog', ready: true, lag: { ms: null, sequence: null, lastAppliedSequence: 7 } } });
});
