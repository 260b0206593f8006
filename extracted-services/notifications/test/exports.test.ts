import t from 'tap';
import * as notifications from '#notifications';

t.test('the public surface of #notifications is exactly this', async (t) => {
  t.same(Object.keys(notifications).sort(), [
    'NOTIFICATION_BINDINGS',
    'buildNotificationsApp',
    'composeNotification',
    'createLogSender',
    'createSmtpSender',
    'formatMoney',
    'loadNotificationsConfig',
    'notificationsErrors',
    'runNotifications',
    'startNotifications',
  ]);
});
