import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireCaller } from '../../platform/auth/authenticate.ts';
import type { Deps } from '../../platform/context.ts';
import * as charity from './charity.service.ts';
import * as s from './charity.schemas.ts';

/** 微公益: drives, their ledger (pledges, receipts, disbursements of money and goods), and the public ledger. */
export const charityRoutes = (deps: Deps): FastifyPluginAsyncZod => async (app) => {
  const tags = ['charity'];
  app.get('/api/charity/places', { schema: { tags, summary: '可发起公益活动的社区与小区', response: { 200: s.drivePlacesSchema } } }, async (req) =>
    charity.drivePlaces(deps, requireCaller(req)));
  app.get('/api/charity/drives', { schema: { tags, summary: '公益活动与募集（按管辖范围）', querystring: s.drivesQuerySchema, response: { 200: s.driveListSchema } } }, async (req) =>
    charity.listDrives(deps, requireCaller(req), req.query));
  app.post('/api/charity/drives', { schema: { tags, summary: '发起公益活动或募集（款物；不经手支付）', body: s.createDriveBodySchema, response: { 201: s.driveLedgerSchema } } }, async (req, reply) =>
    reply.code(201).send(await charity.createDrive(deps, requireCaller(req), req.body)));
  app.get('/api/charity/drives/:id', { schema: { tags, summary: '活动台账（含捐赠人姓名与记账人）', params: s.idParams, response: { 200: s.driveLedgerSchema } } }, async (req) =>
    charity.getLedger(deps, requireCaller(req), req.params.id));
  app.post('/api/charity/drives/:id/entries', { schema: { tags, summary: '记账：认捐、收入或支出（支出不得超过已收到的款物）', params: s.idParams, headers: s.idempotencyHeaders, body: s.entryBodySchema, response: { 201: s.driveLedgerSchema } } }, async (req, reply) =>
    reply.code(201).send(await charity.recordEntry(deps, requireCaller(req), req.params.id, req.body, req.headers['idempotency-key'])));
  app.post('/api/charity/drives/:id/close', { schema: { tags, summary: '结束活动（之后只可登记支出）', params: s.idParams, response: { 200: s.driveLedgerSchema } } }, async (req) =>
    charity.closeDrive(deps, requireCaller(req), req.params.id));
  app.get('/api/me/charity-drives', { schema: { tags: ['h5', ...tags], summary: '我所在社区、小区的公益活动', response: { 200: s.driveListSchema } } }, async (req) =>
    charity.myDrives(deps, requireCaller(req)));
  app.get('/api/public/charity-drives/:id', { schema: { tags: ['public', ...tags], summary: '公益台账公示（无需登录；捐赠人经同意才显示姓名）', params: s.idParams, response: { 200: s.publicLedgerSchema } } }, async (req) =>
    charity.publicLedger(deps, req.params.id));
};
