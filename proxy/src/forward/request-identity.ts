import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { TrustedProxies } from './trusted-proxies.ts';

const REQUEST_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

/** The client's X-Request-Id when it is a sane token, otherwise a new UUID. */
export function requestIdOf(headers: IncomingHttpHeaders): string {
  const inbound = headers['x-request-id'];
  return typeof inbound === 'string' && REQUEST_ID.test(inbound) ? inbound : randomUUID();
}

/**
 * The address of the client as far as we can trust it: the peer, or, when the peer is a
 * trusted proxy, the right-most X-Forwarded-For entry that is not itself trusted (entries
 * further left were written by the client and could be anything).
 */
export function clientAddressOf(peer: string, peerTrusted: boolean, headers: IncomingHttpHeaders, trusted: TrustedProxies): string {
  const forwarded = headers['x-forwarded-for'];
  if (!peerTrusted || typeof forwarded !== 'string') return peer;
  const hops = forwarded.split(',');
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = (hops[i] as string).trim();
    if (hop && !trusted.trusts(hop)) return hop;
  }
  return peer;
}
