import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireCaller } from '../../platform/auth/authenticate.ts';
import type { Deps } from '../../platform/context.ts';
import { retrySafeHeaders, retrySafeWrite } from '../../platform/retry-safe-write.ts';
import { idempotencyHeaders } from '../points/index.ts';
import * as svc from './funds.service.ts';
import { getMatchingRule, setMatchingRule } from './matching.service.ts';
import { createFundBodySchema, entryPageSchema, fundSchema, idParams, pageQuery, receiptBodySchema, reconcileSchema, reportQuerySchema, yearReportSchema, matchingRuleBodySchema, matchingRuleSchema } from './funds.schemas.ts';

/** 资金: funds, receipts, entries, year-end reports and reconciliation. Allocations and payments are project steps. */
export const fundsRoutes = (deps: Deps): FastifyPluginAsyncZod => async (app) => {
  const retrySafe = retrySafeWrite(deps);
  const tags = ['funds'];
  app.get('/api/funds', { schema: { tags, summary: '资金账户（区级资金池、街道配套、社区基金、众筹、捐赠）', response: { 200: z.array(fundSchema) } } }, async (req) =>
    svc.listFunds(deps, requireCaller(req)));
  app.post('/api/funds', { schema: { headers: retrySafeHeaders, tags, summary: '建立资金账户', body: createFundBodySchema, response: { 201: fundSchema } }, ...retrySafe }, async (req, reply) =>
    reply.code(201).send(await svc.createFund(deps, requireCaller(req), req.body)));
  app.get('/api/funds/reconcile', { schema: { tags, summary: '资金对账（区管理员）', response: { 200: reconcileSchema } } }, async (req) =>
    svc.reconcile(deps, requireCaller(req)));
  app.post('/api/funds/:id/receipts', { schema: { tags, summary: '入账：财政拨款或捐赠、众筹（Idempotency-Key 必填）', params: idParams, headers: idempotencyHeaders, body: receiptBodySchema, response: { 201: fundSchema } } }, async (req, reply) =>
    reply.code(201).send(await svc.receiveIntoFund(deps, requireCaller(req), req.params.id, req.body, req.headers['idempotency-key'])));
  app.get('/api/funds/:id/entries', { schema: { tags, summary: '资金流水', params: idParams, querystring: pageQuery, response: { 200: entryPageSchema } } }, async (req) =>
    svc.fundEntries(deps, requireCaller(req), req.params.id, req.query.page, req.query.pageSize));
  app.get('/api/funds/:id/report', { schema: { tags, summary: '资金年度报告', params: idParams, querystring: reportQuerySchema, response: { 200: yearReportSchema } } }, async (req) =>
    svc.yearReport(deps, requireCaller(req), req.params.id, req.query.year));
  app.get('/api/funds/matching-rule', { schema: { tags, summary: '配套规则（现行与历次调整）', response: { 200: matchingRuleSchema } } }, async (req) =>
    getMatchingRule(deps, requireCaller(req)));
  app.put('/api/funds/matching-rule', { schema: { headers: retrySafeHeaders, tags, summary: '设置配套规则（区管理员；只影响此后的拨付）', body: matchingRuleBodySchema, response: { 200: matchingRuleSchema } }, ...retrySafe }, async (req) =>
    setMatchingRule(deps, requireCaller(req), req.body));
};
