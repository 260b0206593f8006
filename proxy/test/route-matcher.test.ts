import t from 'tap';
import { Feature, type FeatureInput } from '#contracts';
import { compileMatcher } from '#proxy/routing/route-matcher';

function feature(name: string, paths: string[], extra: Partial<FeatureInput> = {}): Feature {
  return Feature.parse({ name, match: { methods: ['GET'], paths }, ...extra });
}

const features = [
  feature('products-list', ['/api/products']),
  feature('product-by-id', ['/api/products/:id']),
  feature('product-featured', ['/api/products/featured']),
  feature('api-catch-all', ['/api/*']),
  feature('reviews', ['/api/products/:id/reviews'], { match: { methods: ['GET'], paths: ['/api/products/:id/reviews'], children: true } }),
  feature('orders-write', ['/api/orders'], { match: { methods: ['POST', 'PUT'], paths: ['/api/orders', '/api/orders/:id'] } }),
  feature('users-low', ['/api/users/:id']),
  feature('users-high', ['/api/users/:id'], { priority: 5 }),
  feature('users-me', ['/api/users/me'], { priority: -10 }),
  feature('root', ['/']),
  feature('static', ['/static/*']),
  feature('static-logo', ['/static/logo.png']),
];
const matcher = compileMatcher(features);

t.test('the most specific template wins', async (t) => {
  const cases: Array<[string, string, string | undefined, string | undefined]> = [
    // method, path, feature, route
    ['GET', '/api/products', 'products-list', '/api/products'],
    ['GET', '/api/products/', 'products-list', '/api/products'],
    ['HEAD', '/api/products', 'products-list', '/api/products'],
    ['GET', '/api/products/42', 'product-by-id', '/api/products/:id'],
    ['GET', '/api/products/featured', 'product-featured', '/api/products/featured'],
    ['GET', '/api/products/42/reviews', 'reviews', '/api/products/:id/reviews'],
    ['GET', '/api/products/42/reviews/7', 'reviews', '/api/products/:id/reviews'],
    ['GET', '/api/products/42/photos', 'api-catch-all', '/api/*'],
    ['GET', '/api/anything/else', 'api-catch-all', '/api/*'],
    ['GET', '/api', undefined, undefined],
    ['POST', '/api/products', undefined, undefined],
    ['POST', '/api/orders', 'orders-write', '/api/orders'],
    ['PUT', '/api/orders/9', 'orders-write', '/api/orders/:id'],
    ['GET', '/api/orders/9', 'api-catch-all', '/api/*'],
    ['DELETE', '/api/orders/9', undefined, undefined],
    ['GET', '/api/users/7', 'users-high', '/api/users/:id'],
    ['GET', '/api/users/me', 'users-me', '/api/users/me'],
    ['GET', '/', 'root', '/'],
    ['GET', '/static/logo.png', 'static-logo', '/static/logo.png'],
    ['GET', '/static/css/site.css', 'static', '/static/*'],
    ['GET', '/static', undefined, undefined],
    ['GET', '/API/products', undefined, undefined],
    ['GET', '/elsewhere', undefined, undefined],
  ];
  for (const [method, path, name, route] of cases) {
    const match = matcher.match(method, path);
    t.equal(match?.feature.name, name, `${method} ${path} → ${name ?? 'legacy default'}`);
    t.equal(match?.route, route, `${method} ${path} route`);
  }
});

t.test('equal templates: priority, then table order', async (t) => {
  const tie = compileMatcher([feature('first', ['/x/:id']), feature('second', ['/x/:id'])]);
  t.equal(tie.match('GET', '/x/1')?.feature.name, 'first');
  const ranked = compileMatcher([feature('first', ['/x/:id']), feature('second', ['/x/:id'], { priority: 1 })]);
  t.equal(ranked.match('GET', '/x/1')?.feature.name, 'second');
});

t.test('a static dead end backtracks to a parameter branch', async (t) => {
  const m = compileMatcher([feature('a', ['/x/special/list']), feature('b', ['/x/:id/detail'])]);
  t.equal(m.match('GET', '/x/special/detail')?.feature.name, 'b');
  t.equal(m.match('GET', '/x/special/list')?.feature.name, 'a');
});
