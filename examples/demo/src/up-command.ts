import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { DEFAULT_AMQP_URL } from '#contracts';
import { stopOnSignals } from '#lib';
import { parseCommandArgs } from '#cli/args';
import type { CliContext } from '#cli/context';
import { formatLine, isWorthShowing } from './log-view.ts';
import { purgeDemoQueues } from './purge-queues.ts';
import { startStack, type StackNames, type StackPorts } from './stack.ts';
import { firstBusyPort } from './busy-port.ts';
import { demoErrors } from './errors.ts';
import { isAmqpReachable } from './tcp-check.ts';

const HELP = `usage: peel up [--dbpath DIR] [--no-seed] [--verbose]

Runs the whole demo on this machine: the embedded MongoDB (unless MONGODB_URL is set), the
legacy shop seeded with sample data, the change-data adapter, the catalog and notifications
services, and the proxy on :8080 with every feature owned by legacy. Needs RabbitMQ at
AMQP_URL (default ${DEFAULT_AMQP_URL}). Ctrl-C stops everything.

  --dbpath DIR   keep the embedded MongoDB's data in DIR across runs (default: in memory)
  --no-seed      do not add sample data
  --verbose      print every log line, not just progress, warnings and errors
`;

export const DEMO_NAMES: StackNames = {
  shopDatabase: 'shop',
  adapterDatabase: 'peel_adapter',
  catalogDatabase: 'catalog',
  notificationsDatabase: 'notifications',
  exchange: 'peel.events',
  catalogQueue: 'catalog',
  notificationsQueue: 'notifications',
};

export const DEMO_PORTS: StackPorts = { proxy: 8080, admin: 8081, shop: 3000, catalog: 4001, notifications: 4002, adapter: 8090, mongo: 27027 };

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseCommandArgs('up', args, { dbpath: { type: 'string' }, 'no-seed': { type: 'boolean' }, verbose: { type: 'boolean' } });
  if (values.help) {
    ctx.stdout.write(HELP);
    return 0;
  }
  const mongodbUrl = ctx.env.MONGODB_URL || undefined;
  // Checked before anything is touched: a second `peel up` beside a running demo would purge
  // its queues and re-seed its database before its own children failed to listen.
  const busy = await firstBusyPort(Object.entries(DEMO_PORTS).flatMap(([name, port]) => (name === 'mongo' && mongodbUrl ? [] : [port])));
  if (busy !== undefined) throw demoErrors.portInUse({ port: busy });
  const amqpUrl = ctx.env.AMQP_URL ?? DEFAULT_AMQP_URL;
  if (!(await isAmqpReachable(amqpUrl))) {
    ctx.stderr.write(`peel up: RabbitMQ is not reachable at ${new URL(amqpUrl).host}; start it with \`rabbitmq-server -detached\` (or \`docker compose up -d rabbitmq\`) and run again\n`);
    return 1;
  }
  const dbpath = typeof values.dbpath === 'string' ? resolve(values.dbpath) : undefined;
  // A fresh in-memory database means events left in the demo queues by an earlier run
  // describe documents that no longer exist; drop them so catalog starts clean.
  if (!mongodbUrl && !dbpath) await purgeDemoQueues(amqpUrl, [DEMO_NAMES.catalogQueue, DEMO_NAMES.notificationsQueue]);

  const stateDir = resolve('.peel');
  const logDir = join(stateDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const logFiles = new Map<string, WriteStream>();
  const verbose = values.verbose === true;
  // During start-up, startStack stops what it has started; afterwards the stack stops in
  // order. A second signal exits 1, and the children are killed on the way out (spawnPeel).
  const stopRequested = stopOnSignals({ exitCodeOnSecond: () => 1 }).signal;
  ctx.stdout.write('starting the Peel demo (logs in .peel/logs/) ...\n');
  const stack = await startStack({
    signal: stopRequested,
    ports: DEMO_PORTS,
    names: DEMO_NAMES,
    amqpUrl,
    ...(mongodbUrl ? { mongodbUrl } : {}),
    ...(dbpath ? { mongoDbPath: dbpath } : {}),
    stateDir,
    adminToken: '',
    seed: values['no-seed'] ? false : { users: 25, products: 60, orders: 40 },
    onLine(line) {
      let file = logFiles.get(line.process);
      if (!file) logFiles.set(line.process, (file = createWriteStream(join(logDir, `${line.process}.log`), { flags: 'a' })));
      file.write(`${line.text}\n`);
      if (verbose || isWorthShowing(line)) ctx.stdout.write(`${formatLine(line)}\n`);
    },
  }).catch((err: unknown) => {
    for (const file of logFiles.values()) file.end();
    if (!stopRequested.aborted) throw err;
    return undefined;
  });
  if (!stack) {
    ctx.stdout.write('stopped during start-up\n');
    return 0;
  }
  ctx.stdout.write(banner(stack.urls, mongodbUrl === undefined));

  if (!stopRequested.aborted) await once(stopRequested, 'abort');
  ctx.stdout.write('stopping ...\n');
  await stack.stop();
  for (const file of logFiles.values()) file.end();
  ctx.stdout.write('stopped\n');
  return 0;
}

function banner(urls: Record<string, string>, embedded: boolean): string {
  return `
Peel demo is running:
  proxy (send traffic here)   ${urls.proxy}      e.g. curl ${urls.proxy}/api/products
  admin API                   ${urls.admin}      /features, /metrics
  legacy shop (monolith)      ${urls.shop}
  catalog service             ${urls.catalog}      /readyz shows its sync lag
  notifications service       ${urls.notifications}      /api/notifications?userId=<id>
  change-data adapter         ${urls.adapter}      /status, /metrics
  MongoDB                     ${urls.mongodb}${embedded ? '  (embedded, development only)' : ''}

Every feature starts owned by legacy. Move product reads to the catalog service:
  npx peel features set products-read --mode canary --percent 10 --owner catalog
  npx peel features set products-read --owner catalog
  npx peel features rollback products-read
  npx peel features list

Ctrl-C stops everything.
`;
}
