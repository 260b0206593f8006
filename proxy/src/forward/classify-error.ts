import type { PeelError } from '#lib';
import { proxyErrors } from '../errors.ts';
import type { UpstreamClient } from './upstream-client.ts';

const TIMEOUT_PHASE: Record<string, 'connect' | 'response'> = {
  UND_ERR_CONNECT_TIMEOUT: 'connect',
  UND_ERR_HEADERS_TIMEOUT: 'response',
  UND_ERR_BODY_TIMEOUT: 'response',
};

/**
 * Translates an undici failure into the proxy's coded error, keeping the original as
 * `cause`: timeouts → PEEL_PROXY_UPSTREAM_TIMEOUT (504), anything else (refused, reset,
 * DNS, protocol) → PEEL_PROXY_UPSTREAM_UNAVAILABLE (502).
 */
export function classifyUpstreamError(err: unknown, upstream: UpstreamClient): PeelError {
  const code = (err as { code?: unknown } | null)?.code;
  const phase = typeof code === 'string' ? TIMEOUT_PHASE[code] : undefined;
  if (phase) {
    const timeoutMs = phase === 'connect' ? upstream.config.connectTimeoutMs : upstream.config.responseTimeoutMs;
    return proxyErrors.upstreamTimeout({ upstream: upstream.name, phase, timeoutMs }, { cause: err });
  }
  const problem = typeof code === 'string' ? code : err instanceof Error ? err.message : String(err);
  return proxyErrors.upstreamUnavailable({ upstream: upstream.name, problem }, { cause: err });
}
