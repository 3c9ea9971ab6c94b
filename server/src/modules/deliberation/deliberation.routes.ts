import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireCaller } from '../../platform/auth/authenticate.ts';
import type { Deps } from '../../platform/context.ts';
import * as days from './days.service.ts';
import * as topics from './topics.service.ts';
import {
  dayItemParams, dayListSchema, dayParticipantParams, daySchema, followupBodySchema, followupDoneBodySchema, idParams, minutesBodySchema, raiseTopicBodySchema,
  scheduleDayBodySchema, topicListSchema, topicSchema,
} from './deliberation.schemas.ts';

/** 议事协商: topics and seconds; open deliberation days with agenda, sign-in, minutes and follow-ups. */
/** Optional here: with it, a retried creation answers the first one instead of making a second (retry-safe.ts). */
const retryHeaders = z.object({ 'idempotency-key': z.string().trim().min(8).max(100).optional() });

export const deliberationRoutes = (deps: Deps): FastifyPluginAsyncZod => async (app) => {
  const tags = ['deliberation'];
  app.post('/api/topics', { schema: { tags, summary: '提出议题（居民为所住小区/社区；三方与专员为所服务的地方）', headers: retryHeaders, body: raiseTopicBodySchema, response: { 201: topicSchema } } }, async (req, reply) =>
    reply.code(201).send(await topics.raiseTopic(deps, requireCaller(req), req.body, req.headers['idempotency-key'])),
  );
  app.get('/api/topics', { schema: { tags, summary: '议题列表（含由协商转来的议题）', querystring: z.object({ placeId: z.coerce.number().int().positive().optional() }), response: { 200: topicListSchema } } }, async (req) =>
    topics.listTopics(deps, requireCaller(req), req.query.placeId),
  );
  app.get('/api/topics/:id', { schema: { tags, summary: '议题详情', params: idParams, response: { 200: topicSchema } } }, async (req) => topics.getTopic(deps, requireCaller(req), req.params.id));
  app.post('/api/topics/:id/second', { schema: { tags: ['h5', ...tags], summary: '附议（每人一次）', params: idParams, response: { 200: topicSchema } } }, async (req) =>
    topics.secondTopic(deps, requireCaller(req), req.params.id),
  );
  app.get('/api/deliberation-facilitators', { schema: { tags, summary: '可为该地安排的促动师', querystring: z.object({ placeId: z.coerce.number().int().positive() }), response: { 200: z.object({ items: z.array(z.object({ id: z.number(), name: z.string() })) }) } } }, async (req) =>
    days.facilitatorsFor(deps, requireCaller(req), req.query.placeId),
  );
  app.post('/api/deliberation-days', { schema: { tags, summary: '安排公开议事日（议程、促动师、参会人）', headers: retryHeaders, body: scheduleDayBodySchema, response: { 201: daySchema } } }, async (req, reply) =>
    reply.code(201).send(await days.scheduleDay(deps, requireCaller(req), req.body, req.headers['idempotency-key'])),
  );
  app.get('/api/deliberation-days', { schema: { tags, summary: '议事日列表', response: { 200: dayListSchema } } }, async (req) => days.listDays(deps, requireCaller(req)));
  app.get('/api/deliberation-days/:id', { schema: { tags, summary: '议事日详情（居民在纪要公开后可见纪要）', params: idParams, response: { 200: daySchema } } }, async (req) =>
    days.getDay(deps, requireCaller(req), req.params.id),
  );
  app.post('/api/deliberation-days/:id/participants/:participantId/sign-in', { schema: { tags, summary: '参会签到', params: dayParticipantParams, response: { 200: daySchema } } }, async (req) =>
    days.signInParticipant(deps, requireCaller(req), req.params.id, req.params.participantId),
  );
  app.patch('/api/deliberation-days/:id/agenda/:itemId/minutes', { schema: { tags, summary: '记录议题纪要（讨论、决议）', params: dayItemParams, body: minutesBodySchema, response: { 200: daySchema } } }, async (req) =>
    days.recordMinutes(deps, requireCaller(req), req.params.id, req.params.itemId, req.body),
  );
  app.post('/api/deliberation-days/:id/agenda/:itemId/followups', { schema: { tags, summary: '添加跟进事项（责任人、期限）', params: dayItemParams, body: followupBodySchema, response: { 201: daySchema } } }, async (req, reply) =>
    reply.code(201).send(await days.addFollowup(deps, requireCaller(req), req.params.id, req.params.itemId, req.body)),
  );
  app.post('/api/deliberation-followups/:id/done', { schema: { tags, summary: '跟进事项办结', params: idParams, body: followupDoneBodySchema, response: { 200: daySchema } } }, async (req) =>
    days.completeFollowup(deps, requireCaller(req), req.params.id, req.body.note),
  );
  app.post('/api/deliberation-days/:id/publish', { schema: { tags, summary: '公开会议纪要', params: idParams, response: { 200: daySchema } } }, async (req) =>
    days.publishMinutes(deps, requireCaller(req), req.params.id),
  );
};
