import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Test } from 'tap';

export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

export interface TestUpstream {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /** Every request that reached this upstream. */
  readonly seen: SeenRequest[];
}

export type UpstreamBehaviour = (req: IncomingMessage, res: ServerResponse, name: string) => void;

/** Answers every request with JSON naming the upstream, the path, headers and request body it received. */
export const echo: UpstreamBehaviour = (req, res, name) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const received = Buffer.concat(chunks).toString('utf8');
    const body = JSON.stringify({ upstream: name, method: req.method, url: req.url, headers: req.headers, body: received });
    res.writeHead(200, { 'content-type': 'application/json', 'x-upstream': name });
    res.end(body);
  });
};

/** A real HTTP upstream on port 0, closed when the test ends. */
export async function startUpstream(t: Test, name: string, behaviour: UpstreamBehaviour = echo): Promise<TestUpstream> {
  const seen: SeenRequest[] = [];
  const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    behaviour(req, res, name);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => closeServer(server));
  const { port } = server.address() as AddressInfo;
  return { name, url: `http://127.0.0.1:${port}`, port, server, seen };
}

export async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
