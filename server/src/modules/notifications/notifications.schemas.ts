import { z } from 'zod';

export const listQuerySchema = z.object({
  unread: z.enum(['true', 'false']).optional().describe('true：只看未读'),
  cursor: z.coerce.number().int().positive().optional().describe('上一页返回的 nextCursor（按 id 倒序翻页）'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

export const notificationSchema = z.object({
  id: z.number().int(),
  kind: z.string().describe('如 request.raised、request.escalated、whistle、commissioner.called'),
  title: z.string(),
  body: z.string().nullable(),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type NotificationDto = z.infer<typeof notificationSchema>;

export const notificationPageSchema = z.object({
  items: z.array(notificationSchema),
  nextCursor: z.number().int().nullable().describe('还有更早的通知时，下一页的 cursor'),
  unreadCount: z.number().int(),
});

export const notificationIdParams = z.object({ id: z.coerce.number().int().positive() });

export const streamHeaders = z.object({
  'last-event-id': z.string().regex(/^\d{1,18}$/).optional().describe('断线重连时浏览器自动带上：先补发 id 更大的通知'),
});
