import { defineError, type FieldIssue } from '#lib';

export const proxyErrors = {
  badTarget: defineError<{ reason: string }>(
    'PEEL_PROXY_BAD_TARGET',
    400,
    (d) => `request target refused before routing: ${d.reason}`,
  ),
  upgradeRefused: defineError<{ method: string; upgrade: string }>(
    'PEEL_PROXY_UPGRADE_REFUSED',
    400,
    (d) => `only a bodiless GET with Upgrade: websocket is tunnelled; got ${d.method} with Upgrade: ${d.upgrade}`,
  ),
  shuttingDown: defineError<void>('PEEL_PROXY_SHUTTING_DOWN', 503, () => 'the proxy is shutting down and opens no new WebSocket tunnels'),
  upstreamUnavailable: defineError<{ upstream: string; problem: string }>(
    'PEEL_PROXY_UPSTREAM_UNAVAILABLE',
    502,
    (d) => `upstream ${d.upstream} failed: ${d.problem}`,
  ),
  upstreamBroken: defineError<{ upstream: string }>('PEEL_PROXY_UPSTREAM_BROKEN', 502, (d) => `upstream ${d.upstream} broke off its answer after it had started`),
  upstreamTimeout: defineError<{ upstream: string; phase: 'connect' | 'response'; timeoutMs: number }>(
    'PEEL_PROXY_UPSTREAM_TIMEOUT',
    504,
    (d) => `upstream ${d.upstream} did not ${d.phase === 'connect' ? 'accept the connection' : 'answer'} within ${d.timeoutMs} ms`,
  ),
  adminTokenRequired: defineError<{ host: string }>(
    'PEEL_PROXY_ADMIN_TOKEN_REQUIRED',
    undefined,
    (d) => `admin.host ${d.host} is not a loopback address, so admin.token (PEEL_ADMIN_TOKEN) is required`,
  ),
  featureNotFound: defineError<{ feature: string }>('PEEL_PROXY_FEATURE_NOT_FOUND', 404, (d) => `no feature named ${JSON.stringify(d.feature)}`),
  featureChangeInvalid: defineError<{ feature?: string; issues: FieldIssue[] }>(
    'PEEL_PROXY_FEATURE_CHANGE_INVALID',
    400,
    (d) => `invalid change${d.feature ? ` to feature ${d.feature}` : ''}: ${fieldProblems(d.issues)}`,
  ),
  featureOwnerUnknown: defineError<{ feature: string; owner: string; known: string[] }>(
    'PEEL_PROXY_FEATURE_OWNER_UNKNOWN',
    400,
    (d) => `owner: ${d.owner} has no upstream (feature ${d.feature}); known owners: ${d.known.join(', ')}`,
  ),
  featureConflict: defineError<{ feature: string; attempts: number }>(
    'PEEL_PROXY_FEATURE_CONFLICT',
    409,
    (d) => `feature ${d.feature} kept changing on other replicas; gave up after ${d.attempts} attempts`,
  ),
  featureVersionMismatch: defineError<{ expected: number; current: number }>(
    'PEEL_PROXY_FEATURE_VERSION_MISMATCH',
    412,
    (d) => `the feature table is at config version ${d.current}, not ${d.expected} as If-Match expects: it changed since it was read; read it again and decide again`,
  ),
  stateInvalid: defineError<{ origin: string; problem: string }>(
    'PEEL_PROXY_STATE_INVALID',
    undefined,
    (d) => `stored feature state ${d.origin} is unreadable: ${d.problem}`,
  ),
  stateUnavailable: defineError<{ origin: string; problem: string }>(
    'PEEL_PROXY_STATE_UNAVAILABLE',
    undefined,
    (d) => `cannot reach the feature state storage (${d.origin}): ${d.problem}`,
  ),
  featuresFileInvalid: defineError<{ file: string; issues: FieldIssue[] }>(
    'PEEL_PROXY_FEATURES_FILE_INVALID',
    undefined,
    (d) => `invalid features file ${d.file}: ${fieldProblems(d.issues)}`,
  ),
  adminUnauthorized: defineError<void>('PEEL_PROXY_ADMIN_UNAUTHORIZED', 401, () => 'missing or wrong admin token (Authorization: Bearer <PEEL_ADMIN_TOKEN>)'),
  adminRequestInvalid: defineError<{ problem: string }>('PEEL_PROXY_ADMIN_REQUEST_INVALID', 400, (d) => `bad admin request: ${d.problem}`),
  adminRouteNotFound: defineError<{ method: string; url: string }>('PEEL_PROXY_ADMIN_ROUTE_NOT_FOUND', 404, (d) => `no admin route ${d.method} ${d.url}`),
  adminFailed: defineError<{ problem: string }>('PEEL_PROXY_ADMIN_FAILED', 500, (d) => `the admin request failed: ${d.problem}`),
  adminUnreachable: defineError<{ url: string; problem: string }>(
    'PEEL_PROXY_ADMIN_UNREACHABLE',
    undefined,
    (d) => `cannot reach the admin API at ${d.url}: ${d.problem}`,
  ),
};

/** `percent: expected number <= 100`; checks without an expected shape (custom rules) say their message. */
function fieldProblems(issues: FieldIssue[]): string {
  return issues.map((i) => (i.expected === i.message ? `${i.path}: ${i.message}` : `${i.path}: expected ${i.expected}`)).join('; ');
}
