import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireCaller } from '../../platform/auth/authenticate.ts';
import type { Deps } from '../../platform/context.ts';
import { callBodySchema, callResultSchema, callsPageSchema, callsQuerySchema } from './calls.schemas.ts';
import * as calls from './calls.service.ts';

export const callsRoutes = (deps: Deps): FastifyPluginAsyncZod => async (app) => {
  app.post('/api/me/commissioner-calls', { schema: { tags: ['h5', 'requests'], summary: '一键呼叫专员：返回本小区专员的姓名和电话，并通知专员', body: callBodySchema, response: { 200: callResultSchema } } }, async (req) =>
    calls.callMyCommissioner(deps, requireCaller(req), req.body.compoundId),
  );
  app.get('/api/commissioner-calls', { schema: { tags: ['requests'], summary: '居民呼叫专员的记录（专员及以上，按管辖范围）', querystring: callsQuerySchema, response: { 200: callsPageSchema } } }, async (req) =>
    calls.listCalls(deps, requireCaller(req), req.query),
  );
};
