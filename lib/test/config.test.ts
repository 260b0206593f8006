import t from 'tap';
import { ProxyConfig } from '#contracts';
import { envToObject, mergeConfig, parseConfig } from '#lib';

t.test('parseConfig applies defaults, coerces env strings and freezes', async (t) => {
  const raw = mergeConfig({ featuresFile: 'features.yaml' }, envToObject({ PROXY_PORT: '9090', ADMIN_HOST: '' }, { 'listen.port': 'PROXY_PORT', 'admin.host': 'ADMIN_HOST' }));
  const config = parseConfig(ProxyConfig, raw, 'test');
  t.equal(config.listen.port, 9090);
  t.equal(config.admin.host, '127.0.0.1');
  t.ok(Object.isFrozen(config.listen));
});

t.test('a blank env value is unset, like an empty one: never coerced to 0', async (t) => {
  const config = parseConfig(ProxyConfig, mergeConfig({ featuresFile: 'f.yaml' }, envToObject({ PROXY_PORT: '  ', ADMIN_PORT: '\t' }, { 'listen.port': 'PROXY_PORT', 'admin.port': 'ADMIN_PORT' })), 'test');
  t.equal(config.listen.port, 8080, 'the default, not port 0 (a random port)');
  t.equal(config.admin.port, 8081);
});

t.test('parseConfig names every bad field', async (t) => {
  t.throws(() => parseConfig(ProxyConfig, { listen: { port: 'eighty' }, admin: { token: 'short' }, bogus: 1 }, 'env'), {
    code: 'PEEL_CONFIG_INVALID',
    message: /listen\.port.*admin\.token|admin\.token.*listen\.port/,
  });
  try {
    parseConfig(ProxyConfig, {}, 'env');
  } catch (err) {
    t.match(err, { code: 'PEEL_CONFIG_INVALID', details: { issues: [{ path: 'featuresFile', expected: 'string' }] } });
  }
});

t.test('parseConfig names a bad field by what the user sets, when it knows', async (t) => {
  const setBy = { 'listen.port': 'PROXY_PORT', trustedProxies: 'TRUSTED_PROXIES' };
  t.throws(() => parseConfig(ProxyConfig, { featuresFile: 'f.json', listen: { port: 'eighty' }, trustedProxies: [1] }, 'env', setBy), {
    code: 'PEEL_CONFIG_INVALID',
    message: /PROXY_PORT \(listen\.port\): .*; TRUSTED_PROXIES \(trustedProxies\[0\]\): /,
  });
  t.throws(() => parseConfig(ProxyConfig, { listen: { port: 'eighty' } }, 'env'), { message: /\): listen\.port: .*; featuresFile: / }, 'unmapped paths stay as they are');
});
