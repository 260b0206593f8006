import t from 'tap';
import { waitFor } from '#lib';
import { productEvent, useRuntime } from './helpers.ts';

t.test('close() stops waiting for a stuck handler after shutdownTimeoutMs and hands its message back', async (t) => {
  const rt = await useRuntime(t);
  const started: string[] = [];
  const stuck = await rt.consumer({
    shutdownTimeoutMs: 300,
    handler: (e) => {
      started.push(e.id);
      return new Promise<void>(() => undefined);
    },
  });
  const event = productEvent(1);
  rt.publish(event);
  await waitFor('the handler is stuck on the event', () => started.includes(event.id));

  const begun = performance.now();
  let closedAfterMs: number | undefined;
  void stuck.close().then(() => (closedAfterMs = performance.now() - begun));
  await waitFor('close() resolved', () => closedAfterMs !== undefined, { timeoutMs: 5_000 });
  t.ok(closedAfterMs! >= 250 && closedAfterMs! < 3_000, `close() resolved after ${Math.round(closedAfterMs!)} ms, the bound is 300 ms`);

  const redelivered: Array<{ id: string; redelivered: boolean }> = [];
  await rt.consumer({ handler: async (e, ctx) => void redelivered.push({ id: e.id, redelivered: ctx.redelivered }) });
  await waitFor('a new consumer got the message', () => redelivered.length === 1);
  t.same(redelivered, [{ id: event.id, redelivered: true }], 'the abandoned message was handed back, not lost');
});

t.test('shutdownTimeoutMs is validated', async (t) => {
  const rt = await useRuntime(t);
  await t.rejects(rt.consumer({ shutdownTimeoutMs: -1, handler: async () => undefined }), { code: 'PEEL_CONFIG_INVALID', message: /shutdownTimeoutMs/ });
});
