import { STATUS_CODES, type IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import type { PeelError } from '#lib';
import { proxyErrors } from './errors.ts';
import { classifyUpstreamError } from './forward/classify-error.ts';
import { errorBody } from './forward/error-response.ts';
import { forwardUpgrade } from './forward/forward-upgrade.ts';
import type { TunnelSet } from './forward/tunnel-set.ts';
import type { RequestObserver } from './observe/request-observer.ts';
import { headersFor, type RequestRouter } from './request-router.ts';

/** The `upgrade` listener of the public server: WebSockets go to the owner of the route. */
export function createUpgradeListener(
  router: RequestRouter,
  observer: RequestObserver,
  tunnels: TunnelSet,
): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  return (req, socket, head) => {
    const started = performance.now();
    const accepting = tunnels.add(socket);
    const routed = router.route(req);
    const finish = (status: number, code?: string): void => {
      routed.record.status = status;
      routed.record.ms = Math.round((performance.now() - started) * 100) / 100;
      if (code) routed.record.code = code;
      observer.record(routed.record);
    };
    if ('error' in routed) {
      finish(refuse(socket, routed.error, routed.record.reqId), routed.error.code);
      return;
    }
    const refusal = accepting ? unsupportedUpgrade(req) : proxyErrors.shuttingDown();
    if (refusal) {
      Object.assign(routed.record, { owner: null, upstream: null, reason: 'refused' });
      finish(refuse(socket, refusal, routed.record.reqId), refusal.code);
      return;
    }
    const headers = headersFor(req, routed, routed.upstream, true);
    const plan = { method: routed.record.method, upstream: routed.upstream, pathAndQuery: routed.pathAndQuery, headers };
    forwardUpgrade(socket, head, plan, (outcome) => {
      if ('status' in outcome) {
        if (outcome.tunnel) tunnels.opened(socket, outcome.tunnel);
        return finish(outcome.status);
      }
      const err = classifyUpstreamError(outcome.error, routed.upstream);
      finish(refuse(socket, err, routed.record.reqId), err.code);
    });
  };
}

/**
 * Node hands every request carrying `Connection: Upgrade` to this listener, whatever its
 * method. Only a bodiless WebSocket GET is tunnelled: anything else would need its body
 * relayed before the switch, and relaying it as a handshake would change the request.
 */
function unsupportedUpgrade(req: IncomingMessage): PeelError | undefined {
  const upgrade = req.headers.upgrade ?? '';
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) !== 0;
  if (req.method === 'GET' && upgrade.toLowerCase() === 'websocket' && !hasBody) return undefined;
  return proxyErrors.upgradeRefused({ method: req.method ?? '', upgrade });
}

function refuse(socket: Duplex, err: PeelError, requestId: string): number {
  const status = err.statusCode ?? 502;
  const body = errorBody(err, requestId);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      `x-request-id: ${requestId}\r\nconnection: close\r\n\r\n${body}`,
  );
  return status;
}
