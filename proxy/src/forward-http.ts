import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { LEGACY } from '#contracts';
import type { Logger } from 'pino';
import { classifyUpstreamError } from './forward/classify-error.ts';
import { sendError } from './forward/error-response.ts';
import { forwardExchange, type ExchangeOutcome } from './forward/forward-exchange.ts';
import { bodyKind, readSmallBody, type RequestBody } from './forward/replay-body.ts';
import type { UpstreamClient } from './forward/upstream-client.ts';
import type { RequestObserver } from './observe/request-observer.ts';
import { headersFor, type RequestRouter, type RoutedRequest } from './request-router.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface ForwardHttpOptions {
  readonly router: RequestRouter;
  readonly observer: RequestObserver;
  readonly logger: Logger;
}

/**
 * The `request` listener of the public server: route, forward to the owner, fall back to
 * legacy once when that is safe, and record the outcome.
 */
export function createRequestListener(options: ForwardHttpOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { router, observer, logger } = options;
  return (req, res) => {
    const started = performance.now();
    const routed = router.route(req);
    const finish = (status: number, code?: string): void => {
      routed.record.status = status;
      routed.record.ms = Math.round((performance.now() - started) * 100) / 100;
      if (code) routed.record.code = code;
      observer.record(routed.record);
    };
    if ('error' in routed) {
      finish(sendError(res, routed.error, routed.record.reqId), routed.error.code);
      return;
    }
    const finishWithError = (outcome: { error: unknown }, upstream: UpstreamClient): void => {
      const err = classifyUpstreamError(outcome.error, upstream);
      finish(sendError(res, err, routed.record.reqId), err.code);
    };
    const kind = bodyKind(req);
    const canFallBack = mayFallBack(req, routed, kind);
    const run = (body: RequestBody): void =>
      attempt(req, res, routed, routed.upstream, canFallBack, body, (outcome) => {
        if (outcome.kind !== 'failed') return finish(outcome.status);
        if (!canFallBack) return finishWithError(outcome, routed.upstream);
        logger.warn({ reqId: routed.record.reqId, feature: routed.record.feature, upstream: routed.upstream.name, status: outcome.status, err: outcome.error }, 'service failed, falling back to legacy');
        routed.record.owner = LEGACY;
        routed.record.reason = 'fallback';
        routed.record.upstream = routed.legacy.name;
        attempt(req, res, routed, routed.legacy, false, body, (second) =>
          second.kind === 'failed' ? finishWithError(second, routed.legacy) : finish(second.status),
        );
      });
    if (kind === 'none') run(null);
    else if (kind === 'small' && canFallBack) readSmallBody(req).then(run, () => finish(499));
    else run('stream');
  };
}

function attempt(
  req: IncomingMessage,
  res: ServerResponse,
  routed: RoutedRequest,
  upstream: UpstreamClient,
  failOn5xx: boolean,
  body: RequestBody,
  settle: (o: ExchangeOutcome) => void,
): void {
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
