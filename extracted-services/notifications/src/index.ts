export { startNotifications, NOTIFICATION_BINDINGS, type RunningNotifications, type NotificationsDeps } from './start.ts';
export { loadNotificationsConfig } from './config.ts';
export { runNotifications } from './main.ts';
export { buildNotificationsApp, type NotificationsAppDeps } from './app.ts';
export { composeNotification, formatMoney, type NotificationDraft, type Contact } from './compose.ts';
export { createLogSender } from './log-sender.ts';
export { createSmtpSender } from './smtp-sender.ts';
export type { NotificationSender } from './sender.ts';
export { notificationsErrors } from './errors.ts';
