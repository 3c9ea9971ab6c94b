import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireCaller } from '../../platform/auth/authenticate.ts';
import type { Deps } from '../../platform/context.ts';
import * as points from './points.service.ts';
import {
  idempotencyHeaders,
  journalQuery,
  journalSchema,
  ledgerSummarySchema,
  myEntriesSchema,
  myPointsSchema,
  pageQuery,
  putRulesBodySchema,
  rulesSchema,
} from './points.schemas.ts';

/** 积分: a person's balance and history, the district's earning rules, the journal (台账). No cash-out exists. */
export const pointsRoutes = (deps: Deps): FastifyPluginAsyncZod => async (app) => {
  const tags = ['points'];
  app.get('/api/me/points', { schema: { tags: ['h5', ...tags], summary: '我的积分（余额、即将到期、获取规则）', response: { 200: myPointsSchema } } }, async (req) =>
    points.myPoints(deps, requireCaller(req)),
  );
  app.get('/api/me/points/entries', { schema: { tags: ['h5', ...tags], summary: '我的积分明细', querystring: pageQuery, response: { 200: myEntriesSchema } } }, async (req) =>
    points.myEntries(deps, requireCaller(req), req.query),
  );
  app.get('/api/points/rules', { schema: { tags, summary: '本区积分获取规则与有效期', response: { 200: rulesSchema } } }, async (req) =>
    points.getRules(deps, requireCaller(req)),
  );
  app.put('/api/points/rules', { schema: { tags, summary: '设置本区积分获取规则与有效期（区管理员）', headers: idempotencyHeaders, body: putRulesBodySchema, response: { 200: rulesSchema } } }, async (req) =>
    points.putRules(deps, requireCaller(req), req.body, req.headers['idempotency-key']),
  );
  app.get('/api/points/journal', { schema: { tags, summary: '积分台账（全部分录）', querystring: journalQuery, response: { 200: journalSchema } } }, async (req) =>
    points.journal(deps, requireCaller(req), req.query),
  );
  app.get('/api/points/summary', { schema: { tags, summary: '积分总账：各类流转合计与对账结果', response: { 200: ledgerSummarySchema } } }, async (req) =>
    points.ledgerSummary(deps, requireCaller(req)),
  );
};
