import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireCaller } from '../../platform/auth/authenticate.ts';
import type { Deps } from '../../platform/context.ts';
import * as svc from './organisations.service.ts';
import {
  directoryBodySchema, directoryQuerySchema, directorySchema, graduateBodySchema, idParams, incubationBodySchema, incubationParams, memberBodySchema,
  annualReportBodySchema, annualReportParams, organisationBodySchema, organisationDetailSchema, organisationPageSchema, organisationSchema, organisationsQuerySchema, publicOrganisationSchema,
} from './organisations.schemas.ts';

/** 社会组织: the registry, incubation, the purchase directory (名录库) and a public page per organisation. */
export const organisationsRoutes = (deps: Deps): FastifyPluginAsyncZod => async (app) => {
  const tags = ['organisations'];
  app.get('/api/organisations', { schema: { tags, summary: '社会组织名录（全区，可按类别、状态、服务地点筛选）', querystring: organisationsQuerySchema, response: { 200: organisationPageSchema } } }, async (req) =>
    svc.listOrganisations(deps, requireCaller(req), req.query));
  app.get('/api/organisations/directory', { schema: { tags, summary: '购买服务名录库（按服务类别）', querystring: directoryQuerySchema, response: { 200: directorySchema } } }, async (req) =>
    svc.purchaseDirectory(deps, requireCaller(req), req.query.category));
  app.get('/api/organisations/mine', { schema: { tags, summary: '我所在的社会组织', response: { 200: z.array(z.object({ id: z.number(), name: z.string() })) } } }, async (req) =>
    svc.myOrganisations(deps, requireCaller(req).personId));
  app.post('/api/organisations', { schema: { tags, summary: '登记社会组织（登记/备案/社区指导）', body: organisationBodySchema, response: { 201: organisationSchema } } }, async (req, reply) =>
    reply.code(201).send(await svc.createOrganisation(deps, requireCaller(req), req.body)));
  app.get('/api/organisations/:id', { schema: { tags, summary: '社会组织详情（孵化记录、成员、名录库类别）', params: idParams, response: { 200: organisationDetailSchema } } }, async (req) =>
    svc.getOrganisation(deps, requireCaller(req), req.params.id));
  app.patch('/api/organisations/:id', { schema: { tags, summary: '修改社会组织信息', params: idParams, body: organisationBodySchema, response: { 200: organisationSchema } } }, async (req) =>
    svc.updateOrganisation(deps, requireCaller(req), req.params.id, req.body));
  app.post('/api/organisations/:id/incubations', { schema: { tags, summary: '记录孵化（站内孵化、站外指导、线上云孵化）', params: idParams, body: incubationBodySchema, response: { 201: organisationDetailSchema } } }, async (req, reply) =>
    reply.code(201).send(await svc.addIncubation(deps, requireCaller(req), req.params.id, req.body)));
  app.post('/api/organisations/:id/incubations/:incubationId/graduate', { schema: { tags, summary: '孵化出壳', params: incubationParams, body: graduateBodySchema, response: { 200: organisationDetailSchema } } }, async (req) =>
    svc.graduateIncubation(deps, requireCaller(req), req.params.id, req.params.incubationId, req.body));
  app.post('/api/organisations/:id/directory', { schema: { tags, summary: '列入购买服务名录库', params: idParams, body: directoryBodySchema, response: { 200: organisationDetailSchema } } }, async (req) =>
    svc.addToDirectory(deps, requireCaller(req), req.params.id, req.body));
  app.post('/api/organisations/:id/members', { schema: { tags, summary: '添加组织成员（可代表组织申报、报告进展）', params: idParams, body: memberBodySchema, response: { 200: organisationDetailSchema } } }, async (req) =>
    svc.addMember(deps, requireCaller(req), req.params.id, req.body.personId));
  app.get('/api/public/organisations/:id', { schema: { tags: ['public', ...tags], summary: '社会组织公开页（无需登录）', params: idParams, response: { 200: publicOrganisationSchema } } }, async (req) =>
    svc.publicOrganisation(deps, req.params.id));
  app.delete('/api/organisations/:id/members/:personId', {
    schema: { tags, summary: '移除组织成员', params: z.object({ id: z.coerce.number().int().positive(), personId: z.coerce.number().int().positive() }), response: { 200: organisationDetailSchema } },
  }, async (req) => svc.removeMember(deps, requireCaller(req), req.params.id, req.params.personId));
  app.post('/api/organisations/:id/annual-reports/:reportId/filed', { schema: { tags, summary: '登记年报已报送（此后不再提醒）', params: annualReportParams, body: annualReportBodySchema, response: { 200: organisationDetailSchema } } }, async (req) =>
    svc.recordAnnualReport(deps, requireCaller(req), req.params.id, req.params.reportId, req.body.filedOn));
};
