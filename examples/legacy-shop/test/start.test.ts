import t from 'tap';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { useMongo } from '#test-support/mongo';
import { loadShopConfig, startLegacyShop } from '#legacy-shop';
import { createLogger } from '#lib';

const peel = join(import.meta.dirname, '..', '..', '..', 'bin', 'peel.js');
const silent = createLogger('legacy-shop', { level: 'silent' });

t.test('with no MONGODB_URL the shop starts its own embedded server; close is idempotent', async (t) => {
  const shop = await startLegacyShop(loadShopConfig({}, { http: { host: '127.0.0.1', port: 0 }, embeddedMongoPort: 0 }), { logger: silent });
  t.teardown(() => shop.close());
  t.equal((await fetch(`${shop.url}/healthz`)).status, 200);
  t.match(shop.mongodbUrl, /^mongodb:\/\/127\.0\.0\.1:\d+/);
  await Promise.all([shop.close(), shop.close()]);
  await t.rejects(fetch(`${shop.url}/healthz`), 'the port is closed');
});

t.test('peel legacy-shop serves on MONGODB_URL and exits 0 on SIGTERM', async (t) => {
  const mongo = await useMongo(t);
  const env = { ...process.env, MONGODB_URL: mongo.url, SHOP_DATABASE: mongo.dbName('shop'), LOG_LEVEL: 'info' };
  const child = spawn(process.execPath, [peel, 'legacy-shop', '--host', '127.0.0.1', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  t.teardown(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  const exited = once(child, 'exit');
  let url: string | undefined;
  for await (const line of createInterface({ input: child.stdout })) {
    const entry = JSON.parse(line) as { msg?: string; url?: string };
    if (entry.msg === 'legacy shop listening') {
      url = entry.url;
      break;
    }
  }
  t.ok(url, 'logs where it listens');
  t.equal((await fetch(`${url}/healthz`)).status, 200);
  child.kill('SIGTERM');
  const [code] = await exited;
  t.equal(code, 0);
});
