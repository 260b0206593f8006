import { connect } from 'node:net';
import { once } from 'node:events';

export interface RawResponse {
  readonly status: number;
  readonly head: string;
  readonly body: string;
}

/**
 * Sends a request target byte for byte (no URL normalisation by a client library) and
 * reads the whole answer. No half-close: Node servers abort requests whose client shut
 * its sending side; `Connection: close` makes the server end the connection instead.
 */
export async function rawRequest(port: number, target: string, extraHeaders = '', method = 'GET'): Promise<RawResponse> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  const connection = /^connection:/im.test(extraHeaders) ? '' : 'Connection: close\r\n';
  socket.write(Buffer.from(`${method} ${target} HTTP/1.1\r\nHost: test.local\r\n${extraHeaders}${connection}\r\n`, 'latin1'));
  const chunks: Buffer[] = [];
  for await (const chunk of socket) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const split = text.indexOf('\r\n\r\n');
  const head = split === -1 ? text : text.slice(0, split);
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
  const body = split === -1 ? '' : text.slice(split + 4);
  return { status, head, body: /\r\ntransfer-encoding: chunked/i.test(head) ? dechunk(body) : body };
}

function dechunk(body: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', at);
    const size = parseInt(body.slice(at, lineEnd), 16);
    if (!(size > 0)) return out;
    out += body.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
}
