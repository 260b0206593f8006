import t from 'tap';
import type { FeatureTableInput } from '#contracts';
import { loadProxyConfig } from '#proxy/config';
import { startUpstream } from './helpers/echo-upstream.ts';
import { startRunningProxy } from './helpers/running-proxy.ts';

const TOKEN = 'legacy-url-test-token-0123456789';
const features: FeatureTableInput['features'] = [{ name: 'products-read', match: { methods: ['GET'], paths: ['/api/products'] } }];

t.test('LEGACY_URL is the legacy upstream: the features file may leave out upstreams', async (t) => {
  const legacy = await startUpstream(t, 'legacy');
  const proxy = await startRunningProxy(t, { features } as unknown as FeatureTableInput, TOKEN, { legacyUrl: legacy.url });
  const res = await fetch(`${proxy.url}/api/products`);
  t.equal(res.headers.get('x-upstream'), 'legacy');
  t.equal(legacy.seen.length, 1);
});

t.test("LEGACY_URL wins over the file's upstreams.legacy", async (t) => {
  const legacy = await startUpstream(t, 'legacy');
  const stale = await startUpstream(t, 'stale');
  const proxy = await startRunningProxy(t, { upstreams: { legacy: { urls: [stale.url] } }, features }, TOKEN, { legacyUrl: legacy.url });
  const res = await fetch(`${proxy.url}/api/products`);
  t.equal(res.headers.get('x-upstream'), 'legacy');
  t.equal(stale.seen.length, 0);
});

t.test('without LEGACY_URL the file must still name the legacy upstream', async (t) => {
  await t.rejects(startRunningProxy(t, { features } as unknown as FeatureTableInput, TOKEN), { code: 'PEEL_PROXY_FEATURES_FILE_INVALID' });
});

t.test('LEGACY_URL is read from the environment and a bad one is named', async (t) => {
  t.equal(loadProxyConfig({ PEEL_FEATURES_FILE: 'f.json', LEGACY_URL: 'http://monolith:3000' }).legacyUrl, 'http://monolith:3000');
  t.equal(loadProxyConfig({ PEEL_FEATURES_FILE: 'f.json' }).legacyUrl, undefined);
  t.throws(() => loadProxyConfig({ PEEL_FEATURES_FILE: 'f.json', LEGACY_URL: 'monolith:3000' }), {
    code: 'PEEL_CONFIG_INVALID',
    message: /LEGACY_URL \(legacyUrl\): expected an http:\/\/ or https:\/\/ URL/,
  });
});
