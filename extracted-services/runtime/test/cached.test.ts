import t from 'tap';
import { cachedFor } from '#runtime/sync-lag/cached';

t.test('a result is reused within its ttl, recomputed after, and a failure is not kept', async (t) => {
  let now = 1_000;
  let calls = 0;
  let fail = false;
  const get = cachedFor(
    100,
    async () => {
      calls += 1;
      if (fail) throw new Error('broker away');
      return calls;
    },
    () => now,
  );
  t.equal(await get(), 1);
  now += 99;
  t.equal(await get(), 1, 'within the ttl');
  now += 1;
  t.equal(await get(), 2, 'recomputed at the ttl');
  now += 100;
  fail = true;
  await t.rejects(get());
  fail = false;
  t.equal(await get(), 4, 'the failure was not cached');
});
