import { z } from 'zod';
import { IsoDateTime, ObjectIdString } from '../common.ts';

export const NOTIFICATION_KINDS = ['welcome', 'order-confirmation', 'order-shipped', 'order-delivered', 'order-cancelled'] as const;
export const NotificationKind = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof NotificationKind>;

/** `pending` until the sender accepted it; a redelivered event re-sends only a pending one. */
export const NotificationStatus = z.enum(['pending', 'sent']);
export type NotificationStatus = z.infer<typeof NotificationStatus>;

/** One notification as the notifications service serves it. */
export const NotificationResponse = z
  .object({
    /** The id of the event that caused it: one notification per event at most. */
    id: z.string().min(1),
    userId: ObjectIdString,
    kind: NotificationKind,
    channel: z.literal('email'),
    /** The address, when the service has seen the user's registration; null otherwise. */
    to: z.string().nullable(),
    subject: z.string().min(1),
    body: z.string().min(1),
    orderId: ObjectIdString.nullable(),
    eventType: z.string().min(1),
    status: NotificationStatus,
    createdAt: IsoDateTime,
    sentAt: IsoDateTime.nullable(),
  })
  .strict();
export type NotificationResponse = z.infer<typeof NotificationResponse>;

/** `GET /api/notifications?userId=&limit=`: newest first. */
export const NotificationListQuery = z
  .object({
    userId: ObjectIdString,
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type NotificationListQuery = z.output<typeof NotificationListQuery>;

export const NotificationListResponse = z
  .object({
    userId: ObjectIdString,
    items: z.array(NotificationResponse),
  })
  .strict();
export type NotificationListResponse = z.infer<typeof NotificationListResponse>;
