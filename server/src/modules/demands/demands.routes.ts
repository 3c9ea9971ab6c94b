import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireCaller } from '../../platform/auth/authenticate.ts';
import type { Deps } from '../../platform/context.ts';
import * as demands from './demands.service.ts';
import {
  assessBodySchema,
  convertBodySchema,
  createDemandBodySchema,
  demandIdParams,
  demandPageSchema,
  demandSchema,
  demandsQuerySchema,
  refreshBodySchema,
  refreshResultSchema,
} from './demands.schemas.ts';

/** 需求清单: needs from recurring requests, wishes, surveys and visits; assessed and turned into wishes, activities or projects. */
export const demandsRoutes = (deps: Deps): FastifyPluginAsyncZod => async (app) => {
  const tags = ['demands'];
  app.get('/api/demands', { schema: { tags, summary: '需求清单（按管辖范围）', querystring: demandsQuerySchema, response: { 200: demandPageSchema } } }, async (req) =>
    demands.listDemands(deps, requireCaller(req), req.query),
  );
  app.post('/api/demands/refresh', { schema: { tags, summary: '从反复出现的诉求类别汇总需求（去重，只更新计数）', body: refreshBodySchema, response: { 200: refreshResultSchema } } }, async (req) =>
    demands.refreshFromRequests(deps, requireCaller(req), req.body),
  );
  app.post('/api/demands', { schema: { tags, summary: '登记走访、问卷或心愿中发现的需求（同一来源不重复）', body: createDemandBodySchema, response: { 201: demandSchema } } }, async (req, reply) =>
    reply.code(201).send(await demands.createDemand(deps, requireCaller(req), req.body)),
  );
  app.post('/api/demands/:id/assess', { schema: { tags, summary: '评估需求：紧迫程度与涉及人数', params: demandIdParams, body: assessBodySchema, response: { 200: demandSchema } } }, async (req) =>
    demands.assessDemand(deps, requireCaller(req), req.params.id, req.body),
  );
  app.post('/api/demands/:id/convert', { schema: { tags, summary: '将需求转为心愿、活动或项目（保留关联，发出 demand.converted 事件）', params: demandIdParams, body: convertBodySchema, response: { 200: demandSchema } } }, async (req) =>
    demands.convertDemand(deps, requireCaller(req), req.params.id, req.body),
  );
};
