import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireCaller } from '../../platform/auth/authenticate.ts';
import type { Deps } from '../../platform/context.ts';
import { retrySafeHeaders, retrySafeWrite } from '../../platform/retry-safe-write.ts';
import * as ballots from './ballots.service.ts';
import * as votes from './votes.service.ts';
import { pollsRoutes } from './polls.routes.ts';
import {
  castBodySchema, createVoteBodySchema, paperBallotBodySchema, participationListSchema, proxyBodySchema, recountSchema, voteIdParams, voteListSchema, voteSchema,
  voteSettingsBodySchema,
} from './votes.schemas.ts';

/** 业主共同决定 (民法典 第278条): draft → announce → (notice period) → open → ballots → close → publish. */
export const votesRoutes = (deps: Deps): FastifyPluginAsyncZod => async (app) => {
  const retrySafe = retrySafeWrite(deps);
  await app.register(pollsRoutes(deps));
  const tags = ['votes'];
  const h5 = ['h5', ...tags];
  const settings = z.object({ noticeDays: z.number(), extraordinaryNoticeDays: z.number() });
  const params = voteIdParams;
  app.get('/api/votes/settings', { schema: { tags, summary: '公告期设置（本区）', response: { 200: settings } } }, async (req) => votes.noticeSettings(deps, requireCaller(req).districtId));
  app.patch('/api/votes/settings', { schema: { headers: retrySafeHeaders, tags, summary: '设置公告期（区管理员）', body: voteSettingsBodySchema, response: { 200: settings } }, ...retrySafe }, async (req) =>
    votes.setNoticeSettings(deps, requireCaller(req), req.body),
  );
  app.post('/api/votes', { schema: { headers: retrySafeHeaders, tags, summary: '起草业主表决（第278条事项，小区/楼栋/单元）', body: createVoteBodySchema, response: { 201: voteSchema } }, ...retrySafe }, async (req, reply) =>
    reply.code(201).send(await votes.createVote(deps, requireCaller(req), req.body)),
  );
  app.get('/api/votes', { schema: { tags, summary: '业主表决列表（管辖范围内）', response: { 200: voteListSchema } } }, async (req) => votes.listVotes(deps, requireCaller(req)));
  app.get('/api/votes/:id', { schema: { tags, summary: '业主表决详情（工作人员可见实时计票）', params, response: { 200: voteSchema } } }, async (req) =>
    votes.getVote(deps, requireCaller(req), req.params.id),
  );
  app.post('/api/votes/:id/announce', { schema: { headers: retrySafeHeaders, tags, summary: '公告表决事项（开始公告期）', params, response: { 200: voteSchema } }, ...retrySafe }, async (req) =>
    votes.announceVote(deps, requireCaller(req), req.params.id),
  );
  app.post('/api/votes/:id/open', { schema: { headers: retrySafeHeaders, tags, summary: '开始投票（公告期满后；冻结业主名册）', params, response: { 200: voteSchema } }, ...retrySafe }, async (req) =>
    votes.openVote(deps, requireCaller(req), req.params.id),
  );
  app.post('/api/votes/:id/close', { schema: { headers: retrySafeHeaders, tags, summary: '截止投票并计票（投票期满后）', params, response: { 200: voteSchema } }, ...retrySafe }, async (req) =>
    votes.closeVote(deps, requireCaller(req), req.params.id),
  );
  app.post('/api/votes/:id/publish', { schema: { headers: retrySafeHeaders, tags, summary: '公布表决结果（截止后 3 日内）', params, response: { 200: voteSchema } }, ...retrySafe }, async (req) =>
    votes.publishVote(deps, requireCaller(req), req.params.id),
  );
  app.get('/api/votes/:id/recount', { schema: { tags, summary: '依选票重新计票并与公布结果比对', params, response: { 200: recountSchema } } }, async (req) =>
    votes.recount(deps, requireCaller(req), req.params.id),
  );
  app.get('/api/votes/:id/participation', { schema: { tags, summary: '参与情况（谁已投、谁未投；无记名投票不含选择）', params, response: { 200: participationListSchema } } }, async (req) =>
    votes.participation(deps, requireCaller(req), req.params.id),
  );
  app.post('/api/votes/:id/paper-ballots', { schema: { headers: retrySafeHeaders, tags, summary: '录入纸质表决票（附扫描件编号）', params, body: paperBallotBodySchema, response: { 201: voteSchema } }, ...retrySafe }, async (req, reply) =>
    reply.code(201).send(await ballots.enterPaperBallot(deps, requireCaller(req), req.params.id, req.body)),
  );
  app.post('/api/votes/:id/proxies', { schema: { headers: retrySafeHeaders, tags, summary: '登记受托代理人', params, body: proxyBodySchema, response: { 201: z.object({ ok: z.boolean() }) } }, ...retrySafe }, async (req, reply) =>
    reply.code(201).send(await ballots.registerProxy(deps, requireCaller(req), req.params.id, req.body)),
  );
  app.get('/api/me/votes', { schema: { tags: h5, summary: '我所在范围的业主表决', response: { 200: voteListSchema } } }, async (req) => votes.myVotes(deps, requireCaller(req)));
  app.post('/api/me/votes/:id/ballot', { schema: { headers: retrySafeHeaders, tags: h5, summary: '投票（每位业主一票）', params, body: castBodySchema, response: { 201: voteSchema } }, ...retrySafe }, async (req, reply) =>
    reply.code(201).send(await ballots.castBallot(deps, requireCaller(req), req.params.id, req.body)),
  );
  app.patch('/api/me/votes/:id/ballot', { schema: { headers: retrySafeHeaders, tags: h5, summary: '改票（截止前）', params, body: castBodySchema, response: { 200: voteSchema } }, ...retrySafe }, async (req) =>
    ballots.changeBallot(deps, requireCaller(req), req.params.id, req.body),
  );
  app.delete('/api/me/votes/:id/ballot', { schema: { headers: retrySafeHeaders, tags: h5, summary: '撤回刚提交的选票（10 分钟内）', params, response: { 200: voteSchema } }, ...retrySafe }, async (req) =>
    ballots.undoBallot(deps, requireCaller(req), req.params.id),
  );
};
