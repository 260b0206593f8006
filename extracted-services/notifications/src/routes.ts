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

/** Names the offending field, including an unknown key (`userid` instead of `userId`). */
function queryIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue, i) => {
    if (issue.code !== 'unrecognized_keys') return describeIssues(error)[i] as FieldIssue;
    return { path: issue.keys.join(', '), expected: 'userId or limit', message: 'unknown parameter; expected userId and limit only' };
  });
}
