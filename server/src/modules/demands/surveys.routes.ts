import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireCaller } from '../../platform/auth/authenticate.ts';
import type { Deps } from '../../platform/context.ts';
import * as surveys from './surveys.service.ts';
import { answerBodySchema, createSurveyBodySchema, surveyDemandBodySchema, surveyIdParams, surveyListSchema, surveyResultsSchema, surveySchema } from './surveys.schemas.ts';
import { demandSchema } from './demands.schemas.ts';

/** 问卷: staff ask a place; residents answer once in the H5; results in aggregate. */
export const surveysRoutes = (deps: Deps): FastifyPluginAsyncZod => async (app) => {
  const tags = ['demands'];
  app.post('/api/surveys', { schema: { tags, summary: '发布问卷（单选、多选、文字、评分）', body: createSurveyBodySchema, response: { 201: surveySchema } } }, async (req, reply) =>
    reply.code(201).send(await surveys.createSurvey(deps, requireCaller(req), req.body)),
  );
  app.get('/api/surveys', { schema: { tags, summary: '问卷列表（按管辖范围）', response: { 200: surveyListSchema } } }, async (req) => surveys.listSurveys(deps, requireCaller(req)));
  app.get('/api/surveys/:id/results', { schema: { tags, summary: '问卷结果（汇总，不含作答人）', params: surveyIdParams, response: { 200: surveyResultsSchema } } }, async (req) =>
    surveys.surveyResults(deps, requireCaller(req), req.params.id),
  );
  app.get('/api/me/surveys', { schema: { tags: ['h5', ...tags], summary: '我所在小区、社区的问卷', response: { 200: surveyListSchema } } }, async (req) => surveys.mySurveys(deps, requireCaller(req)));
  app.post('/api/me/surveys/:id/answers', { schema: { tags: ['h5', ...tags], summary: '作答问卷（每人一次）', params: surveyIdParams, body: answerBodySchema, response: { 201: z.object({ ok: z.boolean() }) } } }, async (req, reply) =>
    reply.code(201).send(await surveys.answerSurvey(deps, requireCaller(req), req.params.id, req.body.answers)),
  );
  app.post('/api/surveys/:id/demands', { schema: { tags, summary: '把问卷中多人选择的选项转为需求清单中的需求（保留问卷链接，重复操作只更新人数）', params: surveyIdParams, body: surveyDemandBodySchema, response: { 200: demandSchema } } }, async (req) =>
    surveys.optionToDemand(deps, requireCaller(req), req.params.id, req.body),
  );
};
