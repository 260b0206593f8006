import t from 'tap';
import { Upstream } from '#contracts';
import { classifyUpstreamError } from '#proxy/forward/classify-error';
import { UpstreamClient } from '#proxy/forward/upstream-client';

t.test('undici failures become coded 502/504 errors with the cause kept', async (t) => {
  const upstream = new UpstreamClient('catalog', Upstream.parse({ urls: ['http://127.0.0.1:1'], connectTimeoutMs: 150, responseTimeoutMs: 900 }));
  t.teardown(() => upstream.destroy());
  const cases: Array<[string, number, string, RegExp]> = [
    ['UND_ERR_CONNECT_TIMEOUT', 504, 'PEEL_PROXY_UPSTREAM_TIMEOUT', /did not accept the connection within 150 ms/],
    ['UND_ERR_HEADERS_TIMEOUT', 504, 'PEEL_PROXY_UPSTREAM_TIMEOUT', /did not answer within 900 ms/],
    ['UND_ERR_BODY_TIMEOUT', 504, 'PEEL_PROXY_UPSTREAM_TIMEOUT', /did not answer within 900 ms/],
    ['ECONNREFUSED', 502, 'PEEL_PROXY_UPSTREAM_UNAVAILABLE', /upstream catalog failed: ECONNREFUSED/],
    ['ECONNRESET', 502, 'PEEL_PROXY_UPSTREAM_UNAVAILABLE', /ECONNRESET/],
    ['UND_ERR_SOCKET', 502, 'PEEL_PROXY_UPSTREAM_UNAVAILABLE', /UND_ERR_SOCKET/],
  ];
  for (const [code, status, peelCode, message] of cases) {
    const cause = Object.assign(new Error('low level'), { code });
    const err = classifyUpstreamError(cause, upstream);
    t.match(err, { code: peelCode, statusCode: status, message, cause }, code);
  }
});
