import t from 'tap';
import { backoffDelayMs } from '#runtime';

t.test('reconnect delays double from the initial delay up to the maximum', async (t) => {
  const top = () => 1;
  t.same(
    [1, 2, 3, 4, 5, 6, 7].map((attempt) => backoffDelayMs(attempt, 200, 5_000, top)),
    [200, 400, 800, 1_600, 3_200, 5_000, 5_000],
  );
});

t.test('jitter keeps at least half of the delay and spreads the rest', async (t) => {
  t.equal(backoffDelayMs(3, 200, 10_000, () => 0), 400, 'never less than half: no reconnect storm at 0 ms');
  t.equal(backoffDelayMs(3, 200, 10_000, () => 0.5), 600);
  const spread = new Set(Array.from({ length: 50 }, () => backoffDelayMs(4, 100, 10_000)));
  t.ok(spread.size > 10, `Math.random jitter spreads consumers out (${spread.size} distinct delays)`);
  t.ok([...spread].every((d) => d >= 400 && d <= 800));
});
