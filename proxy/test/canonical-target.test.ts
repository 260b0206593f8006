import t from 'tap';
import { canonicalTarget } from '#proxy/routing/canonical-target';

t.test('canonical targets are routed and forwarded as written or normalised', async (t) => {
  const cases: Array<[string, string, string]> = [
    ['/', '/', ''],
    ['/api/products', '/api/products', ''],
    ['/api/products/', '/api/products/', ''],
    ['/api/products?q=a%2Fb&x=..', '/api/products', '?q=a%2Fb&x=..'],
    ['/api/%70roducts', '/api/products', ''],
    ['/api/caf%c3%a9', '/api/caf%C3%A9', ''],
    ['/a/b:c@d/e!$&\'()*+,=~-_.x', '/a/b:c@d/e!$&\'()*+,=~-_.x', ''],
    ['/api/file.json', '/api/file.json', ''],
    ['/api/...', '/api/...', ''],
    ['/api/%3B', '/api/%3B', ''],
  ];
  for (const [target, path, query] of cases) t.strictSame(canonicalTarget(target), { path, query }, target);
});

t.test('ambiguous targets are refused with the reason', async (t) => {
  const cases: Array<[string, RegExp]> = [
    ['/api/products%2F1', /encoded slash/],
    ['/api/products%2f1', /encoded slash/],
    ['/api%5Cadmin', /encoded backslash/],
    ['/api%5cadmin', /encoded backslash/],
    ['/api/%2e%2e/admin', /encoded dot/],
    ['/api/%2E/admin', /encoded dot/],
    ['/api/%252F', /double encoding/],
    ['/api\\admin', /backslash/],
    ['/api/../admin', /dot segment/],
    ['/api/..', /dot segment/],
    ['/api/./products', /dot segment/],
    ['/./api', /dot segment/],
    ['/api/products;jsessionid=1', /path parameter/],
    ['/api/products/1;/admin', /path parameter/],
    ['/api/products\u0000', /control/],
    ['/api/%00', /encoded control/],
    ['/api/%0a', /encoded control/],
    ['/api/%7f', /encoded control/],
    ['/api/products#frag', /fragment/],
    ['/api/products?x=1#frag', /fragment/],
    ['/api/products?x=\u0001', /control byte in the query/],
    ['//api/products', /repeated slashes/],
    ['/api//products', /repeated slashes/],
    ['/api/products//', /repeated slashes/],
    ['http://evil.example/api/products', /origin-form/],
    ['*', /origin-form/],
    ['evil.example:443', /origin-form/],
    ['', /origin-form/],
    ['/api/%zz', /malformed percent/],
    ['/api/%4', /malformed percent/],
    ['/api/caf\u00e9', /non-ASCII/],
    ['/api/<script>', /not allowed/],
    ['/api/a b', /control byte or space/],
  ];
  for (const [target, reason] of cases) {
    const result = canonicalTarget(target);
    t.ok('refused' in result, `${JSON.stringify(target)} is refused`);
    if ('refused' in result) t.match(result.refused, reason, JSON.stringify(target));
  }
});
