import { MongoClient } from 'mongodb';
import { parseCommandArgs, requireNumber } from '#cli/args';
import { cliErrors } from '#cli/errors';
import type { CliContext } from '#cli/context';
import { embeddedMongoUrl, loadShopConfig } from './config.ts';
import { seedShop, type SeedCounts } from './seed/seed.ts';

const DEFAULTS: SeedCounts = { users: 25, products: 60, orders: 40 };
const MAX_COUNT = 1_000_000;

const HELP = `usage: peel seed [--users N] [--products N] [--orders N] [--mongodb-url URL] [--database NAME] [--json]

Fills the legacy shop's database with realistic sample users, products and orders.
Rerunnable: existing sample users and products are kept, and orders are topped up to N.

  --users N          sample users (default ${DEFAULTS.users})
  --products N       sample products (default ${DEFAULTS.products})
  --orders N         at least this many orders afterwards (default ${DEFAULTS.orders})
  --mongodb-url URL  default MONGODB_URL, else the shop's embedded server on 127.0.0.1:EMBEDDED_MONGO_PORT
  --database NAME    default SHOP_DATABASE, else shop
  --json             print the result as JSON
`;

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseCommandArgs('seed', args, {
    users: { type: 'string' },
    products: { type: 'string' },
    orders: { type: 'string' },
    'mongodb-url': { type: 'string' },
    database: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    ctx.stdout.write(HELP);
    return 0;
  }
  const counts: SeedCounts = {
    users: count('users', values.users, DEFAULTS.users),
    products: count('products', values.products, DEFAULTS.products),
    orders: count('orders', values.orders, DEFAULTS.orders),
  };
  const overrides: Record<string, unknown> = {};
  if (values['mongodb-url'] !== undefined) overrides.mongodbUrl = values['mongodb-url'];
  if (values.database !== undefined) overrides.database = values.database;
  const config = loadShopConfig(ctx.env, overrides);
  const client = await new MongoClient(config.mongodbUrl ?? embeddedMongoUrl(config.embeddedMongoPort), { serverSelectionTimeoutMS: 5_000 }).connect();
  try {
    const result = await seedShop(client.db(config.database), counts);
    if (values.json) ctx.stdout.write(`${JSON.stringify({ database: config.database, ...result })}\n`);
    else {
      const { inserted: i, total: t } = result;
      ctx.stdout.write(`seeded ${config.database}: +${i.users} users (${t.users}), +${i.products} products (${t.products}), +${i.orders} orders (${t.orders}) in ${result.ms} ms\n`);
    }
    if (result.total.orders < counts.orders) {
      ctx.stderr.write(`peel seed: only ${result.total.orders} of ${counts.orders} orders; orders need users and products in stock\n`);
    }
    return 0;
  } finally {
    await client.close();
  }
}

function count(flag: string, value: string | undefined, fallback: number): number {
  const n = requireNumber('seed', flag, value, fallback);
  if (!Number.isInteger(n) || n < 0 || n > MAX_COUNT) throw cliErrors.usage({ command: 'seed', problem: `--${flag} expects an integer from 0 to ${MAX_COUNT}, got ${value}` });
  return n;
}
