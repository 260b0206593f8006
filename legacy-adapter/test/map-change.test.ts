import { ObjectId, Timestamp, type Document } from 'bson';
import t from 'tap';
import { validateEvent } from '#contracts';
import { mapChange } from '#adapter/mapping/map-change';
import type { RawChange } from '#adapter/mapping/raw-change';

const ctx = { shopDatabase: 'shop' };
const now = new Date('2026-11-26T12:00:00.000Z');
const wallTime = new Date('2026-11-26T10:15:30.123Z');
const productId = new ObjectId('6745a1f0c2b3d4e5f6a7b8d0');
const userId = new ObjectId('6745a1f0c2b3d4e5f6a7b8c9');
const orderId = new ObjectId('6745a1f0c2b3d4e5f6a7b8e1');

const product = {
  _id: productId,
  sku: 'MUG-CERAMIC-01',
  name: 'Ceramic mug',
  description: 'A mug.',
  category: 'kitchen',
  price: { amountMinor: 1299, currency: 'EUR' },
  stock: 42,
  createdAt: new Date('2026-11-20T08:00:00.000Z'),
  updatedAt: wallTime,
};
const order = {
  _id: orderId,
  userId,
  items: [{ productId, sku: 'MUG-CERAMIC-01', name: 'Ceramic mug', quantity: 2, unitPrice: { amountMinor: 1299, currency: 'EUR' } }],
  total: { amountMinor: 2598, currency: 'EUR' },
  status: 'paid',
  placedAt: wallTime,
  updatedAt: wallTime,
};
const user = { _id: userId, email: 'ada@example.com', name: 'Ada', registeredAt: wallTime };

let tokenCounter = 0;
function change(operationType: string, coll: string | undefined, extra: Partial<RawChange> = {}, db = 'shop'): RawChange {
  tokenCounter += 1;
  return { _id: { _data: `82${tokenCounter.toString(16).padStart(8, '0')}` }, operationType, ns: coll === undefined ? { db } : { db, coll }, wallTime, ...extra };
}

