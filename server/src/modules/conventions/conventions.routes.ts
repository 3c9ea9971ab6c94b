import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireCaller } from '../../platform/auth/authenticate.ts';
import type { Deps } from '../../platform/context.ts';
import { retrySafeHeaders, retrySafeWrite } from '../../platform/retry-safe-write.ts';
import * as conventions from './conventions.service.ts';
import {
  addVersionBodySchema, conventionListSchema, conventionSchema, createConventionBodySchema, filingListSchema, filingQuerySchema, filingSchema, idParams, putToVoteBodySchema,
  returnFilingBodySchema, versionParams,
} from './conventions.schemas.ts';

/** 小区公约: versions with a diff, adoption by an owners' vote, acknowledgement by residents, filing with the street. */
export const conventionsRoutes = (deps: Deps): FastifyPluginAsyncZod => async (app) => {
  const retrySafe = retrySafeWrite(deps);
  const tags = ['conventions'];
  const h5 = ['h5', ...tags];
  app.post('/api/conventions', { schema: { headers: retrySafeHeaders, tags, summary: '起草小区公约（第 1 版）', body: createConventionBodySchema, response: { 201: conventionSchema } }, ...retrySafe }, async (req, reply) =>
    reply.code(201).send(await conventions.createConvention(deps, requireCaller(req), req.body)),
  );
  app.get('/api/conventions', { schema: { tags, summary: '小区公约列表（管辖范围内）', response: { 200: conventionListSchema } } }, async (req) => conventions.listConventions(deps, requireCaller(req)));
  app.get('/api/conventions/:id', { schema: { tags, summary: '公约详情：各版本、与上一版的差异、阅知人数、备案', params: idParams, response: { 200: conventionSchema } } }, async (req) =>
    conventions.getConvention(deps, requireCaller(req), req.params.id),
  );
  app.post('/api/conventions/:id/versions', { schema: { headers: retrySafeHeaders, tags, summary: '起草新版本（修订）', params: idParams, body: addVersionBodySchema, response: { 201: conventionSchema } }, ...retrySafe }, async (req, reply) =>
    reply.code(201).send(await conventions.addVersion(deps, requireCaller(req), req.params.id, req.body)),
  );
  app.post('/api/conventions/:id/versions/:versionId/vote', { schema: { headers: retrySafeHeaders, tags, summary: '提交业主表决（第278条第二项，生成表决草稿）', params: versionParams, body: putToVoteBodySchema, response: { 200: conventionSchema } }, ...retrySafe }, async (req) =>
    conventions.putToVote(deps, requireCaller(req), req.params.id, req.params.versionId, req.body),
  );
  app.post('/api/conventions/:id/versions/:versionId/filings', { schema: { headers: retrySafeHeaders, tags, summary: '报街道备案（现行版本）', params: versionParams, response: { 201: conventionSchema } }, ...retrySafe }, async (req, reply) =>
    reply.code(201).send(await conventions.submitFiling(deps, requireCaller(req), req.params.id, req.params.versionId)),
  );
  app.get('/api/convention-filings', { schema: { tags, summary: '公约备案（街道）', querystring: filingQuerySchema, response: { 200: filingListSchema } } }, async (req) =>
    conventions.listFilings(deps, requireCaller(req), req.query.status),
  );
  app.post('/api/convention-filings/:id/accept', { schema: { headers: retrySafeHeaders, tags, summary: '受理备案（街道）', params: idParams, response: { 200: filingSchema } }, ...retrySafe }, async (req) =>
    conventions.decideFiling(deps, requireCaller(req), req.params.id, { accept: true }),
  );
  app.post('/api/convention-filings/:id/return', { schema: { headers: retrySafeHeaders, tags, summary: '退回备案并说明原因（街道）', params: idParams, body: returnFilingBodySchema, response: { 200: filingSchema } }, ...retrySafe }, async (req) =>
    conventions.decideFiling(deps, requireCaller(req), req.params.id, { accept: false, reason: req.body.reason }),
  );
  app.get('/api/me/conventions', { schema: { tags: h5, summary: '我所在小区的公约', response: { 200: conventionListSchema } } }, async (req) => conventions.myConventions(deps, requireCaller(req)));
  app.post('/api/me/convention-versions/:id/acknowledge', { schema: { headers: retrySafeHeaders, tags: h5, summary: '已阅知悉（现行版本）', params: idParams, response: { 201: conventionSchema } }, ...retrySafe }, async (req, reply) =>
    reply.code(201).send(await conventions.acknowledge(deps, requireCaller(req), req.params.id)),
  );
};
