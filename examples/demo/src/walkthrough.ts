import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { waitFor } from '#lib';
import { freeStackPorts } from './free-port.ts';
import { formatLine } from './log-view.ts';
import type { ChildLine } from './peel-child.ts';
import { startStack, type RunningStack, type StackNames } from './stack.ts';
import { dropStackDatabases } from './stack-databases.ts';
import { deleteStackTopology } from './stack-topology.ts';
import { sendProductReads } from './traffic.ts';

const exec = promisify(execFile);
const PEEL_BIN = fileURLToPath(new URL('../../../bin/peel.js', import.meta.url));

export interface WalkthroughOptions {
  amqpUrl: string;
  mongodbUrl?: string;
  requestsPerStep: number;
  print(line: string): void;
}

interface StepCount {
  legacy: number;
  catalog: number;
  fallback: number;
}

/**
 * Drives real traffic through a freshly started demo stack while products reads move to
 * the catalog service in steps (canary 10 %, 50 %, 100 %), then rolls back. Returns the
 * number of failed requests: the caller exits non-zero when it is not zero.
 */
export async function runWalkthrough(options: WalkthroughOptions): Promise<number> {
  const run = Math.random().toString(36).slice(2, 8);
  const stateDir = mkdtempSync(join(tmpdir(), 'peel-walkthrough-'));
  const counts: StepCount = { legacy: 0, catalog: 0, fallback: 0 };
  const onLine = (line: ChildLine): void => {
    const entry = line.entry;
    if (!entry) return;
    if (line.process === 'proxy' && entry.feature === 'products-read' && typeof entry.owner === 'string') {
      if (entry.reason === 'fallback') counts.fallback++;
      if (entry.owner === 'legacy') counts.legacy++;
      else counts.catalog++;
    }
    const msg = String(entry.msg ?? '');
    if (msg.startsWith('progress') || Number(entry.level) >= 40 || entry.level === 'warn' || entry.level === 'error') options.print(`  ${formatLine(line)}`);
  };
  const ports = await freeStackPorts();
  const names: StackNames = {
    shopDatabase: `walk_shop_${run}`,
    adapterDatabase: `walk_adapter_${run}`,
    catalogDatabase: `walk_catalog_${run}`,
    notificationsDatabase: `walk_notifications_${run}`,
    exchange: `peel.walkthrough.${run}`,
    catalogQueue: `walkthrough.${run}.catalog`,
    notificationsQueue: `walkthrough.${run}.notifications`,
  };

  options.print('starting the demo stack (embedded MongoDB, legacy shop, adapter, catalog, notifications, proxy) ...');
  const stack = await startStack({
    ports,
    names,
    amqpUrl: options.amqpUrl,
    ...(options.mongodbUrl ? { mongodbUrl: options.mongodbUrl } : {}),
    stateDir,
    adminToken: 'walkthrough-admin-token-0123456789',
    seed: { users: 10, products: 40, orders: 10 },
    progressIntervalMs: 1_000,
    logLevel: 'info',
    onLine,
  });
  let failed = 0;
  try {
    const productIds = await listProductIds(stack.urls.shop);
    options.print(`shop has ${productIds.length} products; waiting for the catalog to catch up ...`);
    await waitFor('the catalog to hold every product', async () => (await total(stack.urls.catalog)) === productIds.length, { timeoutMs: 60_000, intervalMs: 200 });

    const steps: Array<{ title: string; args: string[] }> = [
      { title: 'all on legacy', args: [] },
      { title: 'canary 10 %', args: ['set', 'products-read', '--owner', 'catalog', '--mode', 'canary', '--percent', '10', '--reason', 'walkthrough canary 10%'] },
      { title: 'canary 50 %', args: ['set', 'products-read', '--owner', 'catalog', '--mode', 'canary', '--percent', '50', '--reason', 'walkthrough canary 50%'] },
      { title: 'catalog owns products-read (100 %)', args: ['set', 'products-read', '--owner', 'catalog', '--mode', 'service', '--reason', 'walkthrough 100%'] },
      { title: 'rolled back to legacy', args: ['rollback', 'products-read', '--reason', 'walkthrough done'] },
    ];
    for (const step of steps) {
      if (step.args.length > 0) {
        options.print(`\n$ peel features ${step.args.join(' ')}`);
        await features(stack, step.args);
      }
      counts.legacy = 0;
      counts.catalog = 0;
      counts.fallback = 0;
      const result = await sendProductReads(stack.urls.proxy, productIds, { count: options.requestsPerStep, concurrency: 8, users: 100 });
      await waitFor('the proxy to log every request of the step', () => counts.legacy + counts.catalog >= result.sent, { timeoutMs: 10_000 });
      failed += result.failed;
      const share = (100 * counts.catalog) / Math.max(1, counts.legacy + counts.catalog);
      options.print(`== ${step.title}: ${result.sent} requests, ${result.failed} failed, served by catalog ${share.toFixed(1)} %, fallbacks ${counts.fallback}`);
      for (const why of result.failures) options.print(`   failed: ${why}`);
    }
    options.print('\n$ peel features list');
    options.print(await features(stack, ['list']));
  } finally {
    await stack.stop();
    rmSync(stateDir, { recursive: true, force: true });
    await deleteStackTopology(options.amqpUrl, names);
    if (options.mongodbUrl) await dropStackDatabases(options.mongodbUrl, names);
  }
  options.print(failed === 0 ? '\nwalkthrough passed: no request failed' : `\nwalkthrough FAILED: ${failed} requests failed`);
  return failed;
}

async function features(stack: RunningStack, args: string[]): Promise<string> {
  const { stdout } = await exec(process.execPath, [PEEL_BIN, 'features', ...args, '--admin-url', stack.urls.admin], {
    env: { ...process.env, PEEL_ADMIN_TOKEN: stack.adminToken },
  });
  return stdout.trimEnd();
}

async function listProductIds(shopUrl: string): Promise<string[]> {
  const res = await fetch(`${shopUrl}/api/products?limit=100`);
  const body = (await res.json()) as { items: Array<{ id: string }> };
  return body.items.map((p) => p.id);
}

async function total(serviceUrl: string): Promise<number | undefined> {
  const res = await fetch(`${serviceUrl}/api/products?limit=1`).catch(() => undefined);
  if (!res?.ok) return undefined;
  const body = (await res.json()) as { page?: { total?: number } };
  return body.page?.total;
}
