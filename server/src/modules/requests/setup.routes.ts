import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireCaller } from '../../platform/auth/authenticate.ts';
import type { Deps } from '../../platform/context.ts';
import { localeFrom } from '../../platform/messages.ts';
import {
  categoryCreateSchema, categoryPatchSchema, categorySchema, holidayCreateSchema, holidayDayParams, holidaySchema, holidayYearQuery, idParams,
} from './requests.schemas.ts';
import { addHoliday, createCategory, deleteHoliday, listCategories, listHolidays, updateCategory } from './setup.service.ts';

/** District configuration: request categories with their limits, and the working-time calendar (节假日与调休). */
export const setupRoutes = (deps: Deps): FastifyPluginAsyncZod => async (app) => {
  const tags = ['requests'];
  const lang = (req: { headers: Record<string, unknown> }) => localeFrom(req.headers['accept-language'] as string | undefined);
  app.get('/api/request-categories', { schema: { tags, summary: '诉求类别与时限', response: { 200: z.array(categorySchema) } } }, async (req) =>
    listCategories(deps, requireCaller(req), lang(req)),
  );
  app.post('/api/request-categories', { schema: { tags, summary: '新增诉求类别（区管理员）', body: categoryCreateSchema, response: { 201: categorySchema } } }, async (req, reply) =>
    reply.code(201).send(await createCategory(deps, requireCaller(req), req.body, lang(req))),
  );
  app.patch('/api/request-categories/:id', { schema: { tags, summary: '修改类别名称、时限与责任方（区管理员）', params: idParams, body: categoryPatchSchema, response: { 200: categorySchema } } }, async (req) =>
    updateCategory(deps, requireCaller(req), req.params.id, req.body, lang(req)),
  );
  app.get('/api/holidays', { schema: { tags, summary: '工作时间日历：某年的节假日与调休工作日', querystring: holidayYearQuery, response: { 200: z.array(holidaySchema) } } }, async (req) =>
    listHolidays(deps, requireCaller(req), req.query.year),
  );
  app.post('/api/holidays', { schema: { tags, summary: '添加节假日或调休工作日（区管理员；一个日期只能是一种）', body: holidayCreateSchema, response: { 201: holidaySchema } } }, async (req, reply) =>
    reply.code(201).send(await addHoliday(deps, requireCaller(req), req.body, lang(req))),
  );
  app.delete('/api/holidays/:day', { schema: { tags, summary: '删除节假日表中的一天（区管理员）', params: holidayDayParams, response: { 200: holidaySchema } } }, async (req) =>
    deleteHoliday(deps, requireCaller(req), req.params.day),
  );
};
