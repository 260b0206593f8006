import nodemailer from 'nodemailer';
import type { NotificationsConfig } from '#contracts';
import type { Logger } from '#lib';
import { notificationsErrors } from './errors.ts';
import type { NotificationSender } from './sender.ts';

type SmtpSettings = NonNullable<NotificationsConfig['smtp']>;

/**
 * Mails each notification as plain text. The Message-ID comes from the event id, so when
 * a crash between "mailed" and "marked sent" makes the service send again, mail systems
 * see the same message twice, not two messages.
 */
export function createSmtpSender(settings: SmtpSettings, logger: Logger): NotificationSender {
  const transport = nodemailer.createTransport(settings.url);
  return {
    name: 'smtp',
    async send(notification) {
      // Thrown, not skipped: the runtime retries later, by when the registration may have arrived.
      if (notification.to === null) throw notificationsErrors.noAddress({ notificationId: notification.id, userId: notification.userId });
      const info = await transport.sendMail({
        from: settings.from,
        to: notification.to,
        subject: notification.subject,
        text: notification.body,
        messageId: `<${notification.id.replace(/[^A-Za-z0-9.-]/g, '-')}@peel.notifications>`,
      });
      logger.info({ notificationId: notification.id, kind: notification.kind, smtpResponse: info.response }, 'notification mailed');
    },
    async close() {
      transport.close();
    },
  };
}
