import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { NotificationListQuery, type NotificationListResponse } from '#contracts';
import { describeIssues, type FieldIssue } from '#lib';
import { notificationsErrors } from './errors.ts';
import type { NotificationStore } from './store.ts';

export function registerNotificationRoutes(app: FastifyInstance, store: NotificationStore): void {
  app.get('/api/notifications', async (request): Promise<NotificationListResponse> => {
    const parsed = NotificationListQuery.safeParse(request.query);
    if (!parsed.success) throw notificationsErrors.invalidQuery({ issues: queryIssues(parsed.error) });
    const { userId, limit } = parsed.data;
    return { userId, items: await store.listByUser(userId, limit) };
  });
}

/**
 * Names the offending field. An unknown key comes first: `userid=…` is a typo of
 * `userId`, and saying "userId is missing" alone would hide that.
 */
function queryIssues(error: z.ZodError): FieldIssue[] {
  const described = describeIssues(error);
  const unknown = error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: key, expected: 'userId or limit', message: 'unknown parameter; expected userId and limit only' }))
      : [],
  );
  return [...unknown, ...described.filter((_, i) => error.issues[i]?.code !== 'unrecognized_keys')];
}
