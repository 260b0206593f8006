import t from 'tap';
import { waitFor } from '#lib';

t.test('waitFor resolves with the first truthy value of check', async (t) => {
  let calls = 0;
  t.equal(await waitFor('the third call', () => (++calls === 3 ? 'done' : undefined), { intervalMs: 1 }), 'done');
  t.equal(calls, 3);
});

t.test('waitFor fails with PEEL_LIB_WAIT_TIMEOUT at the deadline, carrying the last error', async (t) => {
  const cause = new Error('not yet');
  await t.rejects(
    waitFor('never', () => {
      throw cause;
    }, { timeoutMs: 30, intervalMs: 5 }),
    { code: 'PEEL_LIB_WAIT_TIMEOUT', cause },
  );
});

t.test('waitFor stops with the signal’s reason once it aborts, between checks or before the first', async (t) => {
  const controller = new AbortController();
  let calls = 0;
  const waiting = waitFor('forever', () => {
    calls += 1;
    if (calls === 2) controller.abort(new Error('stop'));
    return false;
  }, { timeoutMs: 60_000, intervalMs: 1, signal: controller.signal });
  await t.rejects(waiting, { message: 'stop' });
  t.equal(calls, 2);
  await t.rejects(waitFor('anything', () => true, { signal: controller.signal }), { message: 'stop' }, 'already aborted: check is not called');
});
