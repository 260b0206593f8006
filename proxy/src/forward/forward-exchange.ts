import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import { downstreamHeaders } from './upstream-headers.ts';
import type { RequestBody } from './replay-body.ts';
import type { UpstreamClient } from './upstream-client.ts';

type DispatchController = Dispatcher.DispatchController;

export type ExchangeOutcome =
  /** The upstream's response was relayed completely. */
  | { readonly kind: 'done'; readonly status: number }
  /** Nothing was sent to the client yet; the caller may fall back or answer an error. */
  | { readonly kind: 'failed'; readonly error: unknown; readonly status?: number }
  /** The client went away or the relay broke after the response started. */
  | { readonly kind: 'broken'; readonly status: number; readonly error: unknown };

export interface ExchangePlan {
  readonly upstream: UpstreamClient;
  /** Canonical path plus query, as routed. */
  readonly pathAndQuery: string;
  readonly headers: string[];
  readonly requestId: string;
  /** Hand a 5xx back as `failed` instead of relaying it (the caller will fall back). */
  readonly failOn5xx: boolean;
  /** 'stream': the client's request stream; a Buffer: a body read for a possible replay. */
  readonly body: RequestBody;
}

/** Raised into undici to abandon a 5xx answer we are going to replace by a fallback. */
class ServerErrorAnswer extends Error {
  constructor(readonly status: number) {
    super(`upstream answered ${status}`);
  }
}

class ClientGone extends Error {
  readonly code = 'PEEL_CLIENT_GONE';
}

/**
 * One request relayed to one upstream through undici's dispatch API: the request body is
 * streamed from the client socket, the response body is written to the client as it
 * arrives, and the upstream is paused while the client cannot keep up (no buffering).
 * A client that goes away aborts the upstream request.
 */
export function forwardExchange(req: IncomingMessage, res: ServerResponse, plan: ExchangePlan, settle: (o: ExchangeOutcome) => void): void {
  const target = plan.upstream.pick();
  const handler = new ExchangeHandler(res, plan, settle);
  res.on('close', handler.onClientClose);
  target.pool.dispatch(
    {
      origin: target.origin,
      method: req.method ?? 'GET',
      path: target.basePath + plan.pathAndQuery,
      headers: plan.headers,
      body: plan.body === 'stream' ? req : plan.body,
    },
    handler,
  );
}

class ExchangeHandler implements Dispatcher.DispatchHandler {
  private controller: DispatchController | undefined;
  private status = 0;
  /** Bytes of the announced body not yet relayed; -1 when no content-length was given. */
  private bodyLeft = -1;
  private settled = false;
  private clientGone = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly plan: ExchangePlan,
    private readonly settle: (o: ExchangeOutcome) => void,
  ) {}

  readonly onClientClose = (): void => {
    if (this.res.writableFinished || this.settled) return;
    this.clientGone = true;
    this.controller?.abort(new ClientGone('client closed the connection'));
  };

  onRequestStart(controller: DispatchController): void {
    this.controller = controller;
    if (this.clientGone) controller.abort(new ClientGone('client closed the connection'));
  }

  onResponseStart(controller: DispatchController, statusCode: number, headers: IncomingHttpHeaders, statusMessage?: string): void {
    // An informational answer comes before the real one: Early Hints are passed on, the
    // others (an unasked-for 100 Continue) concern the upstream hop only.
    if (statusCode < 200) {
      if (statusCode === 103 && headers.link !== undefined) this.res.writeEarlyHints({ link: headers.link });
      return;
    }
    if (statusCode >= 500 && this.plan.failOn5xx) {
      controller.abort(new ServerErrorAnswer(statusCode));
      return;
    }
    this.status = statusCode;
    const length = headers['content-length'];
    this.bodyLeft = typeof length === 'string' ? Number(length) : -1;
    this.res.writeHead(statusCode, statusMessage ?? '', downstreamHeaders(headers, this.plan.requestId));
  }

  onResponseData(controller: DispatchController, chunk: Buffer): void {
    // The whole announced body in one chunk (the common small response): head and body
    // leave in a single write instead of a write and an end.
    if (chunk.length === this.bodyLeft) {
      this.res.end(chunk);
      return;
    }
    if (this.bodyLeft > 0) this.bodyLeft -= chunk.length;
    if (this.res.write(chunk)) return;
    controller.pause();
    this.res.once('drain', () => controller.resume());
  }

  onResponseEnd(): void {
    if (!this.res.writableEnded) this.res.end();
    this.finish({ kind: 'done', status: this.status });
  }

  onResponseError(_controller: DispatchController, error: Error): void {
    if (this.clientGone || error instanceof ClientGone) {
      this.finish({ kind: 'broken', status: 499, error });
    } else if (this.status !== 0) {
      this.res.destroy(error);
      this.finish({ kind: 'broken', status: this.status, error });
    } else {
      this.finish({ kind: 'failed', error, status: error instanceof ServerErrorAnswer ? error.status : undefined });
    }
  }

  private finish(outcome: ExchangeOutcome): void {
    if (this.settled) return;
    this.settled = true;
    this.res.off('close', this.onClientClose);
    this.settle(outcome);
  }
}
