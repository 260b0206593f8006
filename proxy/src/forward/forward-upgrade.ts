import { request, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';
import type { UpstreamClient } from './upstream-client.ts';
import { tunnelWebSocket, type Tunnel } from './websocket-tunnel.ts';

export interface UpgradePlan {
  /** The method the request was routed on. */
  readonly method: string;
  readonly upstream: UpstreamClient;
  readonly pathAndQuery: string;
  /** Flat [name, value, ...] list, `connection`/`upgrade`/`origin` included. */
  readonly headers: string[];
}

export type UpgradeOutcome = { readonly status: number; readonly tunnel?: Tunnel } | { readonly error: Error };

/**
 * Relays a WebSocket (or other `Upgrade`) handshake to the owner on a dedicated
 * connection, then pipes WebSocket frames both ways until either side closes. A refused
 * handshake is relayed as the upstream's plain HTTP answer.
 */
export function forwardUpgrade(client: Duplex, head: Buffer, plan: UpgradePlan, settle: (o: UpgradeOutcome) => void): void {
  const target = plan.upstream.pick();
  const url = new URL(target.basePath + plan.pathAndQuery, target.origin);
  const upstreamReq = request(url, { method: plan.method, headers: toHeaders(plan.headers), agent: false, timeout: plan.upstream.config.connectTimeoutMs });
  let settled = false;
  const done = (o: UpgradeOutcome): void => {
    if (settled) return;
    settled = true;
    settle(o);
  };
  client.on('error', () => upstreamReq.destroy());
  client.on('close', () => upstreamReq.destroy());
  upstreamReq.on('timeout', () => upstreamReq.destroy(Object.assign(new Error('upgrade timed out'), { code: 'UND_ERR_CONNECT_TIMEOUT' })));
  upstreamReq.on('error', (error) => done({ error }));
  upstreamReq.on('upgrade', (res, socket, upstreamHead) => {
    upstreamReq.setTimeout(0);
    client.write(responseHead(res));
    // A destroyed socket emits no 'end' for pipe() to pass on: a tunnel lives and dies whole.
    socket.on('close', () => client.destroy());
    client.on('close', () => socket.destroy());
    socket.on('error', () => client.destroy());
    done({ status: 101, tunnel: tunnelWebSocket(client, socket, head, upstreamHead) });
  });
  upstreamReq.on('response', (res) => {
    // The body arrives de-chunked, so it is sent unframed and ends with the connection.
    client.write(responseHead(res, FRAMING));
    res.pipe(client);
    done({ status: res.statusCode ?? 502 });
  });
  upstreamReq.end();
}

const FRAMING = new Set(['transfer-encoding', 'connection', 'keep-alive']);

function responseHead(res: IncomingMessage, skip?: Set<string>): string {
  let head = `HTTP/1.1 ${res.statusCode ?? 502} ${res.statusMessage ?? ''}\r\n`;
  for (let i = 0; i < res.rawHeaders.length; i += 2) {
    const name = res.rawHeaders[i] as string;
    if (!skip?.has(name.toLowerCase())) head += `${name}: ${res.rawHeaders[i + 1]}\r\n`;
  }
  return skip ? `${head}connection: close\r\n\r\n` : `${head}\r\n`;
}

function toHeaders(flat: string[]): OutgoingHttpHeaders {
  const out: Record<string, string | string[]> = {};
  for (let i = 0; i < flat.length; i += 2) {
    const name = flat[i] as string;
    const value = flat[i + 1] as string;
    const seen = out[name];
    out[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return out;
}
