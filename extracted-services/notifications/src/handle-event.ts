import type { PeelEvent } from '#contracts';
import type { Logger } from '#lib';
import { composeNotification, type Contact } from './compose.ts';
import type { NotificationsMetrics } from './metrics.ts';
import type { NotificationSender } from './sender.ts';
import type { NotificationStore } from './store.ts';

export interface HandlerDeps {
  store: NotificationStore;
  sender: NotificationSender;
  metrics: NotificationsMetrics;
  logger: Logger;
  now?: () => Date;
}

/**
 * Turns one event into at most one sent notification. Redelivery is safe: the record is
 * keyed by event id, and only a record still `pending` (the send failed or the process died
 * before marking it) is sent again. A failed send rejects, so the runtime retries later.
 */
export function createNotificationHandler(deps: HandlerDeps): (event: PeelEvent) => Promise<void> {
  const now = deps.now ?? (() => new Date());
  return async (event) => {
    const contact = await contactFor(event, deps.store);
    const draft = composeNotification(event, contact);
    if (!draft) {
      deps.metrics.eventsIgnored.inc({ eventType: event.type });
      return;
    }
    const { notification, created } = await deps.store.record(event, draft, contact?.email ?? null);
    if (notification.status === 'sent') {
      deps.metrics.duplicates.inc();
      return;
    }
    if (created) deps.metrics.created.inc({ kind: draft.kind });
    await deps.sender.send(notification);
    await deps.store.markSent(notification.id, now());
    deps.metrics.sent.inc({ kind: draft.kind, sender: deps.sender.name });
    deps.logger.debug({ eventType: event.type, notificationId: notification.id, kind: draft.kind }, 'notification recorded');
  };
}

/** User events carry the address (and are remembered for later orders); order events look it up. */
async function contactFor(event: PeelEvent, store: NotificationStore): Promise<Contact | undefined> {
  switch (event.type) {
    case 'shop.user.registered.v1':
    case 'shop.user.snapshot.v1': {
      const contact = { email: event.data.email, name: event.data.name };
      await store.saveContact(event.data.userId, contact, event.sequence);
      return contact;
    }
    case 'shop.order.placed.v1':
    case 'shop.order.status-changed.v1':
      return store.contactOf(event.data.userId);
    default:
      return undefined;
  }
}
