import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireCaller } from '../../platform/auth/authenticate.ts';
import type { Deps } from '../../platform/context.ts';
import { closeConsultation, convene, listForRequest } from './consultations.service.ts';
import { closeConsultationBodySchema, consultationListSchema, consultationSchema, conveneBodySchema } from './consultations.schemas.ts';
import { idParams } from './requests.schemas.ts';

/** 小区协商铃: tri-party consultations on a request. */
export const consultationsRoutes = (deps: Deps): FastifyPluginAsyncZod => async (app) => {
  const tags = ['requests', 'consultations'];
  app.post('/api/requests/:id/consultations', { schema: { tags, summary: '召集三方协商（小区协商铃）', params: idParams, body: conveneBodySchema, response: { 201: consultationSchema } } }, async (req, reply) =>
    reply.code(201).send(await convene(deps, requireCaller(req), req.params.id, req.body)),
  );
  app.get('/api/requests/:id/consultations', { schema: { tags, summary: '诉求的协商记录', params: idParams, response: { 200: consultationListSchema } } }, async (req) =>
    listForRequest(deps, requireCaller(req), req.params.id),
  );
  app.patch('/api/consultations/:id', { schema: { tags, summary: '结束协商：到场各方、结果、是否提交议事', params: idParams, body: closeConsultationBodySchema, response: { 200: consultationSchema } } }, async (req) =>
    closeConsultation(deps, requireCaller(req), req.params.id, req.body),
  );
};
