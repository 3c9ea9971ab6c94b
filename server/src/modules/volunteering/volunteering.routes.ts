import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireCaller } from '../../platform/auth/authenticate.ts';
import type { Deps } from '../../platform/context.ts';
import * as activities from './activities.service.ts';
import * as attendance from './attendance.service.ts';
import * as records from './records.service.ts';
import * as volunteers from './volunteers.service.ts';
import * as s from './volunteering.schemas.ts';

const signupParams = z.object({ id: z.coerce.number().int().positive(), signupId: z.coerce.number().int().positive() });
const ok = z.object({ ok: z.literal(true) });

/** 志愿服务: volunteers, teams, activities, QR check-in/out, hours, certificates, export. */
export const volunteeringRoutes = (deps: Deps): FastifyPluginAsyncZod => async (app) => {
  const tags = ['volunteering'];
  const h5 = ['h5', ...tags];

  // ── workbench ──
  app.get('/api/volunteering/volunteers', { schema: { tags, summary: '志愿者名册', querystring: s.volunteersQuerySchema, response: { 200: s.volunteerPageSchema } } }, async (req) =>
    volunteers.listVolunteers(deps, requireCaller(req), req.query));
  app.post('/api/volunteering/volunteers', { schema: { tags, summary: '代登记志愿者（须本人同意）', body: s.registerVolunteerBodySchema, response: { 201: s.volunteerSchema } } }, async (req, reply) =>
    reply.code(201).send(await volunteers.registerVolunteer(deps, requireCaller(req), req.body)));
  app.get('/api/volunteering/teams', { schema: { tags, summary: '志愿服务队', response: { 200: s.teamListSchema } } }, async (req) => volunteers.listTeams(deps, requireCaller(req)));
  app.post('/api/volunteering/teams', { schema: { tags, summary: '组建服务队（可为社工带义工）', body: s.createTeamBodySchema, response: { 201: s.teamSchema } } }, async (req, reply) =>
    reply.code(201).send(await volunteers.createTeam(deps, requireCaller(req), req.body)));
  app.post('/api/volunteering/teams/:id/members', { schema: { tags, summary: '加入服务队', params: s.idParams, body: s.addMemberBodySchema, response: { 200: ok } } }, async (req) => {
    await volunteers.addTeamMember(deps, requireCaller(req), req.params.id, req.body.volunteerId);
    return { ok: true as const };
  });
  app.get('/api/volunteering/activities', { schema: { tags, summary: '活动列表（按管辖范围）', querystring: s.activitiesQuerySchema, response: { 200: s.activityPageSchema } } }, async (req) =>
    activities.listActivities(deps, requireCaller(req), req.query));
  app.post('/api/volunteering/activities', { schema: { tags, summary: '发布志愿活动', body: s.createActivityBodySchema, response: { 201: s.activitySchema } } }, async (req, reply) =>
    reply.code(201).send(await activities.createActivity(deps, requireCaller(req), req.body)));
  app.post('/api/volunteering/emergencies', { schema: { tags, summary: '应急动员（通知该地点全部志愿者）', body: s.createEmergencyBodySchema, response: { 201: s.activitySchema.extend({ notified: z.number() }) } } }, async (req, reply) =>
    reply.code(201).send(await activities.callOut(deps, requireCaller(req), req.body)));
  app.get('/api/volunteering/activities/:id', { schema: { tags, summary: '活动详情与考勤', params: s.idParams, response: { 200: s.activityDetailSchema } } }, async (req) =>
    activities.activityDetail(deps, requireCaller(req), req.params.id));
  app.post('/api/volunteering/activities/:id/cancel', { schema: { tags, summary: '取消活动', params: s.idParams, response: { 200: s.activitySchema } } }, async (req) =>
    activities.cancelActivity(deps, requireCaller(req), req.params.id));
  app.get('/api/volunteering/activities/:id/qr', { schema: { tags, summary: '签到/签退二维码（签名、60 秒有效）', params: s.idParams, querystring: s.qrQuerySchema, response: { 200: s.qrSchema } } }, async (req) =>
    activities.activityQr(deps, requireCaller(req), req.params.id, req.query.op));
  app.get('/api/volunteering/activities/:id/matches', { schema: { tags, summary: '按技能匹配志愿者（地点树就近）', params: s.idParams, response: { 200: s.matchSchema } } }, async (req) =>
    activities.matchVolunteers(deps, requireCaller(req), req.params.id));
  app.post('/api/volunteering/activities/:id/duties', { schema: { tags, summary: '排班（应急值班表）', params: s.idParams, body: s.dutyBodySchema, response: { 200: s.activityDetailSchema } } }, async (req) =>
    activities.addDuty(deps, requireCaller(req), req.params.id, req.body));
  app.post('/api/volunteering/activities/:id/signups/:signupId/confirm', { schema: { tags, summary: '确认服务时长（10 个工作日内）', params: signupParams, body: s.confirmHoursBodySchema, response: { 200: s.activityDetailSchema } } }, async (req) =>
    attendance.confirmHours(deps, requireCaller(req), req.params.id, req.params.signupId, req.body));
  app.post('/api/volunteering/activities/:id/signups/:signupId/correct', { schema: { tags, summary: '更正服务时长（新记录，须说明理由）', params: signupParams, body: s.correctHoursBodySchema, response: { 200: s.activityDetailSchema } } }, async (req) =>
    attendance.correctHours(deps, requireCaller(req), req.params.id, req.params.signupId, req.body));
  app.get('/api/volunteering/export.csv', { schema: { tags, summary: '导出服务记录（全国志愿服务信息系统格式，CSV）', querystring: s.exportQuerySchema } }, async (req, reply) => {
    const csv = await records.exportCsv(deps, requireCaller(req), req.query);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('志愿服务记录.csv')}`)
      .send(csv);
  });

  // ── H5 ──
  app.get('/api/me/volunteer', { schema: { tags: h5, summary: '我的志愿者登记', response: { 200: s.myVolunteerSchema } } }, async (req) => volunteers.myVolunteer(deps, requireCaller(req)));
  app.post('/api/me/volunteer', { schema: { tags: h5, summary: '登记为志愿者（本人同意）', body: s.registerSelfBodySchema, response: { 201: s.volunteerSchema } } }, async (req, reply) =>
    reply.code(201).send(await volunteers.registerSelf(deps, requireCaller(req), req.body)));
  app.get('/api/me/volunteering/activities', { schema: { tags: h5, summary: '附近的志愿活动', response: { 200: s.myActivitiesSchema } } }, async (req) =>
    activities.openActivitiesNearMe(deps, requireCaller(req)));
  app.get('/api/me/volunteering/activities/:id', { schema: { tags: h5, summary: '活动详情', params: s.idParams, response: { 200: s.myActivitySchema } } }, async (req) =>
    activities.myActivity(deps, requireCaller(req), req.params.id));
  app.post('/api/me/volunteering/activities/:id/signup', { schema: { tags: h5, summary: '报名（满员进入候补）', params: s.idParams, headers: s.idempotencyHeaders, response: { 200: s.myActivitySchema } } }, async (req) =>
    activities.signUp(deps, requireCaller(req), req.params.id, req.headers['idempotency-key']));
  app.post('/api/me/volunteering/activities/:id/cancel', { schema: { tags: h5, summary: '取消报名（候补自动递补）', params: s.idParams, response: { 200: s.myActivitySchema } } }, async (req) =>
    activities.cancelSignUp(deps, requireCaller(req), req.params.id));
  app.post('/api/me/volunteering/attendance', { schema: { tags: h5, summary: '扫码签到/签退', body: s.attendBodySchema, response: { 200: s.attendResultSchema } } }, async (req) =>
    attendance.attend(deps, requireCaller(req), req.body));
  app.get('/api/me/volunteering/hours', { schema: { tags: h5, summary: '我的服务时长', response: { 200: s.myHoursSchema } } }, async (req) => records.myHours(deps, requireCaller(req)));
  app.post('/api/me/volunteering/certificates', { schema: { tags: h5, summary: '出具志愿服务证明', response: { 201: s.certificateSchema } } }, async (req, reply) =>
    reply.code(201).send(await records.issueCertificate(deps, requireCaller(req))));
  app.get('/api/me/volunteering/certificates/:code/pdf', { schema: { tags: h5, summary: '下载证明 PDF', params: s.codeParams } }, async (req, reply) => {
    const origin = `${req.protocol}://${req.headers.host ?? 'localhost'}`;
    const pdf = await records.certificatePdf(deps, requireCaller(req), req.params.code, origin);
    return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="certificate-${req.params.code}.pdf"`).send(pdf);
  });

  // ── public ──
  app.get('/api/public/volunteer-certificates/:code', { schema: { tags: ['public', ...tags], summary: '查验志愿服务证明（无需登录）', params: s.codeParams, response: { 200: s.verificationSchema } } }, async (req) =>
    records.verifyCertificate(deps, req.params.code));
};
