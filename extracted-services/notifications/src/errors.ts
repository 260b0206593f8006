import { defineError, type FieldIssue } from '#lib';
import { issuesToText } from '#lib/zod-issues';

export const notificationsErrors = {
  mongoUnreachable: defineError<{ url: string; reason: string }>(
    'PEEL_NOTIFICATIONS_MONGO_UNREACHABLE',
    undefined,
    (d) => `cannot connect to MongoDB at ${d.url}: ${d.reason}`,
  ),
  invalidQuery: defineError<{ issues: FieldIssue[] }>(
    'PEEL_NOTIFICATIONS_INVALID_QUERY',
    400,
    (d) => `invalid query: ${issuesToText(d.issues)}`,
  ),
  notFound: defineError<{ method: string; url: string }>('PEEL_NOTIFICATIONS_NOT_FOUND', 404, (d) => `no route ${d.method} ${d.url}`),
  badRequest: defineError<{ reason: string }>('PEEL_NOTIFICATIONS_BAD_REQUEST', 400, (d) => d.reason),
  noAddress: defineError<{ notificationId: string; userId: string }>(
    'PEEL_NOTIFICATIONS_NO_ADDRESS',
    undefined,
    (d) => `notification ${d.notificationId} has no address: user ${d.userId} has not been seen registering`,
  ),
  sendInProgress: defineError<{ notificationId: string }>(
    'PEEL_NOTIFICATIONS_SEND_IN_PROGRESS',
    undefined,
    (d) => `notification ${d.notificationId} is being sent by another delivery of the same event; retried later`,
  ),
  internal: defineError<void>('PEEL_NOTIFICATIONS_INTERNAL', 500, () => 'internal error; see the service log'),
};
