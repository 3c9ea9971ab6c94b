import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireCaller } from '../../platform/auth/authenticate.ts';
import type { Deps } from '../../platform/context.ts';
import { auditPageSchema, auditQuerySchema } from './audit.schemas.ts';
import { viewAudit } from './audit.service.ts';

export const auditRoutes = (deps: Deps): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/audit', { schema: { tags: ['audit'], summary: '审计日志（审计管理员）', querystring: auditQuerySchema, response: { 200: auditPageSchema } } }, async (req) =>
    viewAudit(deps, requireCaller(req), req.query),
  );
};
