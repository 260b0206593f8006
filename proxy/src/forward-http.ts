import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { LEGACY } from '#contracts';
import type { Logger } from 'pino';
import { proxyErrors } from './errors.ts';
import { classifyUpstreamError } from './forward/classify-error.ts';
import { sendError } from './forward/error-response.ts';
import { forwardExchange, type ExchangeOutcome } from './forward/forward-exchange.ts';
import { bodyKind, readSmallBody, type RequestBody } from './forward/replay-body.ts';
import type { UpstreamClient } from './forward/upstream-client.ts';
import type { RequestObserver } from './observe/request-observer.ts';
import type { RequestRecord } from './observe/request-record.ts';
import { headersFor, type RequestRouter, type RoutedRequest } from './request-router.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** nginx's status for a client that closed the connection first: not the upstream's failure. */
const CLIENT_CLOSED = 499;

export interface ForwardHttpOptions {
  readonly router: RequestRouter;
  readonly observer: RequestObserver;
  readonly logger: Logger;
}

/** One request in flight: what it was routed to and how to record its end. */
interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly routed: RoutedRequest;
  readonly started: number;
  readonly canFallBack: boolean;
}

/**
 * The `request` listener of the public server: route, forward to the owner, fall back to
 * legacy once when that is safe, and record the outcome.
 */
export function createRequestListener(options: ForwardHttpOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const forwarder = new HttpForwarder(options);
  return (req, res) => forwarder.handle(req, res);
}

class HttpForwarder {
  constructor(private readonly options: ForwardHttpOptions) {}

  handle(req: IncomingMessage, res: ServerResponse): void {
    const started = performance.now();
    const routed = this.options.router.route(req);
    if ('error' in routed) {
      this.finish(routed.record, started, sendError(res, routed.error, routed.record.reqId), routed.error.code);
      return;
    }
    const kind = bodyKind(req);
    const exchange: Exchange = { req, res, routed, started, canFallBack: mayFallBack(req, routed, kind) };
    if (kind === 'none') this.forward(exchange, null);
    else if (kind === 'small' && exchange.canFallBack) readSmallBody(req).then((body) => this.forward(exchange, body), () => this.finish(routed.record, started, 499));
    else this.forward(exchange, 'stream');
  }

  private forward(exchange: Exchange, body: RequestBody): void {
    const { routed, canFallBack } = exchange;
    attempt(exchange, routed.upstream, canFallBack, body, (outcome) => {
      if (outcome.kind !== 'failed') return this.relayed(exchange, outcome, routed.upstream);
      if (canFallBack) return this.fallBack(exchange, body, outcome);
      this.fail(exchange, outcome, routed.upstream);
    });
  }

  private fallBack(exchange: Exchange, body: RequestBody, failed: { error: unknown; status?: number }): void {
    const { record, upstream, legacy } = exchange.routed;
    this.options.logger.warn(
      { reqId: record.reqId, feature: record.feature, upstream: upstream.name, status: failed.status, err: failed.error },
      'service failed, falling back to legacy',
    );
    record.owner = LEGACY;
    record.reason = 'fallback';
    record.upstream = legacy.name;
    attempt(exchange, legacy, false, body, (outcome) => (outcome.kind === 'failed' ? this.fail(exchange, outcome, legacy) : this.relayed(exchange, outcome, legacy)));
  }

  /**
   * The upstream's answer went to the client. One that broke off after its head (the
   * upstream reset, not the client leaving: 499) is logged with its code and counted as
   * failed, whatever status its head carried.
   */
  private relayed(exchange: Exchange, outcome: Exclude<ExchangeOutcome, { kind: 'failed' }>, upstream: UpstreamClient): void {
    const { record } = exchange.routed;
    if (outcome.kind === 'done' || outcome.status === CLIENT_CLOSED) return this.finish(record, exchange.started, outcome.status);
    const err = proxyErrors.upstreamBroken({ upstream: upstream.name }, { cause: outcome.error });
    this.options.logger.warn({ reqId: record.reqId, feature: record.feature, upstream: upstream.name, status: outcome.status, err }, 'upstream answer broke off');
    this.finish(record, exchange.started, outcome.status, err.code);
  }

  private fail(exchange: Exchange, outcome: { error: unknown }, upstream: UpstreamClient): void {
    const err = classifyUpstreamError(outcome.error, upstream);
    const { record } = exchange.routed;
    this.finish(record, exchange.started, sendError(exchange.res, err, record.reqId), err.code);
  }

  private finish(record: RequestRecord, started: number, status: number, code?: string): void {
    record.status = status;
    record.ms = Math.round((performance.now() - started) * 100) / 100;
    if (code) record.code = code;
    this.options.observer.record(record);
  }
}

function attempt(exchange: Exchange, upstream: UpstreamClient, failOn5xx: boolean, body: RequestBody, settle: (o: ExchangeOutcome) => void): void {
  const { req, res, routed } = exchange;
  const headers = headersFor(req, routed, upstream, false);
  forwardExchange(req, res, { upstream, pathAndQuery: routed.pathAndQuery, headers, requestId: routed.record.reqId, failOn5xx, body }, settle);
}

/**
 * Falling back replays the request on legacy, so it must be idempotent and its body, if
 * any, small enough to keep (REPLAY_BODY_MAX_BYTES); a streamed body cannot be sent twice.
 * A forced owner is never second-guessed.
 */
function mayFallBack(req: IncomingMessage, routed: RoutedRequest, kind: 'none' | 'small' | 'stream'): boolean {
  const feature = routed.feature;
  if (!feature || routed.upstream.name === LEGACY || feature.fallback !== 'legacy' || kind === 'stream') return false;
  if (routed.record.reason === 'override') return false;
  return SAFE_METHODS.has(req.method ?? '') || feature.idempotent;
}
