import type { Logger } from '#lib';
import type { NotificationSender } from './sender.ts';

/** The default sender: one info line per notification, so the demo shows what would be mailed. */
export function createLogSender(logger: Logger): NotificationSender {
  return {
    name: 'log',
    async send(notification) {
      logger.info(
        { notificationId: notification.id, kind: notification.kind, userId: notification.userId, to: notification.to, subject: notification.subject },
        'notification sent',
      );
    },
  };
}
