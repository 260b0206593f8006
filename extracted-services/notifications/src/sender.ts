import type { NotificationResponse } from '#contracts';

/**
 * Delivers one notification. Resolving means the message was accepted; rejecting makes
 * the consumer retry the event later, so a send must be safe to repeat.
 */
export interface NotificationSender {
  readonly name: string;
  send(notification: NotificationResponse): Promise<void>;
  close?(): Promise<void>;
}
