import t from 'tap';
import { CoalescingWriter } from '#adapter/util/coalescing-writer';
import { realTimers, type Timers } from '#adapter/util/timers';

t.test('checkpoint writes: newest value only, one at a time, spaced by the interval, flushed on close', async (t) => {
  let clock = 0;
  const sleeps: number[] = [];
  const timers: Timers = { ...realTimers, sleep: async (ms) => void (sleeps.push(ms), (clock += ms)) };
  const written: number[] = [];
  let release: (() => void) | undefined;
  const writer = new CoalescingWriter<number>(
    (value) => {
      written.push(value);
      return new Promise<void>((resolve) => (release = resolve));
    },
    { minIntervalMs: 100, timers, now: () => clock, onError: () => undefined },
  );
  writer.set(1);
  writer.set(2);
  writer.set(3);
  await Promise.resolve();
  t.same(written, [1], 'the first write starts at once');
  release?.();
  const flushed = writer.flush();
  await new Promise((resolve) => setImmediate(resolve));
  t.same(written, [1, 3], 'values set meanwhile collapse to the newest');
  t.same(sleeps, [100], 'the next write waits for the interval');
  release?.();
  await flushed;
  writer.set(4);
  await new Promise((resolve) => setImmediate(resolve));
  release?.();
  await writer.flush();
  t.same(written, [1, 3, 4]);
});

t.test('a failed write is reported and the next value is still written', async (t) => {
  const errors: unknown[] = [];
  const written: number[] = [];
  const writer = new CoalescingWriter<number>(
    async (value) => {
      if (value === 1) throw new Error('down');
      written.push(value);
    },
    { minIntervalMs: 0, timers: realTimers, now: Date.now, onError: (err) => errors.push(err) },
  );
  writer.set(1);
  await writer.flush();
  writer.set(2);
  await writer.flush();
  t.equal(errors.length, 1);
  t.same(written, [2]);
});
