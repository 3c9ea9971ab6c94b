import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireCaller } from '../../platform/auth/authenticate.ts';
import type { Deps } from '../../platform/context.ts';
import { retrySafeHeaders, retrySafeWrite } from '../../platform/retry-safe-write.ts';
import * as errands from './errands.service.ts';
import {
  createErrandBodySchema,
  errandIdParams,
  errandPageSchema,
  errandSchema,
  errandsQuerySchema,
  errandStatsQuerySchema,
  errandStatsSchema,
  myErrandsSchema,
  updateErrandBodySchema,
} from './errands.schemas.ts';

/** 代办, 最多跑一次: proxy errands for residents in special groups. */
export const errandsRoutes = (deps: Deps): FastifyPluginAsyncZod => async (app) => {
  const retrySafe = retrySafeWrite(deps);
  const tags = ['errands'];
  app.post('/api/errands', { schema: { headers: retrySafeHeaders, tags, summary: '为特殊群体居民登记代办', body: createErrandBodySchema, response: { 201: errandSchema } }, ...retrySafe }, async (req, reply) =>
    reply.code(201).send(await errands.createErrand(deps, requireCaller(req), req.body)),
  );
  app.get('/api/errands', { schema: { tags, summary: '代办列表（按管辖范围）', querystring: errandsQuerySchema, response: { 200: errandPageSchema } } }, async (req) =>
    errands.listErrands(deps, requireCaller(req), req.query),
  );
  app.get('/api/errands/stats', { schema: { tags: [...tags, 'cockpit'], summary: '代办跑腿次数与“最多跑一次”比例', querystring: errandStatsQuerySchema, response: { 200: errandStatsSchema } } }, async (req) =>
    errands.errandStats(deps, requireCaller(req), req.query.placeId),
  );
  app.get('/api/errands/:id', { schema: { tags, summary: '代办详情', params: errandIdParams, response: { 200: errandSchema } } }, async (req) =>
    errands.getErrand(deps, requireCaller(req), req.params.id),
  );
  app.patch('/api/errands/:id', { schema: { headers: retrySafeHeaders, tags, summary: '勾选清单、记录居民跑腿、办结或取消', params: errandIdParams, body: updateErrandBodySchema, response: { 200: errandSchema } }, ...retrySafe }, async (req) =>
    errands.updateErrand(deps, requireCaller(req), req.params.id, req.body),
  );
  app.get('/api/me/errands', { schema: { tags: ['h5', ...tags], summary: '我的代办', response: { 200: myErrandsSchema } } }, async (req) =>
    errands.myErrands(deps, requireCaller(req)),
  );
};
