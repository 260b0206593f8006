import { FeatureTable, type FeatureTableInput } from '#contracts';

/** A small table shared by the control-plane tests: legacy, catalog and reviews upstreams, three features. */
export const SAMPLE_TABLE_INPUT: FeatureTableInput = {
  upstreams: {
    legacy: { urls: ['http://127.0.0.1:3000'] },
    catalog: { urls: ['http://127.0.0.1:4001'] },
    reviews: { urls: ['http://127.0.0.1:4002'] },
  },
  features: [
    { name: 'products-read', match: { methods: ['GET'], paths: ['/api/products', '/api/products/:id'] } },
    { name: 'products-write', match: { methods: ['POST', 'PUT'], paths: ['/api/products/:id'] }, owner: 'catalog', mode: 'service' },
    { name: 'reviews', match: { methods: ['GET'], paths: ['/api/reviews/*'] } },
  ],
};

export function sampleTable(change: (input: FeatureTableInput) => FeatureTableInput = (i) => i): FeatureTable {
  return FeatureTable.parse(change(structuredClone(SAMPLE_TABLE_INPUT)));
}
