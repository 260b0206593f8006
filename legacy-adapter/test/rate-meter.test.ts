import t from 'tap';
import { RateMeter } from '#adapter/util/rate-meter';

t.test('a rate over the last window of samples', async (t) => {
  const meter = new RateMeter(10_000);
  t.equal(meter.perSecond(), 0, 'no samples');
  meter.sample(0, 0);
  t.equal(meter.perSecond(), 0, 'one sample');
  meter.sample(1_000, 100);
  t.equal(meter.perSecond(), 100);
  for (let s = 2; s <= 10; s++) meter.sample(s * 1_000, s * 100);
  t.equal(meter.perSecond(), 100, 'steady');
  for (let s = 11; s <= 20; s++) meter.sample(s * 1_000, 1_000);
  t.equal(meter.perSecond(), 0, 'nothing new for a whole window');
  meter.sample(25_000, 1_500);
  t.equal(meter.perSecond(), 50, 'a burst counts over the whole window (15 s → 25 s)');
});
