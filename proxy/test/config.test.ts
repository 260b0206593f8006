import t from 'tap';
import { loadProxyConfig } from '#proxy/config';

t.test('the config comes from the environment with defaults from the schema', async (t) => {
  const config = loadProxyConfig({
    PEEL_FEATURES_FILE: '/etc/peel/features.yaml',
    PROXY_PORT: '9090',
    TRUSTED_PROXIES: '10.0.0.0/8, 192.168.1.1',
    PROGRESS_INTERVAL_MS: '5000',
    MONGODB_URL: '',
  });
  t.match(config, {
    listen: { host: '0.0.0.0', port: 9090 },
    admin: { host: '127.0.0.1', port: 8081 },
    featuresFile: '/etc/peel/features.yaml',
    trustedProxies: ['10.0.0.0/8', '192.168.1.1'],
    progressIntervalMs: 5000,
    drainTimeoutMs: 10_000,
  });
  t.equal(config.mongodbUrl, undefined, 'an empty MONGODB_URL means none');
  t.ok(Object.isFrozen(config));
  t.equal(loadProxyConfig({ PROXY_FEATURES_FILE: 'f.json' }).featuresFile, 'f.json', 'PROXY_FEATURES_FILE is an alias');
});

t.test('bad config names every field; a public admin listener needs a token', async (t) => {
  t.throws(() => loadProxyConfig({ PROXY_PORT: 'eighty', PROGRESS_INTERVAL_MS: '-1' }), {
    code: 'PEEL_CONFIG_INVALID',
    message: /PROXY_PORT or --port \(listen\.port\): [\s\S]*PEEL_FEATURES_FILE or --features \(featuresFile\): [\s\S]*PROGRESS_INTERVAL_MS \(progressIntervalMs\): /,
  });
  t.throws(() => loadProxyConfig({ PEEL_FEATURES_FILE: 'f.json', TRUSTED_PROXIES: '10.0.0.0/8,lb.internal' }), {
    code: 'PEEL_CONFIG_INVALID',
    message: /TRUSTED_PROXIES \(trustedProxies\[1\]\): expected an IP address or CIDR range/,
  });
  t.throws(() => loadProxyConfig({ PEEL_FEATURES_FILE: 'f.json', ADMIN_HOST: '0.0.0.0' }), { code: 'PEEL_PROXY_ADMIN_TOKEN_REQUIRED' });
  const withToken = loadProxyConfig({ PEEL_FEATURES_FILE: 'f.json', ADMIN_HOST: '0.0.0.0', PEEL_ADMIN_TOKEN: 'x'.repeat(24) });
  t.equal(withToken.admin.host, '0.0.0.0');
  for (const token of ['correct horse battery staple', 'tab\tinside-0123456789', `${'x'.repeat(16)}\u00e9`]) {
    t.throws(() => loadProxyConfig({ PEEL_FEATURES_FILE: 'f.json', PEEL_ADMIN_TOKEN: token }), {
      code: 'PEEL_CONFIG_INVALID',
      message: /PEEL_ADMIN_TOKEN \(admin\.token\): admin token must be printable ASCII without spaces/,
    }, `a token no Authorization header can carry is refused: ${JSON.stringify(token)}`);
  }
});
