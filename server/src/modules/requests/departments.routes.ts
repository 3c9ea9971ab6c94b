import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireCaller } from '../../platform/auth/authenticate.ts';
import type { Deps } from '../../platform/context.ts';
import { listDepartments } from './departments.service.ts';

const departmentListSchema = z.object({ items: z.array(z.object({ id: z.number(), name: z.string() })) });

/** 职能部门: the choices for routing a request to a department and for the street's whistle. */
export const departmentsRoutes = (deps: Deps): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/departments', { schema: { tags: ['requests'], summary: '可派单或吹哨点名的职能部门', response: { 200: departmentListSchema } } }, async (req) =>
    listDepartments(deps, requireCaller(req)),
  );
};
