import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireCaller } from '../../platform/auth/authenticate.ts';
import type { Deps } from '../../platform/context.ts';
import { retrySafeHeaders, retrySafeWrite } from '../../platform/retry-safe-write.ts';
import { idempotencyHeaders } from '../points/index.ts';
import * as delivery from './delivery.service.ts';
import * as procurement from './procurement.service.ts';
import * as svc from './projects.service.ts';
import { matchmaking } from './matchmaking.service.ts';
import * as objections from './objections.service.ts';
import * as media from './report-media.service.ts';
import { uploadedFile } from '../photos/index.ts';
import { SERVICE_CATEGORIES } from '../organisations/index.ts';
import {
  allocateBodySchema, applicationBodySchema, contractBodySchema, createProjectBodySchema, decisionBodySchema, directAwardBodySchema, evaluationBodySchema, idParams,
  openRoundSchema, projectPageSchema, projectSchema, projectsQuerySchema, projectSummarySchema, publicProjectSchema, ratingBodySchema, reportBodySchema, roundBodySchema,
  scoreBodySchema, trancheParams, matchmakingSchema, objectionSchema, objectionBodySchema, objectionAnswerBodySchema, objectionParams, reportPhotoSchema, organisationActivitiesSchema, photoParams,
} from './projects.schemas.ts';

