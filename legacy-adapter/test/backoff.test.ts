import t from 'tap';
import { backoffDelayMs } from '#adapter/util/backoff';

const policy = { initialMs: 100, maxMs: 2_000 };

t.test('the ceiling doubles per attempt up to the maximum', async (t) => {
  t.same([0, 1, 2, 3, 4, 5, 20].map((a) => backoffDelayMs(a, policy, () => 1)), [100, 200, 400, 800, 1600, 2000, 2000]);
});

t.test('jitter draws from the upper half of the ceiling', async (t) => {
  t.equal(backoffDelayMs(3, policy, () => 0), 400);
  t.equal(backoffDelayMs(3, policy, () => 0.5), 600);
  for (let i = 0; i < 100; i++) {
    const d = backoffDelayMs(2, policy);
    t.ok(d >= 200 && d <= 400, `${d} within [200, 400]`);
  }
});
