import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireCaller } from '../../platform/auth/authenticate.ts';
import type { Deps } from '../../platform/context.ts';
import { retrySafeHeaders, retrySafeWrite } from '../../platform/retry-safe-write.ts';
import * as committees from './committees.service.ts';
import {
  compoundCommitteeSchema, createElectionBodySchema, electionListSchema, electionSchema, eligibleSchema, idParams, nominateBodySchema, picksBodySchema, reviewBodySchema,
  roleBodySchema, startVoteBodySchema,
} from './committees.schemas.ts';

/** 业委会 / 自管会: election (nominate → review → owners' vote with candidates → settle), roster and term. */
export const committeesRoutes = (deps: Deps): FastifyPluginAsyncZod => async (app) => {
  const retrySafe = retrySafeWrite(deps);
  const tags = ['committees'];
  const h5 = ['h5', ...tags];
  app.post('/api/committee-elections', { schema: { headers: retrySafeHeaders, tags, summary: '发起业委会/自管会选举（单数名额）', body: createElectionBodySchema, response: { 201: electionSchema } }, ...retrySafe }, async (req, reply) =>
    reply.code(201).send(await committees.createElection(deps, requireCaller(req), req.body)),
  );
  app.get('/api/committee-elections', { schema: { tags, summary: '选举列表（管辖范围内）', response: { 200: electionListSchema } } }, async (req) => committees.listElections(deps, requireCaller(req)));
  app.get('/api/committee-elections/:id', { schema: { tags, summary: '选举详情：候选人、计票、当选名单', params: idParams, response: { 200: electionSchema } } }, async (req) =>
    committees.getElection(deps, requireCaller(req), req.params.id),
  );
  app.get('/api/committee-elections/:id/eligible', { schema: { tags, summary: '本小区业主（供提名）', params: idParams, response: { 200: eligibleSchema } } }, async (req) =>
    committees.eligibleOwners(deps, requireCaller(req), req.params.id),
  );
  app.post('/api/committee-elections/:id/nominations', { schema: { headers: retrySafeHeaders, tags: h5, summary: '提名候选人（自荐或推荐本小区业主）', params: idParams, body: nominateBodySchema, response: { 201: electionSchema } }, ...retrySafe }, async (req, reply) =>
    reply.code(201).send(await committees.nominate(deps, requireCaller(req), req.params.id, req.body)),
  );
  app.post('/api/committee-nominations/:id/review', { schema: { headers: retrySafeHeaders, tags, summary: '候选人资格审查', params: idParams, body: reviewBodySchema, response: { 200: electionSchema } }, ...retrySafe }, async (req) =>
    committees.reviewNomination(deps, requireCaller(req), req.params.id, req.body),
  );
  app.post('/api/committee-elections/:id/vote', { schema: { headers: retrySafeHeaders, tags, summary: '确定候选人并生成选举表决（第278条第三项）', params: idParams, body: startVoteBodySchema, response: { 200: electionSchema } }, ...retrySafe }, async (req) =>
    committees.startVote(deps, requireCaller(req), req.params.id, req.body),
  );
  app.post('/api/committee-elections/:id/settle', { schema: { headers: retrySafeHeaders, tags, summary: '表决结果公布后确定当选名单', params: idParams, response: { 200: electionSchema } }, ...retrySafe }, async (req) =>
    committees.settle(deps, requireCaller(req), req.params.id),
  );
  app.patch('/api/committee-members/:id', { schema: { headers: retrySafeHeaders, tags, summary: '委员分工（主任/副主任/委员）', params: idParams, body: roleBodySchema, response: { 200: electionSchema } }, ...retrySafe }, async (req) =>
    committees.setRole(deps, requireCaller(req), req.params.id, req.body.role),
  );
  app.get('/api/places/:id/committee', { schema: { tags, summary: '小区档案：现任业委会/自管会、任期', params: idParams, response: { 200: compoundCommitteeSchema } } }, async (req) =>
    committees.compoundCommittee(deps, requireCaller(req), req.params.id),
  );
  app.get('/api/me/committee-elections', { schema: { tags: h5, summary: '我所在小区的委员会选举', response: { 200: electionListSchema } } }, async (req) => committees.myElections(deps, requireCaller(req)));
  app.put('/api/me/committee-elections/:id/ballot', { schema: { headers: retrySafeHeaders, tags: h5, summary: '选举投票：至多选应选名额数的候选人（截止前可改）', params: idParams, body: picksBodySchema, response: { 200: electionSchema } }, ...retrySafe }, async (req) =>
    committees.castPicks(deps, requireCaller(req), req.params.id, req.body),
  );
};
