import t, { type Test } from 'tap';
import type { z } from 'zod';
import { hasCode, PeelError } from '#lib';
import { parseInput } from '#legacy-shop/validate';
import { OrderInput, ProductInput, ProductPatch, UserInput } from '#legacy-shop/request-schemas';

const PRODUCT_ID = '64b7f0c2a1b2c3d4e5f60718';
const validProduct = { sku: 'KIT-00001', name: 'Copper Teapot', category: 'kitchen', price: { amountMinor: 2499, currency: 'EUR' }, stock: 3 };

function rejects(t: Test, schema: z.ZodType, body: unknown, field: string, message?: RegExp): void {
  try {
    parseInput(schema, body, 'body');
    t.fail(`accepted ${JSON.stringify(body)}`);
  } catch (err) {
    t.ok(hasCode(err, 'PEEL_SHOP_INVALID_REQUEST'), 'a 400 error');
    const e = err as PeelError<{ field: string; message: string }>;
    t.equal(e.statusCode, 400);
    t.equal(e.details.field, field, `names ${field}`);
    if (message) t.match(e.message, message);
  }
}

t.test('products: description defaults to empty, money is integer minor units', async (t) => {
  t.same(parseInput(ProductInput, validProduct, 'body'), { ...validProduct, description: '' });
  rejects(t, ProductInput, { ...validProduct, price: { amountMinor: 24.99, currency: 'EUR' } }, 'price.amountMinor', /int/);
  rejects(t, ProductInput, { ...validProduct, price: { amountMinor: 2499, currency: 'euro' } }, 'price.currency', /ISO-4217/);
  rejects(t, ProductInput, { ...validProduct, stock: -1 }, 'stock');
  rejects(t, ProductInput, { ...validProduct, sku: 'lower-case' }, 'sku', /uppercase SKU/);
  rejects(t, ProductInput, { ...validProduct, colour: 'red' }, 'colour');
  rejects(t, ProductInput, undefined, 'body', /expected object/);
});

t.test('a patch changes at least one field and only known ones', async (t) => {
  t.same(parseInput(ProductPatch, { stock: 0 }, 'body'), { stock: 0 });
  rejects(t, ProductPatch, {}, 'body', /at least one of/);
  rejects(t, ProductPatch, { createdAt: '2026-01-01T00:00:00.000Z' }, 'createdAt');
});

t.test('users: email is lowercased and must be an email', async (t) => {
  t.same(parseInput(UserInput, { email: 'Ada.Lovelace@Example.COM', name: 'Ada' }, 'body'), { email: 'ada.lovelace@example.com', name: 'Ada' });
  rejects(t, UserInput, { email: 'not-an-email', name: 'Ada' }, 'email');
  rejects(t, UserInput, { email: 'a@example.com', name: '' }, 'name');
});

t.test('orders: items are named by index, duplicates refused', async (t) => {
  const userId = PRODUCT_ID;
  t.ok(parseInput(OrderInput, { userId, items: [{ productId: PRODUCT_ID, quantity: 2 }] }, 'body'));
  rejects(t, OrderInput, { userId, items: [] }, 'items');
  rejects(t, OrderInput, { userId, items: [{ productId: PRODUCT_ID, quantity: 0 }] }, 'items[0].quantity');
  rejects(t, OrderInput, { userId, items: [{ productId: 'abc', quantity: 1 }] }, 'items[0].productId', /ObjectId/);
  rejects(
    t,
    OrderInput,
    { userId, items: [{ productId: PRODUCT_ID, quantity: 1 }, { productId: PRODUCT_ID, quantity: 1 }] },
    'items[1].productId',
    /already in an earlier item/,
  );
  rejects(t, OrderInput, { items: [{ productId: PRODUCT_ID, quantity: 1 }] }, 'userId');
});
