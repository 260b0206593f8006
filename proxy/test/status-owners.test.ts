import t from 'tap';
import { UNMATCHED } from '#proxy/observe/progress-tracker';
import { ownersOf } from '#proxy/status-format';

t.test('features by owner count features only, not unmatched traffic', async (t) => {
  const owners = ownersOf([
    { feature: 'products-read', owner: 'catalog', mode: 'canary' },
    { feature: 'orders', owner: 'legacy', mode: 'legacy' },
    { feature: UNMATCHED, owner: 'legacy', mode: 'legacy' },
  ]);
  t.same(owners, { catalog: ['products-read'], legacy: ['orders'] });
});
