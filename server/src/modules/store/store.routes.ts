import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireCaller } from '../../platform/auth/authenticate.ts';
import type { Deps } from '../../platform/context.ts';
import { idempotencyHeaders } from '../points/index.ts';
import * as store from './store.service.ts';
import {
  applyBodySchema,
  decisionBodySchema,
  idParams,
  listingBodySchema,
  listingPageSchema,
  listingPatchSchema,
  listingSchema,
  listingsQuerySchema,
  merchantPageSchema,
  merchantSchema,
  merchantsQuerySchema,
  myMerchantsSchema,
  settlementQuerySchema,
  settlementSchema,
  tokenParams,
  voucherPageSchema,
  voucherSchema,
  vouchersQuerySchema,
} from './store.schemas.ts';

/** 贡享超市: merchants and skilled residents, their listings, redemptions, vouchers and settlement. */
export const storeRoutes = (deps: Deps): FastifyPluginAsyncZod => async (app) => {
  const tags = ['store'];
  const key = (h: { 'idempotency-key'?: string }) => h['idempotency-key'];

  app.post('/api/store/merchants', { schema: { tags: ['h5', ...tags], summary: '商家或达人申请入驻', headers: idempotencyHeaders, body: applyBodySchema, response: { 201: merchantSchema } } }, async (req, reply) =>
    reply.code(201).send(await store.apply(deps, requireCaller(req), req.body, key(req.headers))),
  );
  app.get('/api/me/store/merchants', { schema: { tags: ['h5', ...tags], summary: '我的店铺（我申请的商家或达人）', response: { 200: myMerchantsSchema } } }, async (req) =>
    store.myMerchants(deps, requireCaller(req)),
  );
  app.get('/api/store/merchants', { schema: { tags, summary: '入驻商家与达人（按管辖范围）', querystring: merchantsQuerySchema, response: { 200: merchantPageSchema } } }, async (req) =>
    store.listMerchants(deps, requireCaller(req), req.query),
  );
  app.post('/api/store/merchants/:id/decision', { schema: { tags, summary: '审核入驻申请、暂停或恢复商家', params: idParams, headers: idempotencyHeaders, body: decisionBodySchema, response: { 200: merchantSchema } } }, async (req) =>
    store.decide(deps, requireCaller(req), req.params.id, req.body, key(req.headers)),
  );
  app.get('/api/store/merchants/:id/listings', { schema: { tags, summary: '商家的全部商品与服务（店主或管理人员）', params: idParams, response: { 200: listingPageSchema } } }, async (req) =>
    store.merchantListings(deps, requireCaller(req), req.params.id),
  );
  app.post('/api/store/merchants/:id/listings', { schema: { tags: ['h5', ...tags], summary: '上架商品或服务（店主）', params: idParams, headers: idempotencyHeaders, body: listingBodySchema, response: { 201: listingSchema } } }, async (req, reply) =>
    reply.code(201).send(await store.createListing(deps, requireCaller(req), req.params.id, req.body, key(req.headers))),
  );
  app.get('/api/store/merchants/:id/vouchers', { schema: { tags, summary: '商家的兑换券（店主或管理人员）', params: idParams, querystring: vouchersQuerySchema, response: { 200: voucherPageSchema } } }, async (req) =>
    store.merchantVouchers(deps, requireCaller(req), req.params.id, req.query),
  );
  app.patch('/api/store/listings/:id', { schema: { tags: ['h5', ...tags], summary: '修改、补货、下架（店主）', params: idParams, headers: idempotencyHeaders, body: listingPatchSchema, response: { 200: listingSchema } } }, async (req) =>
    store.updateListing(deps, requireCaller(req), req.params.id, req.body, key(req.headers)),
  );
  app.get('/api/store/listings', { schema: { tags: ['h5', ...tags], summary: '贡享超市货架（本区已上架）', querystring: listingsQuerySchema, response: { 200: listingPageSchema } } }, async (req) =>
    store.shelf(deps, requireCaller(req), req.query),
  );
  app.get('/api/store/listings/:id', { schema: { tags: ['h5', ...tags], summary: '商品或服务详情', params: idParams, response: { 200: listingSchema } } }, async (req) =>
    store.getListing(deps, requireCaller(req), req.params.id),
  );
  app.post('/api/store/listings/:id/redeem', { schema: { tags: ['h5', ...tags], summary: '用积分兑换（生成兑换券）', params: idParams, headers: idempotencyHeaders, body: z.object({}).strict().optional(), response: { 201: voucherSchema } } }, async (req, reply) =>
    reply.code(201).send(await store.redeem(deps, requireCaller(req), req.params.id, key(req.headers))),
  );
  app.get('/api/me/store/vouchers', { schema: { tags: ['h5', ...tags], summary: '我的兑换券', querystring: vouchersQuerySchema, response: { 200: voucherPageSchema } } }, async (req) =>
    store.myVouchers(deps, requireCaller(req), req.query),
  );
  app.post('/api/store/vouchers/:id/cancel', { schema: { tags: ['h5', ...tags], summary: '取消未核销的兑换券（兑换人或商家），积分与库存退回', params: idParams, headers: idempotencyHeaders, body: z.object({}).strict().optional(), response: { 200: voucherSchema } } }, async (req) =>
    store.cancel(deps, requireCaller(req), req.params.id, key(req.headers)),
  );
  app.get('/api/store/fulfil/:token', { schema: { tags: ['h5', ...tags], summary: '商家打开兑换券二维码链接', params: tokenParams, response: { 200: voucherSchema } } }, async (req) =>
    store.voucherByToken(deps, requireCaller(req), req.params.token),
  );
  app.post('/api/store/fulfil/:token', { schema: { tags: ['h5', ...tags], summary: '核销兑换券（商家）', params: tokenParams, headers: idempotencyHeaders, body: z.object({}).strict().optional(), response: { 200: voucherSchema } } }, async (req) =>
    store.fulfil(deps, requireCaller(req), req.params.token, key(req.headers)),
  );
  app.get('/api/store/settlement', { schema: { tags, summary: '商家结算报表（按期间）', querystring: settlementQuerySchema, response: { 200: settlementSchema } } }, async (req) =>
    store.settlement(deps, requireCaller(req), req.query),
  );
};
