import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireCaller } from '../../platform/auth/authenticate.ts';
import type { Deps } from '../../platform/context.ts';
import { localeFrom } from '../../platform/messages.ts';
import { categoryPatchSchema, categorySchema, idParams } from './requests.schemas.ts';
import { listCategories, updateCategory } from './setup.service.ts';

export const setupRoutes = (deps: Deps): FastifyPluginAsyncZod => async (app) => {
  const tags = ['requests'];
  app.get('/api/request-categories', { schema: { tags, summary: '诉求类别与时限', response: { 200: z.array(categorySchema) } } }, async (req) =>
    listCategories(deps, requireCaller(req), localeFrom(req.headers['accept-language'])),
  );
  app.patch('/api/request-categories/:id', { schema: { tags, summary: '修改类别时限与责任方（区管理员）', params: idParams, body: categoryPatchSchema, response: { 200: categorySchema } } }, async (req) =>
    updateCategory(deps, requireCaller(req), req.params.id, req.body, localeFrom(req.headers['accept-language'])),
  );
};
