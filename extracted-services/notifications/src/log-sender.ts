import type { Logger } from '#lib';
import { notificationsErrors } from './errors.ts';
import type { NotificationSender } from './sender.ts';

/**
 * The default sender: one info line per notification, so the demo shows what would be
 * mailed. Like the SMTP sender it refuses a notification with no address yet (the user's
 * registration may be handled a moment later), so the runtime retries it instead of
 * recording it sent to nobody.
 */
export function createLogSender(logger: Logger): NotificationSender {
  return {
    name: 'log',
    async send(notification) {
      if (notification.to === null) throw notificationsErrors.noAddress({ notificationId: notification.id, userId: notification.userId });
      logger.info(
        { notificationId: notification.id, kind: notification.kind, userId: notification.userId, to: notification.to, subject: notification.subject },
        'notification sent',
      );
    },
  };
}
