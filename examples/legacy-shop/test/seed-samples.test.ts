import t from 'tap';
import { ProductState, UserState } from '#contracts';
import { productStateFromDoc, userStateFromDoc } from '#legacy-shop';
import { sampleOrder, sampleProduct, sampleUser } from '#legacy-shop/seed/sample-documents';
import { seededRandom } from '#legacy-shop/seed/random';

const NOW = new Date('2026-11-26T12:00:00.000Z');

t.test('sample users and products are valid contract states and the same on every run', async (t) => {
  for (let n = 0; n < 50; n++) {
    const user = sampleUser(n, NOW);
    const product = sampleProduct(n, NOW);
    t.ok(UserState.safeParse(userStateFromDoc(user)).success, `user ${n} valid`);
    t.ok(ProductState.safeParse(productStateFromDoc(product)).success, `product ${n} valid`);
    const { _id: _u, ...userAgain } = sampleUser(n, NOW);
    const { _id: _p, ...productAgain } = sampleProduct(n, NOW);
    const { _id: _u2, ...userFirst } = user;
    const { _id: _p2, ...productFirst } = product;
    t.same(userAgain, userFirst);
    t.same(productAgain, productFirst);
    t.ok(product.price.amountMinor % 100 === 99, 'prices end in 99');
  }
  const skus = new Set(Array.from({ length: 500 }, (_, n) => sampleProduct(n, NOW).sku));
  const emails = new Set(Array.from({ length: 500 }, (_, n) => sampleUser(n, NOW).email));
  t.equal(skus.size, 500, 'SKUs are unique');
  t.equal(emails.size, 500, 'emails are unique');
});

t.test('a sample order takes stock it has, totals its items, and skips sold-out products', async (t) => {
  const random = seededRandom(1);
  const users = [sampleUser(0, NOW)._id];
  const products = [0, 1, 2].map((n) => ({ ...sampleProduct(n, NOW), stock: 100 }));
  for (let i = 0; i < 30; i++) {
    const order = sampleOrder(random, users, products, NOW);
    if (!order) continue;
    const total = order.items.reduce((sum, it) => sum + it.quantity * it.unitPrice.amountMinor, 0);
    t.equal(order.total.amountMinor, total);
    t.ok(order.placedAt <= order.updatedAt && order.updatedAt <= NOW, 'timestamps in order');
  }
  t.ok(products.every((p) => p.stock >= 0));
  const soldOut = [{ ...sampleProduct(3, NOW), stock: 0 }];
  t.equal(sampleOrder(random, users, soldOut, NOW), undefined);
});
