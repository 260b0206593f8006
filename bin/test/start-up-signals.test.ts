import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { waitFor } from '#lib';

const peel = join(import.meta.dirname, '..', 'peel.js');

/**
 * A TCP port that accepts connections and never answers: a command pointed at it as its
 * MongoDB is held in start-up (connecting), and the accepted connection says it got there.
 */
async function silentServer(t: Test): Promise<{ url: string; readonly connections: number }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => {
    for (const socket of sockets) socket.destroy();
    server.close();
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `mongodb://127.0.0.1:${port}/?directConnection=true&serverSelectionTimeoutMS=60000&connectTimeoutMS=60000`,
    get connections() {
      return sockets.size;
    },
  };
}

function spawnPeel(t: Test, args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [peel, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => void child.kill('SIGKILL'));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'close').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null, stderr }));
  return { child, exited };
}

t.test('SIGTERM while peel adapter is still starting (connecting to MongoDB) exits 0 at once', async (t) => {
  const mongo = await silentServer(t);
  const { child, exited } = spawnPeel(t, ['adapter'], { MONGODB_URL: mongo.url, ADAPTER_PORT: '0', LOG_LEVEL: 'warn' });
  await waitFor('the adapter to connect', () => mongo.connections > 0, { timeoutMs: 30_000 });
  child.kill('SIGTERM');
  const { code, signal, stderr } = await exited;
  t.same({ code, signal }, { code: 0, signal: null }, 'a clean exit, not death by the signal');
  t.match(stderr, 'peel: SIGTERM during start-up; nothing was started, exiting');
});

t.test('SIGINT while peel service is still starting exits 0 too', async (t) => {
  const mongo = await silentServer(t);
  const { child, exited } = spawnPeel(t, ['service', 'catalog'], { MONGODB_URL: mongo.url, SERVICE_PORT: '0', LOG_LEVEL: 'warn' });
  await waitFor('the service to connect', () => mongo.connections > 0, { timeoutMs: 30_000 });
  child.kill('SIGINT');
  const { code, signal } = await exited;
  t.same({ code, signal }, { code: 0, signal: null });
});

t.test('a one-shot command (peel seed) gets the default behaviour back: SIGTERM ends it by the signal', async (t) => {
  const mongo = await silentServer(t);
  const { child, exited } = spawnPeel(t, ['seed'], { MONGODB_URL: mongo.url });
  await waitFor('seed to connect', () => mongo.connections > 0, { timeoutMs: 30_000 });
  child.kill('SIGTERM');
  const { code, signal, stderr } = await exited;
  t.same({ code, signal }, { code: null, signal: 'SIGTERM' });
  t.notMatch(stderr, 'during start-up');
});
