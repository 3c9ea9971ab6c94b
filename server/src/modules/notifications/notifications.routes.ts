import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireCaller } from '../../platform/auth/authenticate.ts';
import type { Deps } from '../../platform/context.ts';
import type { LiveHub } from '../../platform/live.ts';
import { openEventStream } from './event-stream.ts';
import { listQuerySchema, notificationIdParams, notificationPageSchema, notificationSchema, streamHeaders } from './notifications.schemas.ts';
import * as notifications from './notifications.service.ts';

export const notificationsRoutes = (deps: Deps, live: LiveHub): FastifyPluginAsyncZod => async (app) => {
  const tags = ['notifications'];
  app.get('/api/notifications', { schema: { tags, summary: '我的通知（新的在前，按 cursor 翻页）', querystring: listQuerySchema, response: { 200: notificationPageSchema } } }, async (req) =>
    notifications.listMine(deps, requireCaller(req), req.query),
  );
  app.post('/api/notifications/:id/read', { schema: { tags, summary: '标记一条通知为已读', params: notificationIdParams, response: { 200: notificationSchema } } }, async (req) =>
    notifications.markRead(deps, requireCaller(req), req.params.id),
  );
  app.post('/api/notifications/read-all', { schema: { tags, summary: '全部标记为已读', response: { 200: z.object({ updated: z.number().int() }) } } }, async (req) =>
    notifications.markAllRead(deps, requireCaller(req)),
  );
  app.get(
    '/api/events/stream',
    {
      schema: {
        tags,
        summary: '实时通知（Server-Sent Events，text/event-stream）：event: notification，id 为通知 id；每 20 秒一条心跳注释；断线重连带 Last-Event-ID 补发',
        headers: streamHeaders,
      },
    },
    async (req, reply) => {
      const caller = requireCaller(req);
      const last = req.headers['last-event-id'];
      openEventStream(deps, live, caller, req, reply, last === undefined ? undefined : Number(last));
    },
  );
};
