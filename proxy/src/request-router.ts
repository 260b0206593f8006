import type { IncomingMessage } from 'node:http';
import { LEGACY, type Feature } from '#contracts';
import type { PeelError } from '#lib';
import { proxyErrors } from './errors.ts';
import { clientAddressOf, requestIdOf } from './forward/request-identity.ts';
import { stickyValue } from './forward/sticky-value.ts';
import { unmapIPv4, type TrustedProxies } from './forward/trusted-proxies.ts';
import { upstreamHeaders } from './forward/upstream-headers.ts';
import type { UpstreamClient } from './forward/upstream-client.ts';
import type { RequestRecord } from './observe/request-record.ts';
import { canonicalTarget } from './routing/canonical-target.ts';
import { decideOwner, type ForcedSide } from './routing/owner-decision.ts';
import type { RoutingState } from './routing-state.ts';

/** A request routed to its owner, ready to forward. */
export interface RoutedRequest {
  readonly record: RequestRecord;
  readonly feature: Feature | undefined;
  readonly upstream: UpstreamClient;
  readonly legacy: UpstreamClient;
  readonly pathAndQuery: string;
  readonly peer: string;
  readonly peerTrusted: boolean;
}

export interface RefusedRequest {
  readonly record: RequestRecord;
  readonly error: PeelError;
}

export interface RequestRouterOptions {
  readonly routing: RoutingState;
  readonly trusted: TrustedProxies;
  /** Whether the value of `x-peel-authorization` carries the admin token. */
  readonly authorizeOverride: (authorization: string | undefined) => boolean;
}

/**
 * Turns a request into a routing decision: canonical target (or refusal), the feature
 * matched on exactly that path, the owner decided on the snapshot read once here.
 */
export class RequestRouter {
  constructor(private readonly options: RequestRouterOptions) {}

  route(req: IncomingMessage): RoutedRequest | RefusedRequest {
    const routing = this.options.routing.current();
    const requestId = requestIdOf(req.headers);
    const method = req.method ?? 'GET';
    const target = canonicalTarget(req.url ?? '');
    if ('refused' in target) {
      const record = newRecord(requestId, method, routing.version);
      record.reason = 'refused';
      return { record, error: proxyErrors.badTarget({ reason: target.refused }) };
    }
    const match = routing.matcher.match(method, target.path);
    const peer = unmapIPv4(req.socket.remoteAddress ?? '');
    const peerTrusted = this.options.trusted.trusts(peer);
    const clientAddress = (): string => clientAddressOf(peer, peerTrusted, req.headers, this.options.trusted);
    const decision = decideOwner(match?.feature, {
      forced: this.forcedSide(req),
      stickyValue: (key) => stickyValue(key, req.headers, clientAddress),
    });
    const upstream = routing.upstreams.get(decision.owner) as UpstreamClient;
    const record = newRecord(requestId, method, routing.version);
    record.route = match ? match.route : null;
    record.feature = match ? match.feature.name : null;
    record.owner = decision.owner;
    record.reason = decision.reason;
    record.upstream = upstream.name;
    const legacy = routing.upstreams.get(LEGACY) as UpstreamClient;
    return { record, feature: match?.feature, upstream, legacy, pathAndQuery: target.path + target.query, peer, peerTrusted };
  }

  private forcedSide(req: IncomingMessage): ForcedSide | undefined {
    const value = req.headers['x-peel-owner'];
    if (value !== 'legacy' && value !== 'service') return undefined;
    const authorization = req.headers['x-peel-authorization'];
    return this.options.authorizeOverride(typeof authorization === 'string' ? authorization : undefined) ? value : undefined;
  }
}

/** Headers for one attempt at one upstream (Host depends on the upstream). */
export function headersFor(req: IncomingMessage, routed: RoutedRequest, upstream: UpstreamClient, upgrade: boolean): string[] {
  return upstreamHeaders(req, {
    requestId: routed.record.reqId,
    peer: routed.peer,
    peerTrusted: routed.peerTrusted,
    host: upstream.config.host,
    upgrade,
  });
}

function newRecord(reqId: string, method: string, configVersion: number): RequestRecord {
  return { reqId, method, route: null, feature: null, owner: null, reason: null, upstream: null, status: 0, ms: 0, configVersion };
}
