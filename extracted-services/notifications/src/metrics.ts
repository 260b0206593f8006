import { Counter, Registry, collectDefaultMetrics } from 'prom-client';
import type { SyncLag } from '#contracts';
import { registerSyncLagGauges } from '#runtime';

export interface NotificationsMetrics {
  registry: Registry;
  created: Counter<'kind'>;
  sent: Counter<'kind' | 'sender'>;
  duplicates: Counter;
  sendConflicts: Counter;
  eventsIgnored: Counter<'eventType'>;
}

/** A registry per service instance, so two services in one process never share counters; the sync lag is read from `lag()` at scrape time. */
export function createNotificationsMetrics(lag: () => Promise<SyncLag>): NotificationsMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  registerSyncLagGauges(registry, 'notifications', lag);
  return {
    registry,
    created: new Counter({ name: 'peel_notifications_created_total', help: 'Notifications recorded, by kind', labelNames: ['kind'], registers: [registry] }),
    sent: new Counter({ name: 'peel_notifications_sent_total', help: 'Notifications the sender accepted', labelNames: ['kind', 'sender'], registers: [registry] }),
    duplicates: new Counter({ name: 'peel_notifications_duplicate_events_total', help: 'Redelivered events whose notification was already sent', registers: [registry] }),
    sendConflicts: new Counter({
      name: 'peel_notifications_send_conflicts_total',
      help: 'Deliveries that found the same notification being sent by another delivery (retried later)',
      registers: [registry],
    }),
    eventsIgnored: new Counter({ name: 'peel_notifications_events_ignored_total', help: 'Events that call for no notification', labelNames: ['eventType'], registers: [registry] }),
  };
}