const cases: Array<{ name: string; change: RawChange; type: string | null; data?: Document; subject?: string }> = [
  { name: 'user insert', change: change('insert', 'users', { documentKey: { _id: userId }, fullDocument: user }), type: 'shop.user.registered.v1', subject: userId.toHexString() },
  { name: 'user update stays raw', change: change('update', 'users', { documentKey: { _id: userId }, fullDocument: user, updateDescription: { updatedFields: { name: 'Ada' }, removedFields: [] } }), type: 'legacy.change.v1' },
  { name: 'user delete stays raw', change: change('delete', 'users', { documentKey: { _id: userId } }), type: 'legacy.change.v1', data: { operation: 'delete', documentKey: { _id: { $oid: userId.toHexString() } } } },
  { name: 'product insert', change: change('insert', 'products', { documentKey: { _id: productId }, fullDocument: product }), type: 'shop.product.created.v1', data: { productId: productId.toHexString(), createdAt: '2026-11-20T08:00:00.000Z', price: { amountMinor: 1299, currency: 'EUR' } } },
  {
    name: 'product update lists top-level changed fields',
    change: change('update', 'products', { documentKey: { _id: productId }, fullDocument: product, updateDescription: { updatedFields: { 'price.amountMinor': 1299, stock: 42 }, removedFields: ['legacyFlag'] } }),
    type: 'shop.product.updated.v1',
    data: { changedFields: ['legacyFlag', 'price', 'stock'], stock: 42 },
  },
  {
    name: 'product replace diffs against the pre-image',
    change: change('replace', 'products', { documentKey: { _id: productId }, fullDocument: product, fullDocumentBeforeChange: { ...product, stock: 1 } }),
    type: 'shop.product.updated.v1',
    data: { changedFields: ['stock'] },
  },
  {
    name: 'product replace without pre-image lists every field',
    change: change('replace', 'products', { documentKey: { _id: productId }, fullDocument: product }),
    type: 'shop.product.updated.v1',
    data: { changedFields: ['category', 'createdAt', 'description', 'name', 'price', 'sku', 'stock', 'updatedAt'] },
  },
  { name: 'product update after a delete stays raw', change: change('update', 'products', { documentKey: { _id: productId }, fullDocument: null, updateDescription: { updatedFields: { stock: 1 }, removedFields: [] } }), type: 'legacy.change.v1' },
  { name: 'product delete', change: change('delete', 'products', { documentKey: { _id: productId } }), type: 'shop.product.deleted.v1', data: { productId: productId.toHexString(), deletedAt: wallTime.toISOString() } },
  { name: 'order insert', change: change('insert', 'orders', { documentKey: { _id: orderId }, fullDocument: { ...order, status: 'placed' } }), type: 'shop.order.placed.v1', data: { items: [{ productId: productId.toHexString(), quantity: 2 }] } },
  {
    name: 'order status update with pre-image',
    change: change('update', 'orders', { documentKey: { _id: orderId }, fullDocument: order, fullDocumentBeforeChange: { ...order, status: 'placed' }, updateDescription: { updatedFields: { status: 'paid', updatedAt: wallTime }, removedFields: [] } }),
    type: 'shop.order.status-changed.v1',
    data: { previousStatus: 'placed', status: 'paid', userId: userId.toHexString(), changedAt: wallTime.toISOString() },
  },
  {
    name: 'order status update without pre-image',
    change: change('update', 'orders', { documentKey: { _id: orderId }, fullDocument: order, updateDescription: { updatedFields: { status: 'paid' }, removedFields: [] } }),
    type: 'shop.order.status-changed.v1',
    data: { previousStatus: null, status: 'paid' },
  },
  {
    name: 'order status change by replace',
    change: change('replace', 'orders', { documentKey: { _id: orderId }, fullDocument: { ...order, status: 'shipped' }, fullDocumentBeforeChange: order }),
    type: 'shop.order.status-changed.v1',
    data: { previousStatus: 'paid', status: 'shipped' },
  },
  { name: 'order update not touching status stays raw', change: change('update', 'orders', { documentKey: { _id: orderId }, fullDocument: order, updateDescription: { updatedFields: { note: 'x' }, removedFields: [] } }), type: 'legacy.change.v1' },
  { name: 'order delete stays raw', change: change('delete', 'orders', { documentKey: { _id: orderId } }), type: 'legacy.change.v1' },
  {
    name: 'unmapped collection keeps EJSON documents',
    change: change('update', 'invoices', { documentKey: { _id: orderId }, fullDocument: { _id: orderId, at: wallTime }, updateDescription: { updatedFields: { at: wallTime }, removedFields: ['x'], truncatedArrays: [] } }),
    type: 'legacy.change.v1',
    subject: `{"_id":{"$oid":"${orderId.toHexString()}"}}`,
    data: { namespace: { db: 'shop', coll: 'invoices' }, fullDocument: { at: { $date: wallTime.toISOString() } }, updateDescription: { updatedFields: { at: { $date: wallTime.toISOString() } }, removedFields: ['x'] } },
  },
  { name: 'products of another database stay raw', change: change('insert', 'products', { documentKey: { _id: productId }, fullDocument: product }, 'crm'), type: 'legacy.change.v1' },
  { name: 'drop is explicit', change: change('drop', 'products'), type: 'legacy.change.v1', subject: 'shop.products', data: { operation: 'drop', documentKey: null, namespace: { db: 'shop', coll: 'products' } } },
  { name: 'rename names the target', change: change('rename', 'products', { to: { db: 'shop', coll: 'items' } }), type: 'legacy.change.v1', data: { operation: 'rename', to: { db: 'shop', coll: 'items' } } },
  { name: 'dropDatabase is explicit', change: change('dropDatabase', undefined), type: 'legacy.change.v1', subject: 'shop', data: { operation: 'dropDatabase', namespace: { db: 'shop' } } },
  { name: 'invalidate is not an event', change: change('invalidate', undefined), type: null },
  { name: 'operations outside the contract are not events', change: change('createIndexes', 'products'), type: null },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const event = mapChange(c.change, ctx, now);
    if (c.type === null) {
      t.equal(event, null);
      return;
    }
    t.ok(event);
    if (!event) return;
    t.equal(event.type, c.type);
    t.equal(event.time, wallTime.toISOString(), 'time is the commit time');
    t.match(event.source, /^legacy-adapter\//);
    if (c.subject) t.equal(event.subject, c.subject);
    if (c.data) t.match(event.data, c.data);
    const result = validateEvent({ ...event, sequence: 1 });
    t.ok(result.ok, result.ok ? 'valid' : result.message);
  });
}

t.test('the id is derived from the resume token only', async (t) => {
  const a = change('insert', 'users', { documentKey: { _id: userId }, fullDocument: user });
  const again = mapChange({ ...a }, ctx, now);
  const first = mapChange(a, ctx, now);
  const other = mapChange(change('insert', 'users', { documentKey: { _id: userId }, fullDocument: user }), ctx, now);
  t.equal(first?.id, again?.id);
  t.not(first?.id, other?.id);
  t.match(first?.id, /^[A-Za-z0-9_-]{43}$/);
});

t.test('time falls back to the cluster time, then to now', async (t) => {
  const base = change('delete', 'users', { documentKey: { _id: userId } });
  const { wallTime: _w, ...noWall } = base;
  t.equal(mapChange({ ...noWall, clusterTime: new Timestamp({ t: 1_790_000_000, i: 3 }) }, ctx, now)?.time, new Date(1_790_000_000_000).toISOString());
  t.equal(mapChange(noWall, ctx, now)?.time, now.toISOString());
});

