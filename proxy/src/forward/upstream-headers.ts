import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { connectionListed, isHopByHop } from './hop-by-hop.ts';

export interface ForwardingIdentity {
  readonly requestId: string;
  /** Peer address of the TCP connection (IPv4-mapped addresses unmapped). */
  readonly peer: string;
  /** Whether inbound X-Forwarded-* headers from this peer are believed. */
  readonly peerTrusted: boolean;
  /** Host header to send; undefined keeps the client's. */
  readonly host: string | undefined;
  /** Keep `connection`/`upgrade` (WebSocket handshakes). */
  readonly upgrade: boolean;
}

/**
 * Set by Peel itself. `expect` is answered by this server (Node sends the 100 Continue),
 * so it is not passed on.
 */
const RECOMPUTED = new Set(['host', 'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'x-request-id', 'expect']);

/**
 * Headers some frameworks read as the request's real method or path. The feature table
 * chose the upstream by the method and path Peel saw, so these never pass: with them an
 * upstream would act on a route the table did not give it.
 */
const ROUTE_OVERRIDES = new Set(['x-http-method-override', 'x-http-method', 'x-method-override', 'x-original-url', 'x-rewrite-url', 'x-original-method']);

/** Client identity a proxy in front would set: believed, and passed on, only from trusted peers. */
const PROXY_CLAIMS = new Set(['forwarded', 'x-real-ip', 'x-forwarded-port', 'x-forwarded-prefix', 'x-forwarded-server', 'x-client-ip', 'true-client-ip']);

/**
 * The request headers sent upstream, as undici's flat [name, value, ...] list: hop-by-hop
 * headers and those named in `Connection` removed, Peel's own `x-peel-*` control headers
 * and method/path overrides removed, X-Forwarded-* recomputed and other proxy claims
 * (`Forwarded`, `X-Real-IP`...) dropped (inbound values kept only from trusted peers),
 * X-Request-Id set and Host as configured.
 */
export function upstreamHeaders(req: IncomingMessage, id: ForwardingIdentity): string[] {
  const raw = req.rawHeaders;
  const listed = connectionListed(req.headers.connection);
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    if (dropped(name, listed, id.upgrade) || (!id.peerTrusted && PROXY_CLAIMS.has(name))) continue;
    out.push(name, raw[i + 1] as string);
  }
  const inbound = req.headers;
  const forwardedFor = id.peerTrusted && inbound['x-forwarded-for'] ? `${inbound['x-forwarded-for']}, ${id.peer}` : id.peer;
  out.push('x-forwarded-for', forwardedFor);
  out.push('x-forwarded-proto', (id.peerTrusted && single(inbound['x-forwarded-proto'])) || 'http');
  const clientHost = inbound.host ?? '';
  out.push('x-forwarded-host', (id.peerTrusted && single(inbound['x-forwarded-host'])) || clientHost);
  out.push('x-request-id', id.requestId);
  const host = id.host ?? clientHost;
  if (host) out.push('host', host);
  return out;
}

function dropped(name: string, listed: Set<string> | undefined, upgrade: boolean): boolean {
  if (upgrade && (name === 'connection' || name === 'upgrade')) return false;
  if (isHopByHop(name) || RECOMPUTED.has(name) || ROUTE_OVERRIDES.has(name) || name.startsWith('x-peel-')) return true;
  return listed !== undefined && listed.has(name);
}

/**
 * The response headers sent back to the client: hop-by-hop headers and those the
 * upstream named in `Connection` removed; Node sets its own framing.
 */
export function downstreamHeaders(headers: IncomingHttpHeaders, requestId: string): Record<string, string | string[]> {
  const listed = connectionListed(headers.connection);
  const out: Record<string, string | string[]> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || isHopByHop(name) || (listed !== undefined && listed.has(name))) continue;
    out[name] = value;
  }
  out['x-request-id'] ??= requestId;
  return out;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
