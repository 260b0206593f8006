import type { FeatureTableInput } from '#contracts';

export interface DemoUpstreams {
  legacy: string;
  catalog: string;
  notifications: string;
}

/**
 * The demo's starting feature table: every feature owned by legacy, with catalog and
 * notifications declared as upstreams ready to take over.
 */
export function demoFeatureTable(urls: DemoUpstreams): FeatureTableInput {
  return {
    upstreams: {
      legacy: { urls: [urls.legacy], connectTimeoutMs: 2_000, responseTimeoutMs: 15_000 },
      catalog: { urls: [urls.catalog], connectTimeoutMs: 1_000, responseTimeoutMs: 5_000, readyzUrl: `${urls.catalog}/readyz` },
      notifications: { urls: [urls.notifications], connectTimeoutMs: 1_000, responseTimeoutMs: 5_000, readyzUrl: `${urls.notifications}/readyz` },
    },
    features: [
      {
        name: 'products-read',
        description: 'Product listing and product pages',
        match: { methods: ['GET', 'HEAD'], paths: ['/api/products', '/api/products/:id'] },
        sticky: { kind: 'header', name: 'x-user-id' },
      },
      {
        name: 'products-write',
        description: 'Creating, changing and deleting products (stays on legacy)',
        match: { methods: ['POST', 'PUT', 'PATCH', 'DELETE'], paths: ['/api/products', '/api/products/:id'] },
      },
      {
        name: 'users',
        match: { methods: ['GET', 'POST'], paths: ['/api/users', '/api/users/:id'] },
      },
      {
        name: 'orders',
        match: { methods: ['GET', 'POST'], paths: ['/api/orders', '/api/orders/:id', '/api/orders/:id/status', '/api/users/:id/orders'] },
      },
      {
        name: 'notifications-read',
        description: 'A new endpoint: only the notifications service can serve it',
        match: { methods: ['GET'], paths: ['/api/notifications'] },
      },
    ],
  };
}
