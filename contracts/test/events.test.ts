import t, { type Test } from 'tap';
import { EVENT_TYPES, exampleOf, parseEvent, validateEvent, type EventTypeName } from '#contracts';

function expectInvalid(t: Test, input: unknown, path: string, expected?: RegExp): void {
  const result = validateEvent(input);
  t.equal(result.ok, false, `rejects a bad ${path}`);
  if (result.ok) return;
  t.equal(result.code, 'PEEL_CONTRACTS_INVALID_EVENT');
  const issue = result.issues.find((i) => i.path === path);
  t.ok(issue, `names ${path} (got ${result.issues.map((i) => i.path).join(', ')})`);
  if (issue && expected) t.match(issue.expected, expected, `says what ${path} expects`);
}

for (const type of EVENT_TYPES) {
  t.test(type, async (t) => {
    const valid = exampleOf(type as EventTypeName);
    const result = validateEvent(valid);
    t.ok(result.ok, 'its example is valid');
    t.same(parseEvent(valid), valid, 'parse returns the same event');

    const noId: Record<string, unknown> = { ...valid };
    delete noId.id;
    expectInvalid(t, noId, 'id', /string/);
    expectInvalid(t, { ...valid, sequence: 0 }, 'sequence', />= 1/);
    expectInvalid(t, { ...valid, sequence: 1.5 }, 'sequence', /int/);
    expectInvalid(t, { ...valid, time: 'yesterday' }, 'time', /datetime/);
    expectInvalid(t, { ...valid, dataschema: 'urn:peel:schema:other.v1' }, 'dataschema');
    expectInvalid(t, { ...valid, extra: true }, '(root)', /no keys extra/);

    const data = valid.data as Record<string, unknown>;
    const [firstKey] = Object.keys(data);
    const missing = { ...data };
    delete missing[firstKey as string];
    expectInvalid(t, { ...valid, data: missing }, `data.${firstKey}`);
    expectInvalid(t, { ...valid, data: { ...data, [firstKey as string]: 42 } }, `data.${firstKey}`);
    expectInvalid(t, { ...valid, data: { ...data, unexpected: 1 } }, 'data', /no keys unexpected/);
  });
}

t.test('money is integer minor units with an ISO currency', async (t) => {
  const product = exampleOf('shop.product.created.v1');
  expectInvalid(t, { ...product, data: { ...product.data, price: { amountMinor: 12.99, currency: 'EUR' } } }, 'data.price.amountMinor', /int/);
  expectInvalid(t, { ...product, data: { ...product.data, price: { amountMinor: -1, currency: 'EUR' } } }, 'data.price.amountMinor', />= 0/);
  expectInvalid(t, { ...product, data: { ...product.data, price: { amountMinor: 100, currency: 'euro' } } }, 'data.price.currency');
  expectInvalid(t, { ...product, data: { ...product.data, stock: -3 } }, 'data.stock', />= 0/);
  expectInvalid(t, { ...product, data: { ...product.data, productId: 'not-an-object-id' } }, 'data.productId');
});

t.test('domain rules of users and orders', async (t) => {
  const user = exampleOf('shop.user.registered.v1');
  expectInvalid(t, { ...user, data: { ...user.data, email: 'not-an-email' } }, 'data.email', /email/);
  const order = exampleOf('shop.order.placed.v1');
  expectInvalid(t, { ...order, data: { ...order.data, items: [] } }, 'data.items', />= 1/);
  expectInvalid(t, { ...order, data: { ...order.data, status: 'lost' } }, 'data.status', /one of "placed"/);
  const [item] = order.data.items;
  expectInvalid(t, { ...order, data: { ...order.data, items: [{ ...item, quantity: 0 }] } }, 'data.items[0].quantity', />= 1/);
  const changed = exampleOf('shop.order.status-changed.v1');
  t.ok(validateEvent({ ...changed, data: { ...changed.data, previousStatus: null } }).ok, 'previous status may be unknown');
});

t.test('legacy.change.v1 operations', async (t) => {
  const change = exampleOf('legacy.change.v1');
  for (const operation of ['insert', 'update', 'replace', 'delete', 'drop', 'rename', 'dropDatabase']) {
    t.ok(validateEvent({ ...change, data: { ...change.data, operation } }).ok, `${operation} is accepted`);
  }
  expectInvalid(t, { ...change, data: { ...change.data, operation: 'upsert' } }, 'data.operation', /one of/);
  expectInvalid(
    t,
    { ...change, data: { ...change.data, updateDescription: { updatedFields: {}, removedFields: [], truncatedArrays: [{ field: 'a', newSize: -1 }] } } },
    'data.updateDescription.truncatedArrays[0].newSize',
  );
});

t.test('an unknown type or version is a typed error, not a crash', async (t) => {
  for (const input of [{ ...exampleOf('shop.user.registered.v1'), type: 'shop.user.registered.v9' }, { type: 'nope' }, {}, null, 'text', 42]) {
    const result = validateEvent(input);
    t.equal(result.ok, false);
    if (!result.ok) t.equal(result.code, 'PEEL_CONTRACTS_UNKNOWN_EVENT_TYPE');
    t.throws(() => parseEvent(input), { code: 'PEEL_CONTRACTS_UNKNOWN_EVENT_TYPE' });
  }
  t.throws(() => parseEvent({ ...exampleOf('shop.product.deleted.v1'), data: {} }), {
    code: 'PEEL_CONTRACTS_INVALID_EVENT',
    message: /data\.productId/,
  });
});
