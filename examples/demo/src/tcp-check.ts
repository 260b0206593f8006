import { connect } from 'node:net';

/** True when something accepts TCP connections at host:port within the timeout. */
export function isTcpReachable(host: string, port: number, timeoutMs = 2_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export function isAmqpReachable(amqpUrl: string, timeoutMs = 2_000): Promise<boolean> {
  const url = new URL(amqpUrl);
  return isTcpReachable(url.hostname, Number(url.port || (url.protocol === 'amqps:' ? 5671 : 5672)), timeoutMs);
}
