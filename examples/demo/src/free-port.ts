import { createServer } from 'node:net';
import type { StackPorts } from './stack.ts';

/** Asks the OS for a port that is free right now on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('could not read the port of a probe server');
  return address.port;
}

/** A free port for every process of the stack, for runs beside a demo on the default ports. */
export async function freeStackPorts(): Promise<StackPorts> {
  return {
    mongo: await freePort(),
    shop: await freePort(),
    adapter: await freePort(),
    catalog: await freePort(),
    notifications: await freePort(),
    proxy: await freePort(),
    admin: await freePort(),
  };
}
