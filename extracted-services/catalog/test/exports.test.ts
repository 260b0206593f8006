import t from 'tap';
import * as catalog from '#catalog';

t.test('the public surface of #catalog is exactly this', async (t) => {
  t.same(Object.keys(catalog).sort(), [
    'CATALOG_BINDINGS',
    'buildCatalogApp',
    'catalogErrors',
    'isProductEvent',
    'loadCatalogConfig',
    'productChangeOf',
    'runCatalog',
    'startCatalog',
  ]);
});
