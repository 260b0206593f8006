import type { PeelEvent } from '#contracts';
import type { Logger } from '#lib';
import type { HandlerContext, SyncPosition } from '#runtime';
import { composeNotification, type Contact } from './compose.ts';
import { notificationsErrors } from './errors.ts';
import type { NotificationsMetrics } from './metrics.ts';
import type { NotificationSender } from './sender.ts';
import type { NotificationStore } from './store.ts';

export interface HandlerDeps {
  store: NotificationStore;
  sender: NotificationSender;
  metrics: NotificationsMetrics;
  logger: Logger;
  /** Advanced by every event processed, notified or not, for the sync lag. */
  position?: SyncPosition;
  now?: () => Date;
}

/** How long a handler may take to send before another may try; longer than any sane SMTP exchange. */
export const SEND_CLAIM_MS = 60_000;

/**
 * Turns one event into at most one sent notification. Redelivery is safe: the record is
 * keyed by event id, only a record still `pending` (the send failed or the process died
 * before marking it) is sent again, and a claim keeps two copies of one event handled at
 * the same time from both sending. A failed send rejects, so the runtime retries later.
 */
export function createNotificationHandler(deps: HandlerDeps): (event: PeelEvent, context?: Pick<HandlerContext, 'logger'>) => Promise<void> {
  const now = deps.now ?? (() => new Date());
  return async (event, context) => {
    // The runtime's logger for this message names its id and correlation id.
    await handle(context ? { ...deps, logger: context.logger } : deps, event, now);
    deps.position?.advance(event.sequence, new Date(event.time));
  };
}

async function handle(deps: HandlerDeps, event: PeelEvent, now: () => Date): Promise<void> {
  if (event.type === 'shop.user.snapshot-completed.v1') {
    const { runId, startSequence } = event.data;
    const dropped = await deps.store.dropContactsNotSnapshotted(startSequence);
    deps.logger.info({ eventType: event.type, runId, startSequence, dropped }, 'user snapshot completed: addresses of users it did not send dropped');
    return;
  }
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
  await sendOnce(deps, notification.id, now);
  deps.metrics.sent.inc({ kind: draft.kind, sender: deps.sender.name });
  deps.logger.debug({ eventType: event.type, notificationId: notification.id, kind: draft.kind }, 'notification recorded');
}

/** Claims, sends, marks sent; a failed send gives the claim back for the runtime's retry. */
async function sendOnce(deps: HandlerDeps, id: string, now: () => Date): Promise<void> {
  const at = now();
  const claimed = await deps.store.claim(id, at, new Date(at.getTime() + SEND_CLAIM_MS));
  if (!claimed) {
    // The same event is being handled right now (a duplicate publish): try again later,
    // when it is either sent (then this is a no-op) or its claim has expired.
    deps.metrics.sendConflicts.inc();
    throw notificationsErrors.sendInProgress({ notificationId: id });
  }
  try {
    await deps.sender.send(claimed);
  } catch (err) {
    await deps.store.release(id);
    throw err;
  }
  await deps.store.markSent(id, now());
}

/** User events carry the address (and are remembered for later orders); order events look it up. */
async function contactFor(event: PeelEvent, store: NotificationStore): Promise<Contact | undefined> {
  switch (event.type) {
    case 'shop.user.registered.v1':
    case 'shop.user.snapshot.v1': {
      const contact = { email: event.data.email, name: event.data.name };
      await store.saveContact(event.data.userId, contact, event.sequence, new Date(event.time));
      return contact;
    }
    case 'shop.order.placed.v1':
    case 'shop.order.status-changed.v1':
      return store.contactOf(event.data.userId);
    default:
      return undefined;
  }
}
