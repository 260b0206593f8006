import { createServer } from 'node:net';

/**
 * The first of `ports` something already listens on, found by binding each in turn on the
 * wildcard address (which collides with a listener on any local address, IPv4 or IPv6).
 */
export async function firstBusyPort(ports: readonly number[]): Promise<number | undefined> {
  for (const port of ports) {
    if (!(await canListen(port))) return port;
  }
  return undefined;
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' ? resolve(false) : reject(err)));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}
