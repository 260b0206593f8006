import t from 'tap';
import type { AdapterStatus, ServiceReadiness } from '#contracts';
import { waitFor } from '#lib';
import { startNotifications } from '#notifications';
import { useAdapterStatusServer } from '#test-support';
import { eventOf, quiet, useNotifications } from './helpers.ts';

const adapterAt = (lastSequence: number): AdapterStatus => ({
  ready: true,
  reasons: [],
  capture: { lastSequence, lastEventTime: '2026-11-26T10:01:00.000Z', lagMs: 2 },
  relay: { lastPublishedSequence: lastSequence - 1, lagEvents: 1, lagMs: 15, blocked: false },
});

async function readiness(url: string): Promise<{ status: number; body: ServiceReadiness }> {
  const res = await fetch(`${url}/readyz`);
  return { status: res.status, body: (await res.json()) as ServiceReadiness };
}

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1]);
}

t.test('/readyz and /metrics report the lag against the adapter; every event counts, notified or not; a restart starts from the store', async (t) => {
  const status: { current: AdapterStatus | undefined } = { current: adapterAt(42) };
  const adapterStatusUrl = await useAdapterStatusServer(t, status);
  const f = await useNotifications(t, { config: { adapterStatusUrl, adapterStatusIntervalMs: 100 } });

  f.publish(eventOf('shop.user.registered.v1', 39));
  // A payment calls for no notification, and still moves the service on.
  f.publish(eventOf('shop.order.status-changed.v1', 40, { previousStatus: 'placed', status: 'paid' }));
  const ready = await waitFor('both events processed and the relay lag reported', async () => {
    const res = await readiness(f.service.url);
    return res.body.lag?.lastAppliedSequence === 40 && res.body.lag.ms !== null && res;
  });
  t.same(ready, {
    status: 200,
    body: { service: 'notifications', ready: true, reasons: [], lag: { ms: 15, sequence: 1, lastAppliedSequence: 40, lastAppliedTime: '2026-11-26T10:00:40.000Z' } },
  });
  t.equal(await metric(f.service.url, 'peel_notifications_sync_lag_ms'), 15);
  t.equal(await metric(f.service.url, 'peel_notifications_last_applied_sequence'), 40);

  status.current = undefined;
  await waitFor('the lag unknown once the adapter status fails', async () => (await readiness(f.service.url)).body.lag?.ms === null);
  t.ok(Number.isNaN(await metric(f.service.url, 'peel_notifications_sync_lag_ms')), 'unknown lag is NaN, not 0');

  await f.service.close();
  const again = await startNotifications(f.config, { sender: f.sender, logger: quiet });
  t.teardown(() => again.close());
  t.match((await readiness(again.url)).body.lag, { lastAppliedSequence: 39, lastAppliedTime: '2026-11-26T10:00:39.000Z' }, 'after a restart: the newest event that left a record');
});
