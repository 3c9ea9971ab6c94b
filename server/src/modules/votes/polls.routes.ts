import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireCaller } from '../../platform/auth/authenticate.ts';
import type { Deps } from '../../platform/context.ts';
import { retrySafeHeaders, retrySafeWrite } from '../../platform/retry-safe-write.ts';
import * as polls from './polls.service.ts';
import { createPollBodySchema, pollAnswerBodySchema, pollListSchema, pollSchema } from './polls.schemas.ts';
import { voteIdParams } from './votes.schemas.ts';

/** 居民投票: residents' polls, one answer per verified resident or household. */
export const pollsRoutes = (deps: Deps): FastifyPluginAsyncZod => async (app) => {
  const retrySafe = retrySafeWrite(deps);
  const tags = ['votes'];
  app.post('/api/polls', { schema: { headers: retrySafeHeaders, tags, summary: '发起居民投票（每人一票或每户一票）', body: createPollBodySchema, response: { 201: pollSchema } }, ...retrySafe }, async (req, reply) =>
    reply.code(201).send(await polls.createPoll(deps, requireCaller(req), req.body)),
  );
  app.get('/api/polls', { schema: { tags, summary: '居民投票列表', response: { 200: pollListSchema } } }, async (req) => polls.listPolls(deps, requireCaller(req)));
  app.get('/api/polls/:id', { schema: { tags, summary: '居民投票详情（结果：工作人员随时可见，居民在截止后可见）', params: voteIdParams, response: { 200: pollSchema } } }, async (req) =>
    polls.getPoll(deps, requireCaller(req), req.params.id),
  );
  app.get('/api/me/polls', { schema: { tags: ['h5', ...tags], summary: '我所在小区、社区的居民投票', response: { 200: pollListSchema } } }, async (req) => polls.myPolls(deps, requireCaller(req)));
  app.post('/api/me/polls/:id/answer', { schema: { headers: retrySafeHeaders, tags: ['h5', ...tags], summary: '投票（每人或每户一次）', params: voteIdParams, body: pollAnswerBodySchema, response: { 201: pollSchema } }, ...retrySafe }, async (req, reply) =>
    reply.code(201).send(await polls.answerPoll(deps, requireCaller(req), req.params.id, req.body.option)),
  );
};