t.test('a poison document maps to an event that fails validation', async (t) => {
  const poison = change('insert', 'products', { documentKey: { _id: productId }, fullDocument: { ...product, price: 'twelve', sku: 'lower case' } });
  const event = mapChange(poison, ctx, now);
  const result = validateEvent({ ...event, sequence: 1 });
  t.notOk(result.ok);
  if (!result.ok) t.match(result.message, /price/);
});

t.test('the request id the monolith stamps on the written document becomes the correlation id', async (t) => {
  const stamped = { ...ctx, correlationField: 'lastRequestId' };
  const correlationOf = (c: RawChange) => mapChange(c, stamped, now)?.correlationId;
  const cases: Array<[string, RawChange, string | undefined]> = [
    ['insert', change('insert', 'products', { documentKey: { _id: productId }, fullDocument: { ...product, lastRequestId: 'req-1' } }), 'req-1'],
    ['update', change('update', 'products', { documentKey: { _id: productId }, fullDocument: { ...product, lastRequestId: 'req-2' }, updateDescription: { updatedFields: { stock: 1, lastRequestId: 'req-2' } } }), 'req-2'],
    ['unmapped collection', change('insert', 'invoices', { documentKey: { _id: 1 }, fullDocument: { _id: 1, lastRequestId: 'req-3' } }), 'req-3'],
    ['delete: the image before names the write before', change('delete', 'products', { documentKey: { _id: productId }, fullDocumentBeforeChange: { ...product, lastRequestId: 'req-old' } }), undefined],
    ['not a string', change('insert', 'products', { documentKey: { _id: productId }, fullDocument: { ...product, lastRequestId: 42 } }), undefined],
    ['longer than the envelope takes', change('insert', 'products', { documentKey: { _id: productId }, fullDocument: { ...product, lastRequestId: 'x'.repeat(129) } }), undefined],
    ['empty', change('insert', 'products', { documentKey: { _id: productId }, fullDocument: { ...product, lastRequestId: '' } }), undefined],
  ];
  for (const [name, c, expected] of cases) {
    t.equal(correlationOf(c), expected, name);
    const mapped = mapChange(c, stamped, now);
    t.ok(mapped && validateEvent({ ...mapped, sequence: 1 }).ok, `${name}: still a valid event`);
  }
  t.equal(mapChange(cases[0]?.[1] as RawChange, ctx, now)?.correlationId, undefined, 'no field configured: none');
});

t.test('the request-id field is bookkeeping: a domain event does not list it as changed, legacy.change.v1 keeps the document as it is', async (t) => {
  const stamped = { ...ctx, correlationField: 'lastRequestId' };
  const changed = (c: RawChange) => (mapChange(c, stamped, now)?.data as { changedFields?: string[] }).changedFields;
  const after = { ...product, stock: 1, lastRequestId: 'req-2' };
  const update = change('update', 'products', { documentKey: { _id: productId }, fullDocument: after, updateDescription: { updatedFields: { stock: 1, lastRequestId: 'req-2' }, removedFields: [] } });
  t.same(changed(update), ['stock']);
  const unstamped = change('update', 'products', { documentKey: { _id: productId }, fullDocument: after, updateDescription: { updatedFields: { lastRequestId: 'req-2' }, removedFields: ['lastRequestId'] } });
  t.same(changed(unstamped), []);
  const replace = change('replace', 'products', { documentKey: { _id: productId }, fullDocument: after, fullDocumentBeforeChange: { ...product, lastRequestId: 'req-1' } });
  t.same(changed(replace), ['stock']);
  t.same(changed({ ...replace, fullDocumentBeforeChange: null }), Object.keys(product).filter((k) => k !== '_id').sort(), 'no image before: every field but the request id');
  t.same(changed(update), (mapChange(update, ctx, now)?.data as { changedFields: string[] }).changedFields.filter((f) => f !== 'lastRequestId'), 'the same as without the field configured, less the field');
  const legacy = mapChange(change('insert', 'invoices', { documentKey: { _id: 1 }, fullDocument: { _id: 1, lastRequestId: 'req-3' } }), stamped, now);
  t.match(legacy?.data, { fullDocument: { lastRequestId: 'req-3' } }, 'legacy.change.v1 carries the monolith document whole');
  const userUpdate = mapChange(change('update', 'users', { documentKey: { _id: userId }, fullDocument: { ...user, lastRequestId: 'req-4' }, updateDescription: { updatedFields: { name: 'Ada', lastRequestId: 'req-4' }, removedFields: [] } }), stamped, now);
  t.match(userUpdate, { type: 'legacy.change.v1', correlationId: 'req-4', data: { updateDescription: { updatedFields: { lastRequestId: 'req-4' } } } }, 'a change with no domain event goes raw, field and all');
});
