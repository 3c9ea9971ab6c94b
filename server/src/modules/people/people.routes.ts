import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireCaller } from '../../platform/auth/authenticate.ts';
import type { Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { hasPermission } from '../../platform/scope.ts';
import { roleAssignmentSchema } from '../auth/index.ts';
import {
  createPersonBodySchema,
  createRoleBodySchema,
  homeSchema,
  peoplePageSchema,
  peopleQuerySchema,
  personDetailSchema,
  revealBodySchema,
  revealResultSchema,
} from './people.schemas.ts';
import * as people from './people.service.ts';

const idParams = z.object({ id: z.coerce.number().int().positive() });

export const peopleRoutes = (deps: Deps): FastifyPluginAsyncZod => async (app) => {
  const tags = ['people'];
  app.get('/api/people', { schema: { tags, summary: '人员列表（管辖范围内）', querystring: peopleQuerySchema, response: { 200: peoplePageSchema } } }, async (req) =>
    people.listPeople(deps, requireCaller(req), req.query),
  );
  app.get('/api/people/:id', { schema: { tags, summary: '人员详情（敏感信息已脱敏）', params: idParams, response: { 200: personDetailSchema } } }, async (req) =>
    people.getPerson(deps, requireCaller(req), req.params.id),
  );
  app.post('/api/people/:id/reveal', { schema: { tags, summary: '查看敏感信息明文（记录访问日志）', params: idParams, body: revealBodySchema, response: { 200: revealResultSchema } } }, async (req) =>
    people.revealPerson(deps, requireCaller(req), req.params.id, req.body.fields, req.body.reason),
  );
  app.post('/api/people', { schema: { tags, summary: '新建人员（并授予首个角色）', body: createPersonBodySchema, response: { 201: personDetailSchema } } }, async (req, reply) =>
    reply.code(201).send(await people.createPerson(deps, requireCaller(req), req.body)),
  );
  app.post('/api/role-assignments', { schema: { tags, summary: '授予角色', body: createRoleBodySchema, response: { 201: roleAssignmentSchema } } }, async (req, reply) =>
    reply.code(201).send(await people.assignRole(deps, requireCaller(req), req.body)),
  );
  app.delete('/api/role-assignments/:id', { schema: { tags, summary: '结束角色任期', params: idParams, response: { 204: z.null() } } }, async (req, reply) => {
    await people.endRole(deps, requireCaller(req), req.params.id);
    return reply.code(204).send(null);
  });
  app.get('/api/me/home', { schema: { tags: ['h5'], summary: '我的家：小区、社区、专员、服务点', response: { 200: homeSchema } } }, async (req) => {
    const caller = requireCaller(req);
    if (!hasPermission(caller.roles, 'home.read')) throw new AppError('FORBIDDEN');
    return people.myHome(deps, caller);
  });
};
