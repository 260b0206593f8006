import t from 'tap';
import * as proxy from '#proxy';

t.test('the public surface of #proxy is pinned', async (t) => {
  t.strictSame(Object.keys(proxy).sort(), [
    'assertAdminListenSafe',
    'buildAdminServer',
    'buildProxyServer',
    'canonicalTarget',
    'compileMatcher',
    'createFeatureStore',
    'createMemoryFeatureStore',
    'decideOwner',
    'inCanary',
    'isAdminAuthorized',
    'loadFeaturesFile',
    'loadProxyConfig',
    'proxyErrors',
    'startProxy',
    'stickyBucket',
  ]);
});
