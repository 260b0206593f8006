import t from 'tap';
import { createProgressGate } from '../progress-gate.ts';

t.test('progress shows every so many events or every so often, and at the end', async (t) => {
  let clock = 0;
  const show = createProgressGate({ everyEvents: 100, everyMs: 1_000, now: () => clock });
  t.notOk(show(1, 500), 'not at once');
  t.ok(show(100, 500), 'after 100 events');
  t.notOk(show(150, 500));
  clock = 999;
  t.notOk(show(151, 500));
  clock = 1_000;
  t.ok(show(152, 500), 'after a second, however few');
  clock = 5_000;
  t.notOk(show(152, 500), 'but not without anything new');
  t.ok(show(500, 500), 'the end, always');
});
