import { ObjectId } from 'mongodb';
import type { OrderStatus } from '#contracts';
import type { OrderDoc, OrderItemDoc, ProductDoc, UserDoc } from '../documents.ts';
import { between, pick, seededRandom } from './random.ts';
import { CATEGORIES, CURRENCY, FIRST_NAMES, LAST_NAMES } from './sample-data.ts';

const DAY_MS = 86_400_000;

/** The n-th sample user (0-based): always the same email for the same n, so reruns find it. */
export function sampleUser(n: number, now: Date): UserDoc {
  const random = seededRandom(10_000 + n);
  const first = pick(random, FIRST_NAMES);
  const last = pick(random, LAST_NAMES);
  return {
    _id: new ObjectId(),
    email: `${first}.${last}.${n + 1}@example.com`.toLowerCase(),
    name: `${first} ${last}`,
    registeredAt: new Date(now.getTime() - between(random, 1, 400) * DAY_MS - between(random, 0, DAY_MS)),
  };
}

/** The n-th sample product (0-based), keyed by its SKU. */
export function sampleProduct(n: number, now: Date): ProductDoc {
  const random = seededRandom(20_000 + n);
  const sample = CATEGORIES[n % CATEGORIES.length] as (typeof CATEGORIES)[number];
  const createdAt = new Date(now.getTime() - between(random, 30, 400) * DAY_MS - between(random, 0, DAY_MS));
  // Prices end in 99 like a shop's: 24.99, not 24.37.
  const price = Math.max(99, Math.round(between(random, sample.minPrice, sample.maxPrice) / 100) * 100 - 1);
  return {
    _id: new ObjectId(),
    sku: `${sample.category.slice(0, 3).toUpperCase()}-${String(n + 1).padStart(5, '0')}`,
    name: `${pick(random, sample.adjectives)} ${pick(random, sample.nouns)}`,
    description: `From our ${sample.category} range (sample item ${n + 1}).`,
    category: sample.category,
    price: { amountMinor: price, currency: CURRENCY },
    stock: random() < 0.05 ? 0 : between(random, 5, 500),
    createdAt,
    updatedAt: new Date(createdAt.getTime() + between(random, 0, 20) * DAY_MS),
  };
}

const STATUS_WEIGHTS: Array<[OrderStatus, number]> = [
  ['placed', 0.2],
  ['paid', 0.2],
  ['shipped', 0.2],
  ['delivered', 0.3],
  ['cancelled', 0.1],
];

function sampleStatus(random: () => number): OrderStatus {
  let roll = random();
  for (const [status, weight] of STATUS_WEIGHTS) {
    roll -= weight;
    if (roll < 0) return status;
  }
  return 'delivered';
}

export interface StockedProduct {
  _id: ObjectId;
  sku: string;
  name: string;
  price: ProductDoc['price'];
  stock: number;
}

/**
 * A sample order from the given users and products, or undefined when none of the picked
 * products has stock left. Takes its items' quantities off `products[i].stock` unless cancelled.
 */
export function sampleOrder(random: () => number, userIds: ObjectId[], products: StockedProduct[], now: Date): OrderDoc | undefined {
  const status = sampleStatus(random);
  const items: OrderItemDoc[] = [];
  const wanted = between(random, 1, 3);
  for (let i = 0; i < wanted; i++) {
    const product = pick(random, products);
    const quantity = between(random, 1, 3);
    if (items.some((it) => it.productId.equals(product._id)) || product.stock < quantity) continue;
    if (status !== 'cancelled') product.stock -= quantity;
    items.push({ productId: product._id, sku: product.sku, name: product.name, quantity, unitPrice: { ...product.price } });
  }
  if (items.length === 0) return undefined;
  const placedAt = new Date(now.getTime() - between(random, 0, 60 * DAY_MS));
  const total = { amountMinor: items.reduce((sum, i) => sum + i.quantity * i.unitPrice.amountMinor, 0), currency: CURRENCY };
  const updatedAt = status === 'placed' ? placedAt : new Date(Math.min(now.getTime(), placedAt.getTime() + between(random, 1, 5) * DAY_MS));
  return { _id: new ObjectId(), userId: pick(random, userIds), items, total, status, placedAt, updatedAt };
}
