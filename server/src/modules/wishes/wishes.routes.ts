import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireCaller } from '../../platform/auth/authenticate.ts';
import type { Deps } from '../../platform/context.ts';
import { retrySafeHeaders, retrySafeWrite } from '../../platform/retry-safe-write.ts';
import { uploadedFile } from '../photos/index.ts';
import * as wishes from './wishes.service.ts';
import {
  claimBodySchema,
  confirmBodySchema,
  fulfilBodySchema,
  idempotencyHeaders,
  myWishesSchema,
  postWishBodySchema,
  postWishForBodySchema,
  reviewBodySchema,
  statsQuerySchema,
  uploadedWishPhotoSchema,
  wallQuerySchema,
  wallSchema,
  wallWishSchema,
  wishIdParams,
  wishListQuerySchema,
  wishPageSchema,
  wishPhotoParams,
  wishPhotoQuerySchema,
  wishSchema,
  wishStatsSchema,
} from './wishes.schemas.ts';
import { z } from 'zod';

/** 微心愿: post, review, the wall, claim, fulfil with photo proof, confirm; per-place statistics. */
export const wishesRoutes = (deps: Deps): FastifyPluginAsyncZod => async (app) => {
  const retrySafe = retrySafeWrite(deps);
  const tags = ['wishes'];
  app.post('/api/me/wishes', { schema: { tags: ['h5', ...tags], summary: '居民发布微心愿（待社区审核）', headers: idempotencyHeaders, body: postWishBodySchema, response: { 201: wishSchema } } }, async (req, reply) =>
    reply.code(201).send(await wishes.postWish(deps, requireCaller(req), req.body, req.headers['idempotency-key'])),
  );
  app.post('/api/wishes', { schema: { tags, summary: '为居民代发微心愿（老人、困境儿童、低收入家庭）', headers: idempotencyHeaders, body: postWishForBodySchema, response: { 201: wishSchema } } }, async (req, reply) =>
    reply.code(201).send(await wishes.postWish(deps, requireCaller(req), req.body, req.headers['idempotency-key'])),
  );
  app.get('/api/wishes', { schema: { tags, summary: '心愿审核队列与列表（按管辖范围）', querystring: wishListQuerySchema, response: { 200: wishPageSchema } } }, async (req) =>
    wishes.listWishes(deps, requireCaller(req), req.query),
  );
  app.get('/api/wishes/stats', { schema: { tags, summary: '分地点心愿统计', querystring: statsQuerySchema, response: { 200: wishStatsSchema } } }, async (req) =>
    wishes.wishStats(deps, requireCaller(req), req.query.placeId),
  );
  app.get('/api/wishes/:id', { schema: { tags, summary: '心愿详情（本人、代发人、审核人员）', params: wishIdParams, response: { 200: wishSchema } } }, async (req) =>
    wishes.getWish(deps, requireCaller(req), req.params.id),
  );
  app.post('/api/wishes/:id/review', { schema: { headers: retrySafeHeaders, tags, summary: '审核心愿：通过上墙或驳回（须写理由）', params: wishIdParams, body: reviewBodySchema, response: { 200: wishSchema } }, ...retrySafe }, async (req) =>
    wishes.reviewWish(deps, requireCaller(req), req.params.id, req.body),
  );
  app.get('/api/wish-wall', { schema: { tags: ['h5', ...tags], summary: '心愿墙（未经本人单独同意不显示姓名与住址）', querystring: wallQuerySchema, response: { 200: wallSchema } } }, async (req) =>
    wishes.wall(deps, requireCaller(req), req.query.placeId),
  );
  app.get('/api/wish-wall/:id', { schema: { tags: ['h5', ...tags], summary: '心愿墙上的一条心愿', params: wishIdParams, response: { 200: wallWishSchema } } }, async (req) =>
    wishes.getWallWish(deps, requireCaller(req), req.params.id),
  );
  app.post('/api/wish-wall/:id/claim', { schema: { headers: retrySafeHeaders, tags: ['h5', ...tags], summary: '认领心愿（党员、单位、志愿者、商家；一人认领）', params: wishIdParams, body: claimBodySchema, response: { 200: wallWishSchema } }, ...retrySafe }, async (req) =>
    wishes.claimWish(deps, requireCaller(req), req.params.id, req.body),
  );
  app.post('/api/wish-wall/:id/fulfil', { schema: { headers: retrySafeHeaders, tags: ['h5', ...tags], summary: '上传照片凭证，标记心愿已实现', params: wishIdParams, body: fulfilBodySchema, response: { 200: wallWishSchema } }, ...retrySafe }, async (req) =>
    wishes.fulfilWish(deps, requireCaller(req), req.params.id, req.body),
  );
  app.post('/api/wishes/:id/confirm', { schema: { headers: retrySafeHeaders, tags: ['h5', ...tags], summary: '受助人（或代发工作人员）确认心愿实现并留言感谢', params: wishIdParams, body: confirmBodySchema, response: { 200: wishSchema } }, ...retrySafe }, async (req) =>
    wishes.confirmWish(deps, requireCaller(req), req.params.id, req.body),
  );
  app.get('/api/me/wishes', { schema: { tags: ['h5', ...tags], summary: '我的心愿（我发布的或为我发布的）', response: { 200: myWishesSchema } } }, async (req) =>
    wishes.myWishes(deps, requireCaller(req)),
  );
  app.get('/api/me/wish-claims', { schema: { tags: ['h5', ...tags], summary: '我认领的心愿', response: { 200: z.object({ items: z.array(wallWishSchema) }) } } }, async (req) =>
    wishes.myClaims(deps, requireCaller(req)),
  );
  app.post('/api/wish-photos', { schema: { tags: ['h5', ...tags], summary: '上传心愿照片或实现凭证（multipart 字段 file；≤10 MB；重新编码并去除元数据）', consumes: ['multipart/form-data'], querystring: wishPhotoQuerySchema, response: { 201: uploadedWishPhotoSchema } } }, async (req, reply) =>
    reply.code(201).send(await wishes.uploadPhoto(deps, requireCaller(req), req.query.purpose, () => uploadedFile(req))),
  );
  app.get('/api/wish-photos/:id', { schema: { tags, summary: '查看心愿照片', params: wishPhotoParams } }, async (req, reply) => {
    const photo = await wishes.readPhoto(deps, requireCaller(req), req.params.id);
    return reply.header('content-type', photo.mime).header('x-content-type-options', 'nosniff').header('cache-control', 'private, max-age=3600').send(photo.content);
  });
};
