import t from 'tap';
import type { AdapterStatus } from '#contracts';
import { waitFor } from '#lib';
import { useAdapterStatusServer } from '#test-support';
import { productEvent, productState, useCatalog } from './helpers.ts';

t.test('/readyz and /metrics report the lag against the adapter, and unknown when it cannot be read', async (t) => {
  const status: { current: AdapterStatus | undefined } = {
    current: {
      ready: true,
      reasons: [],
      capture: { lastSequence: 42, lastEventTime: '2026-11-26T10:01:00.000Z', lagMs: 2 },
      relay: { lastPublishedSequence: 41, lagEvents: 1, lagMs: 15, blocked: false },
    },
  };
  const adapterStatusUrl = await useAdapterStatusServer(t, status);
  const f = await useCatalog(t, { adapterStatusUrl, adapterStatusIntervalMs: 100 });
  f.publish(productEvent('shop.product.created.v1', productState('6745a1f0c2b3d4e5f6a7c101'), 40));

  // Applied and the queue drained: as current as the relay itself.
  const ready = await waitFor('the event applied and the relay lag reported', async () => {
    const res = await f.get('/readyz');
    return (res.body as { lag?: { lastAppliedSequence: number | null } }).lag?.lastAppliedSequence === 40 && res;
  });
  t.same(ready, {
    status: 200,
    body: {
      service: 'catalog',
      ready: true,
      reasons: [],
      lag: { ms: 15, sequence: 1, lastAppliedSequence: 40, lastAppliedTime: '2026-11-26T10:00:40.000Z' },
    },
  });
  t.equal(await f.metric('peel_catalog_sync_lag_ms'), 15);
  t.equal(await f.metric('peel_catalog_sync_lag_events'), 1);
  t.equal(await f.metric('peel_catalog_last_applied_sequence'), 40);

  status.current = undefined;
  await waitFor('the lag unknown once the adapter status fails', async () => {
    const res = await f.get('/readyz');
    return (res.body as { lag: { ms: number | null } }).lag.ms === null && res.status === 200;
  });
  t.ok(Number.isNaN(await f.metric('peel_catalog_sync_lag_ms')), 'unknown lag is NaN, not 0');
});
