import t from 'tap';
import { Feature, type FeatureInput } from '#contracts';
import { decideOwner, type ForcedSide } from '#proxy/routing/owner-decision';
import { inCanary, stickyBucket } from '#proxy/routing/sticky-bucket';

const base = { name: 'products', match: { methods: ['GET'], paths: ['/api/products'] } } as const;
const f = (extra: Partial<FeatureInput>): Feature => Feature.parse({ ...base, ...extra });
const input = (forced?: ForcedSide, key = 'user-1') => ({ forced, stickyValue: () => key });

t.test('owner and reason for each mode', async (t) => {
  const cases: Array<[string, Feature | undefined, ForcedSide | undefined, string, string]> = [
    ['unmatched', undefined, undefined, 'legacy', 'default'],
    ['unmatched, forced service', undefined, 'service', 'legacy', 'default'],
    ['unmatched, forced legacy', undefined, 'legacy', 'legacy', 'override'],
    ['legacy mode', f({}), undefined, 'legacy', 'default'],
    ['legacy mode with a service owner', f({ owner: 'catalog', mode: 'legacy' }), undefined, 'legacy', 'default'],
    ['service mode', f({ owner: 'catalog', mode: 'service' }), undefined, 'catalog', 'toggle'],
    ['canary 100', f({ owner: 'catalog', mode: 'canary', percent: 100 }), undefined, 'catalog', 'canary'],
    ['canary 0', f({ owner: 'catalog', mode: 'canary', percent: 0 }), undefined, 'legacy', 'canary'],
    ['forced legacy on a service feature', f({ owner: 'catalog', mode: 'service' }), 'legacy', 'legacy', 'override'],
    ['forced service on a legacy-mode feature', f({ owner: 'catalog', mode: 'legacy' }), 'service', 'catalog', 'override'],
    ['forced service without a service owner', f({}), 'service', 'legacy', 'default'],
  ];
  for (const [name, feature, forced, owner, reason] of cases) {
    t.strictSame(decideOwner(feature, input(forced)), { owner, reason }, name);
  }
});

t.test('canary is sticky and raising the percent only moves users to the service', async (t) => {
  const users = Array.from({ length: 2_000 }, (_, i) => `user-${i}`);
  let previous = new Set<string>();
  for (const percent of [0, 1, 5, 10, 25, 50, 75, 99, 100]) {
    const feature = f({ owner: 'catalog', mode: 'canary', percent });
    const onService = new Set(users.filter((u) => decideOwner(feature, input(undefined, u)).owner === 'catalog'));
    const movedBack = [...previous].filter((u) => !onService.has(u));
    t.strictSame(movedBack, [], `nobody moves back to legacy at ${percent} %`);
    const share = onService.size / users.length;
    t.ok(Math.abs(share - percent / 100) < 0.04, `share ${share} close to ${percent} %`);
    previous = onService;
  }
  t.equal(previous.size, users.length);
});

t.test('buckets are spread evenly and depend on the feature', async (t) => {
  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < 10_000; i++) counts[Math.floor(stickyBucket('products', `10.0.${i >> 8}.${i & 255}`) / 1000)]! += 1;
  for (const c of counts) t.ok(c > 850 && c < 1150, `decile count ${c}`);
  const differ = Array.from({ length: 100 }, (_, i) => stickyBucket('a', `u${i}`) !== stickyBucket('b', `u${i}`)).filter(Boolean).length;
  t.ok(differ > 90, 'another feature splits users differently');
  t.equal(inCanary(0, 0), false);
  t.equal(inCanary(9_999, 100), true);
});
