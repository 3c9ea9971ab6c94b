import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireCaller } from '../../platform/auth/authenticate.ts';
import type { Deps } from '../../platform/context.ts';
import * as liaisons from './liaisons.service.ts';
import * as me from './me.service.ts';
import * as members from './members.service.ts';
import * as reports from './reports.service.ts';
import * as tasks from './tasks.service.ts';
import * as units from './units.service.ts';
import * as s from './party.schemas.ts';

/** 党建引领: 大党委 units, 双报到 registrations, tasks and service, 联点 links, reports per unit and community. */
export const partyRoutes = (deps: Deps): FastifyPluginAsyncZod => async (app) => {
  const tags = ['party'];
  const ok = { 204: z.null() };
  app.get('/api/party/communities', { schema: { tags, summary: '我管辖的社区（供选择）', response: { 200: s.communityListSchema } } }, async (req) =>
    units.myCommunities(deps, requireCaller(req)));
  app.get('/api/party/units', { schema: { tags, summary: '大党委成员单位（按管辖范围）', querystring: s.placeQuerySchema, response: { 200: s.unitListSchema } } }, async (req) =>
    units.listUnits(deps, requireCaller(req), req.query.placeId));
  app.post('/api/party/units', { schema: { tags, summary: '单位加入社区大党委（机关、事业单位、企业、社会组织）', body: s.createUnitBodySchema, response: { 201: s.unitSchema } } }, async (req, reply) =>
    reply.code(201).send(await units.createUnit(deps, requireCaller(req), req.body)));
  app.delete('/api/party/units/:id', { schema: { tags, summary: '单位退出大党委', params: s.idParams, response: ok } }, async (req, reply) => {
    await units.removeUnit(deps, requireCaller(req), req.params.id);
    return reply.code(204).send(null);
  });

  app.get('/api/party/members', { schema: { tags, summary: '双报到党员（党员身份属敏感信息：仅社区管理人员可见，查阅留痕）', querystring: s.memberListQuerySchema, response: { 200: s.memberPageSchema } } }, async (req) =>
    members.listMembers(deps, requireCaller(req), req.query));
  app.post('/api/party/members/:id/review', { schema: { tags, summary: '确认或不予确认双报到（确认即授予本社区党员身份，可认领心愿）', params: s.idParams, body: s.reviewBodySchema, response: { 200: s.memberSchema } } }, async (req) =>
    members.review(deps, requireCaller(req), req.params.id, req.body));

  app.get('/api/party/tasks', { schema: { tags, summary: '党员认领任务（按管辖范围，含认领人）', querystring: s.placeQuerySchema, response: { 200: s.taskListSchema } } }, async (req) =>
    tasks.listTasks(deps, requireCaller(req), req.query.placeId));
  app.post('/api/party/tasks', { schema: { tags, summary: '发布党员认领任务', body: s.createTaskBodySchema, response: { 201: s.taskSchema } } }, async (req, reply) =>
    reply.code(201).send(await tasks.createTask(deps, requireCaller(req), req.body)));
  app.post('/api/party/tasks/:id/service', { schema: { tags, summary: '登记党员在该任务中的服务时长（分钟）', params: s.idParams, body: s.recordServiceBodySchema, response: { 200: s.taskSchema } } }, async (req) =>
    tasks.recordService(deps, requireCaller(req), req.params.id, req.body));
  app.post('/api/party/tasks/:id/close', { schema: { tags, summary: '结束任务', params: s.idParams, response: { 200: s.taskSchema } } }, async (req) =>
    tasks.closeTask(deps, requireCaller(req), req.params.id));

  app.get('/api/party/liaisons', { schema: { tags, summary: '联点：区领导联系示范社区', response: { 200: s.liaisonListSchema } } }, async (req) =>
    liaisons.listLiaisons(deps, requireCaller(req)));
  app.post('/api/party/liaisons', { schema: { tags, summary: '设置联点（区管理员）', body: s.createLiaisonBodySchema, response: { 201: s.liaisonSchema } } }, async (req, reply) =>
    reply.code(201).send(await liaisons.createLiaison(deps, requireCaller(req), req.body)));
  app.delete('/api/party/liaisons/:id', { schema: { tags, summary: '结束联点', params: s.idParams, response: ok } }, async (req, reply) => {
    await liaisons.endLiaison(deps, requireCaller(req), req.params.id);
    return reply.code(204).send(null);
  });
  app.get('/api/me/party-liaisons', { schema: { tags, summary: '我联点的示范社区及其报表（只含统计数）', response: { 200: s.liaisonViewSchema } } }, async (req) =>
    liaisons.myLiaisons(deps, requireCaller(req)));

  app.get('/api/party/report', { schema: { tags, summary: '按单位（社区）或按社区（街道、全区）统计：认领与实现心愿、服务时长', querystring: s.placeQuerySchema, response: { 200: s.reportSchema } } }, async (req) =>
    reports.report(deps, requireCaller(req), req.query.placeId));

  app.get('/api/me/party', { schema: { tags: ['h5', ...tags], summary: '我的双报到与服务记录', response: { 200: s.myPartySchema } } }, async (req) =>
    me.myParty(deps, requireCaller(req)));
  app.post('/api/me/party', { schema: { tags: ['h5', ...tags], summary: '在职党员到居住地社区报到（双报到；须单独同意）', body: s.registerBodySchema, response: { 201: s.memberSchema } } }, async (req, reply) =>
    reply.code(201).send(await members.register(deps, requireCaller(req), req.body)));
  app.post('/api/me/party/withdraw', { schema: { tags: ['h5', ...tags], summary: '撤回我的双报到', response: { 200: s.memberSchema } } }, async (req) =>
    members.withdraw(deps, requireCaller(req)));
  app.post('/api/me/party/tasks/:id/claim', { schema: { tags: ['h5', ...tags], summary: '认领本社区的任务', params: s.idParams, response: { 200: s.taskSchema } } }, async (req) =>
    tasks.claimTask(deps, requireCaller(req), req.params.id));
};
