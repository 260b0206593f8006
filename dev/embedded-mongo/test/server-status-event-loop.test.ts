import t from 'tap';
import { MongoClient } from 'mongodb';
import { createLogger, waitFor } from '#lib';
import { startEmbeddedMongo } from '#embedded-mongo';

// Embedded only: `peelEventLoop` is this server's own section of serverStatus.
t.test('serverStatus reports how late the server\'s event loop ran, and resets it on request', async (t) => {
  const server = await startEmbeddedMongo({ port: 0, logger: createLogger('embedded-mongo', { level: 'silent' }) });
  t.teardown(() => server.close());
  const client = new MongoClient(server.url);
  t.teardown(() => client.close());
  const admin = client.db('admin');
  const status = async (reset = false) => (await admin.command({ serverStatus: 1, ...(reset ? { peelEventLoopReset: true } : {}) })).peelEventLoop as { delayMs: { p50: number; p99: number; max: number }; samples: number };

  // A reset also restarts the monitor's interval: wait for it to be sampling again.
  const sampling = () => waitFor('the monitor sampling', async () => (await status()).samples >= 2);
  await status(true);
  await sampling();
  // The server runs in this process here, so blocking this loop blocks the server's.
  const until = performance.now() + 150;
  while (performance.now() < until);
  const stalled = await status(true);
  t.ok(stalled.delayMs.max >= 120, `a 150 ms block shows as a delay of ${stalled.delayMs.max.toFixed(0)} ms`);
  t.ok(stalled.delayMs.p50 <= stalled.delayMs.p99 && stalled.delayMs.p99 <= stalled.delayMs.max, 'percentiles in order');

  await sampling();
  t.ok((await status()).delayMs.max < stalled.delayMs.max, 'the reset started a new window without the block');
});