/** 微项目: need → proposal → 立项 → procurement (direct or 公益创投) → contract → reports → evaluation → payment → closed. */
export const projectsRoutes = (deps: Deps): FastifyPluginAsyncZod => async (app) => {
  const retrySafe = retrySafeWrite(deps);
  const tags = ['projects'];
  const r = { 200: projectSchema };
  app.get('/api/projects', { schema: { tags, summary: '项目（按队列：待立项、采购中、待签约、实施中、待结项、已结束）', querystring: projectsQuerySchema, response: { 200: projectPageSchema } } }, async (req) =>
    svc.listProjects(deps, requireCaller(req), req.query));
  app.post('/api/projects', { schema: { headers: retrySafeHeaders, tags, summary: '提出项目（可由需求转来）：目标、受益人、地点、预算明细（分）', body: createProjectBodySchema, response: { 201: projectSchema } }, ...retrySafe }, async (req, reply) =>
    reply.code(201).send(await svc.proposeProject(deps, requireCaller(req), req.body)));
  app.get('/api/projects/rounds/open', { schema: { tags, summary: '正在征集的公益创投', response: { 200: openRoundSchema } } }, async (req) =>
    svc.openRounds(deps, requireCaller(req)));
  app.get('/api/projects/matchmaking', {
    schema: {
      tags, summary: '项目对接会：待转化的需求与服务该地点的社会组织',
      querystring: z.object({ category: z.enum(SERVICE_CATEGORIES).optional(), page: z.coerce.number().int().min(1).max(1000).default(1), pageSize: z.coerce.number().int().min(1).max(50).default(10) }),
      response: { 200: matchmakingSchema },
    },
  }, async (req) => matchmaking(deps, requireCaller(req), req.query));
  app.get('/api/projects/:id', { schema: { tags, summary: '项目详情', params: idParams, response: r } }, async (req) =>
    svc.getProject(deps, requireCaller(req), req.params.id));
  app.post('/api/projects/:id/decision', { schema: { headers: retrySafeHeaders, tags, summary: '立项审批（按金额分级：社区 ≤5万、街道 ≤20万、区）', params: idParams, body: decisionBodySchema, response: r }, ...retrySafe }, async (req) =>
    svc.decideProject(deps, requireCaller(req), req.params.id, req.body));
  app.post('/api/projects/:id/allocations', { schema: { tags, summary: '拨付资金（1:1 配套或单一资金；不超预算；Idempotency-Key 必填）', params: idParams, headers: idempotencyHeaders, body: allocateBodySchema, response: r } }, async (req) =>
    svc.allocateToProject(deps, requireCaller(req), req.params.id, req.body, req.headers['idempotency-key']));
  app.post('/api/projects/:id/award-direct', { schema: { headers: retrySafeHeaders, tags, summary: '从名录库直接委托', params: idParams, body: directAwardBodySchema, response: r }, ...retrySafe }, async (req) =>
    procurement.awardDirect(deps, requireCaller(req), req.params.id, req.body.organisationId));
  app.post('/api/projects/:id/round', { schema: { headers: retrySafeHeaders, tags, summary: '发起公益创投（征集公告与评分细则）', params: idParams, body: roundBodySchema, response: r }, ...retrySafe }, async (req) =>
    procurement.openRound(deps, requireCaller(req), req.params.id, req.body));
  app.post('/api/projects/:id/round/applications', { schema: { headers: retrySafeHeaders, tags, summary: '社会组织申报', params: idParams, body: applicationBodySchema, response: r }, ...retrySafe }, async (req) =>
    procurement.apply(deps, requireCaller(req), req.params.id, req.body));
  app.post('/api/projects/:id/round/close-call', { schema: { headers: retrySafeHeaders, tags, summary: '截止申报，进入评分', params: idParams, response: r }, ...retrySafe }, async (req) =>
    procurement.closeCall(deps, requireCaller(req), req.params.id));
  app.post('/api/projects/:id/round/applications/:applicationId/scores', {
    schema: { headers: retrySafeHeaders, tags, summary: '专家评分（按评分细则）', params: z.object({ id: z.coerce.number().int().positive(), applicationId: z.coerce.number().int().positive() }), body: scoreBodySchema, response: r },
    ...retrySafe,
  }, async (req) => procurement.scoreApplication(deps, requireCaller(req), req.params.id, req.params.applicationId, req.body.scores));
  app.post('/api/projects/:id/round/notice', { schema: { headers: retrySafeHeaders, tags, summary: '公示评审结果（最高平均分领先）', params: idParams, response: r }, ...retrySafe }, async (req) =>
    procurement.startNotice(deps, requireCaller(req), req.params.id));
  app.post('/api/projects/:id/round/award', { schema: { headers: retrySafeHeaders, tags, summary: '公示期满，确定承接组织', params: idParams, response: r }, ...retrySafe }, async (req) =>
    procurement.awardRound(deps, requireCaller(req), req.params.id));
  app.post('/api/projects/:id/contract', { schema: { headers: retrySafeHeaders, tags, summary: '签订合同（≤1年，或说明理由 ≤3年；分期付款，尾款评估后付）', params: idParams, body: contractBodySchema, response: r }, ...retrySafe }, async (req) =>
    delivery.signContract(deps, requireCaller(req), req.params.id, req.body));
  app.post('/api/projects/:id/reports', { schema: { headers: retrySafeHeaders, tags, summary: '进展报告（承接组织）', params: idParams, body: reportBodySchema, response: r }, ...retrySafe }, async (req) =>
    delivery.reportProgress(deps, requireCaller(req), req.params.id, req.body));
  app.post('/api/projects/:id/evaluations', { schema: { headers: retrySafeHeaders, tags, summary: '项目评估（居民 30%、社区 30%、专家 40%；60 分合格）', params: idParams, body: evaluationBodySchema, response: r }, ...retrySafe }, async (req) =>
    delivery.evaluate(deps, requireCaller(req), req.params.id, req.body));
  app.post('/api/projects/:id/tranches/:seq/pay', { schema: { tags, summary: '支付一期款项（尾款须评估合格；Idempotency-Key 必填）', params: trancheParams, headers: idempotencyHeaders, response: r } }, async (req) =>
    delivery.payTranche(deps, requireCaller(req), req.params.id, req.params.seq, req.headers['idempotency-key']));
  app.post('/api/projects/:id/close', { schema: { tags, summary: '结项（结余退回资金）', params: idParams, headers: idempotencyHeaders, response: r } }, async (req) =>
    svc.closeProject(deps, requireCaller(req), req.params.id, req.headers['idempotency-key']));
  app.get('/api/h5/projects', {
    schema: { tags: ['h5', ...tags], summary: '我家小区、社区的项目与进展', response: { 200: z.array(projectSummarySchema.extend({ goals: z.string(), progress: z.object({ tranchesPaid: z.number(), tranches: z.number(), reports: z.number(), latestReport: z.string().nullable(), participants: z.number() }), rating: z.object({ average: z.number().nullable(), count: z.number(), mine: z.number().nullable() }) })) } },
  }, async (req) => svc.myCompoundProjects(deps, requireCaller(req)));
  app.post('/api/projects/:id/ratings', { schema: { headers: retrySafeHeaders, tags: ['h5', ...tags], summary: '居民评价项目（1–5 星，一次）', params: idParams, body: ratingBodySchema, response: { 201: z.object({ average: z.number().nullable(), count: z.number(), mine: z.number().nullable() }) } }, ...retrySafe }, async (req, reply) =>
    reply.code(201).send(await svc.rateProject(deps, requireCaller(req), req.params.id, req.body)));
  app.get('/api/public/projects/:id', { schema: { tags: ['public', ...tags], summary: '项目公开页（无需登录）', params: idParams, response: { 200: publicProjectSchema } } }, async (req) =>
    svc.publicProject(deps, req.params.id));
  app.post('/api/projects/:id/objections', { schema: { headers: retrySafeHeaders, tags, summary: '公示期内提出异议（登录即可，本地居民优先）', params: idParams, body: objectionBodySchema, response: { 201: objectionSchema } }, ...retrySafe }, async (req, reply) =>
    reply.code(201).send(await objections.raiseObjection(deps, requireCaller(req), req.params.id, req.body.reason)));
  app.post('/api/projects/:id/objections/:objectionId/answer', { schema: { headers: retrySafeHeaders, tags, summary: '答复公示异议（全部答复后方可确定承接组织）', params: objectionParams, body: objectionAnswerBodySchema, response: r }, ...retrySafe }, async (req) =>
    objections.answerObjection(deps, requireCaller(req), req.params.id, req.params.objectionId, req.body.answer));
  app.post('/api/projects/:id/report-photos', { schema: { tags, summary: '上传进展报告照片（multipart 字段 file；≤10 MB；重新编码并去除元数据）', consumes: ['multipart/form-data'], params: idParams, response: { 201: reportPhotoSchema } } }, async (req, reply) =>
    reply.code(201).send(await media.uploadReportPhoto(deps, requireCaller(req), req.params.id, () => uploadedFile(req))));
  app.get('/api/projects/:id/organisation-activities', { schema: { tags, summary: '承接组织的志愿活动（进展报告可关联）', params: idParams, response: { 200: organisationActivitiesSchema } } }, async (req) =>
    media.organisationActivities(deps, requireCaller(req), req.params.id));
  app.get('/api/project-photos/:id', { schema: { tags: ['public', ...tags], summary: '进展报告照片（随项目公开页公开）', params: photoParams } }, async (req, reply) => {
    const photo = await media.readReportPhoto(deps, req.caller ?? undefined, req.params.id);
    return reply.header('content-type', photo.mime).header('x-content-type-options', 'nosniff').header('cache-control', `${photo.isPublic ? 'public' : 'private'}, max-age=3600`).send(photo.content);
  });
};
