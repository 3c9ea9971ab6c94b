import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireCaller } from '../../platform/auth/authenticate.ts';
import type { Deps } from '../../platform/context.ts';
import { localeFrom } from '../../platform/messages.ts';
import { retrySafeHeaders, retrySafeWrite } from '../../platform/retry-safe-write.ts';
import { blowWhistle, departmentReport, recordReturnVisit } from './escalation.service.ts';
import { measures } from './measures.service.ts';
import * as requests from './requests.service.ts';
import {
  assignBodySchema,
  bulkAssignBodySchema,
  idempotencyHeaders,
  idParams,
  measuresQuerySchema,
  measuresSchema,
  mergeBodySchema,
  noteBodySchema,
  queuePageSchema,
  queueQuerySchema,
  raiseBodySchema,
  raiseForBodySchema,
  rateBodySchema,
  reasonBodySchema,
  requestDetailSchema,
  resolveBodySchema,
  returnVisitBodySchema,
  whistleBodySchema,
} from './requests.schemas.ts';
import { setupRoutes } from './setup.routes.ts';
import { departmentsRoutes } from './departments.routes.ts';
import { act, bulkAssign } from './transitions.service.ts';

export const requestsRoutes = (deps: Deps): FastifyPluginAsyncZod => async (app) => {
  const tags = ['requests'];
  const locale = (req: { headers: Record<string, unknown> }) => localeFrom(req.headers['accept-language'] as string | undefined);
  const detail = { 200: requestDetailSchema };
  const retrySafe = retrySafeWrite(deps);

  await app.register(setupRoutes(deps));
  await app.register(departmentsRoutes(deps));

  // Residents (H5) ---------------------------------------------------------------------------------------------
  app.post('/api/me/requests', { schema: { tags: ['h5', ...tags], summary: '居民提交诉求（随时呼叫）', headers: idempotencyHeaders, body: raiseBodySchema, response: { 201: requestDetailSchema } } }, async (req, reply) =>
    reply.code(201).send(await requests.raiseAsResident(deps, requireCaller(req), req.body, req.headers['idempotency-key'], locale(req))),
  );
  app.get('/api/me/requests', { schema: { tags: ['h5', ...tags], summary: '我的诉求', response: { 200: queuePageSchema } } }, async (req) =>
    requests.myRequests(deps, requireCaller(req), locale(req)),
  );
  app.get('/api/me/requests/:id', { schema: { tags: ['h5', ...tags], summary: '我的诉求详情与进展', params: idParams, response: detail } }, async (req) =>
    requests.residentView(deps, requireCaller(req), req.params.id, locale(req)),
  );
  app.post('/api/me/requests/:id/confirm', { schema: { headers: retrySafeHeaders, tags: ['h5', ...tags], summary: '确认办结并评价（1–5星）', params: idParams, body: rateBodySchema, response: detail }, ...retrySafe }, async (req) =>
    act(deps, requireCaller(req), req.params.id, 'confirm', req.body, locale(req)),
  );
  app.post('/api/me/requests/:id/reopen', { schema: { headers: retrySafeHeaders, tags: ['h5', ...tags], summary: '办结7日内重新打开', params: idParams, body: reasonBodySchema, response: detail }, ...retrySafe }, async (req) =>
    act(deps, requireCaller(req), req.params.id, 'reopen', req.body, locale(req)),
  );
  app.post('/api/me/requests/:id/cancel', { schema: { headers: retrySafeHeaders, tags: ['h5', ...tags], summary: '受理前撤回', params: idParams, body: noteBodySchema, response: detail }, ...retrySafe }, async (req) =>
    act(deps, requireCaller(req), req.params.id, 'cancel', { reason: req.body.note }, locale(req)),
  );

  // Staff (workbench) ----------------------------------------------------------------------------------------------
  app.post('/api/requests', { schema: { tags, summary: '代居民登记诉求（电话、来访、走访）', headers: idempotencyHeaders, body: raiseForBodySchema, response: { 201: requestDetailSchema } } }, async (req, reply) =>
    reply.code(201).send(await requests.raiseForResident(deps, requireCaller(req), req.body, req.headers['idempotency-key'], locale(req))),
  );
  app.get('/api/requests', { schema: { tags, summary: '诉求队列（按时限排序，可筛选）', querystring: queueQuerySchema, response: { 200: queuePageSchema } } }, async (req) =>
    requests.queue(deps, requireCaller(req), req.query, locale(req)),
  );
  app.get('/api/requests/:id', { schema: { tags, summary: '诉求详情与时间线', params: idParams, response: detail } }, async (req) =>
    requests.detail(deps, requireCaller(req), req.params.id, locale(req)),
  );
  app.post('/api/requests/:id/accept', { schema: { headers: retrySafeHeaders, tags, summary: '受理（首接负责）', params: idParams, body: noteBodySchema, response: detail }, ...retrySafe }, async (req) =>
    act(deps, requireCaller(req), req.params.id, 'accept', req.body, locale(req)),
  );
  app.post('/api/requests/:id/assign', { schema: { headers: retrySafeHeaders, tags, summary: '派单给责任方', params: idParams, body: assignBodySchema, response: detail }, ...retrySafe }, async (req) =>
    act(deps, requireCaller(req), req.params.id, 'assign', req.body, locale(req)),
  );
  app.post('/api/requests/bulk-assign', { schema: { headers: retrySafeHeaders, tags, summary: '批量派单', body: bulkAssignBodySchema, response: { 200: z.object({ results: z.array(z.object({ id: z.number(), ok: z.boolean(), code: z.string().optional() })) }) } }, ...retrySafe }, async (req) =>
    bulkAssign(deps, requireCaller(req), req.body.ids, req.body, locale(req)),
  );
  app.post('/api/requests/:id/start', { schema: { headers: retrySafeHeaders, tags, summary: '开始办理', params: idParams, body: noteBodySchema, response: detail }, ...retrySafe }, async (req) =>
    act(deps, requireCaller(req), req.params.id, 'start', req.body, locale(req)),
  );
  app.post('/api/requests/:id/resolve', { schema: { headers: retrySafeHeaders, tags, summary: '办结（说明与照片）', params: idParams, body: resolveBodySchema, response: detail }, ...retrySafe }, async (req) =>
    act(deps, requireCaller(req), req.params.id, 'resolve', req.body, locale(req)),
  );
  app.post('/api/requests/:id/dispute', { schema: { headers: retrySafeHeaders, tags, summary: '派单异议（退回专员）', params: idParams, body: reasonBodySchema, response: detail }, ...retrySafe }, async (req) =>
    act(deps, requireCaller(req), req.params.id, 'dispute', req.body, locale(req)),
  );
  app.post('/api/requests/:id/merge', { schema: { headers: retrySafeHeaders, tags, summary: '合并重复诉求', params: idParams, body: mergeBodySchema, response: detail }, ...retrySafe }, async (req) =>
    act(deps, requireCaller(req), req.params.id, 'merge', req.body, locale(req)),
  );
  app.post('/api/requests/:id/whistle', { schema: { headers: retrySafeHeaders, tags, summary: '街道吹哨（点名职能部门报到）', params: idParams, body: whistleBodySchema, response: detail }, ...retrySafe }, async (req) =>
    blowWhistle(deps, requireCaller(req), req.params.id, req.body, locale(req)),
  );
  app.post('/api/department-reports/:id/ack', { schema: { headers: retrySafeHeaders, tags, summary: '部门报到（确认）', params: idParams, response: detail }, ...retrySafe }, async (req) =>
    departmentReport(deps, requireCaller(req), req.params.id, 'ack', undefined, locale(req)),
  );
  app.post('/api/department-reports/:id/action', { schema: { headers: retrySafeHeaders, tags, summary: '部门处置情况', params: idParams, body: z.object({ note: z.string().trim().min(1).max(2000) }).strict(), response: detail }, ...retrySafe }, async (req) =>
    departmentReport(deps, requireCaller(req), req.params.id, 'action', req.body.note, locale(req)),
  );
  app.post('/api/requests/:id/return-visit', { schema: { headers: retrySafeHeaders, tags, summary: '记录回访结果', params: idParams, body: returnVisitBodySchema, response: detail }, ...retrySafe }, async (req) =>
    recordReturnVisit(deps, requireCaller(req), req.params.id, req.body, locale(req)),
  );
  app.get('/api/measures', { schema: { tags: ['requests', 'cockpit'], summary: '响应率、解决率、满意率', querystring: measuresQuerySchema, response: { 200: measuresSchema } } }, async (req) =>
    measures(deps, requireCaller(req), req.query),
  );

};
