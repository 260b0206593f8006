import t from 'tap';
import { FeatureTable } from '#contracts';

const upstreams = { legacy: { urls: ['http://127.0.0.1:3000'] }, catalog: { urls: ['http://127.0.0.1:4001'] } };
const feature = { name: 'products-read', match: { methods: ['GET'], paths: ['/api/products', '/api/products/:id'] } };

t.test('a feature gets safe defaults', async (t) => {
  const table = FeatureTable.parse({ upstreams, features: [feature] });
  const [f] = table.features;
  t.match(f, { owner: 'legacy', mode: 'legacy', percent: 0, fallback: 'legacy', priority: 0, sticky: { kind: 'client-address' } });
  t.equal(table.upstreams.legacy?.connectTimeoutMs, 2000);
});

t.test('invalid tables name the field', async (t) => {
  const cases: Array<[string, unknown, string]> = [
    ['no legacy upstream', { upstreams: { catalog: upstreams.catalog }, features: [] }, 'upstreams.legacy'],
    ['owner without upstream', { upstreams, features: [{ ...feature, owner: 'billing', mode: 'service' }] }, 'features[0].owner'],
    ['service mode owned by legacy', { upstreams, features: [{ ...feature, mode: 'service' }] }, 'features[0].owner'],
    ['percent over 100', { upstreams, features: [{ ...feature, owner: 'catalog', mode: 'canary', percent: 120 }] }, 'features[0].percent'],
    ['bad template', { upstreams, features: [{ ...feature, match: { methods: ['GET'], paths: ['/api/../admin'] } }] }, 'features[0].match.paths[0]'],
    ['bad method', { upstreams, features: [{ ...feature, match: { methods: ['FETCH'], paths: ['/x'] } }] }, 'features[0].match.methods[0]'],
    ['duplicate name', { upstreams, features: [feature, feature] }, 'features[1].name'],
    ['bad url', { upstreams: { legacy: { urls: ['ftp://x'] } }, features: [] }, 'upstreams.legacy.urls[0]'],
  ];
  for (const [name, input, path] of cases) {
    const result = FeatureTable.safeParse(input);
    t.equal(result.success, false, name);
    if (!result.success) {
      const paths = result.error.issues.map((i) => i.path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('').replace(/^\./, ''));
      t.ok(paths.includes(path), `${name}: names ${path} (got ${paths.join(', ')})`);
    }
  }
});
