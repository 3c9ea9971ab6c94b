import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireCaller } from '../../platform/auth/authenticate.ts';
import type { Deps } from '../../platform/context.ts';
import {
  communityPatchSchema,
  compoundKindsSchema,
  compoundPatchSchema,
  coverageQuerySchema,
  coverageSchema,
  idParamsSchema,
  placeDetailSchema,
  placeNodeSchema,
  searchQuerySchema,
  searchResultSchema,
} from './places.schemas.ts';
import * as places from './places.service.ts';

export const placesRoutes = (deps: Deps): FastifyPluginAsyncZod => async (app) => {
  const tags = ['places'];
  app.get('/api/places/roots', { schema: { tags, summary: '我管辖范围的根节点', response: { 200: z.array(placeNodeSchema) } } }, async (req) =>
    places.listRoots(deps, requireCaller(req)),
  );
  app.get('/api/places/search', { schema: { tags, summary: '搜索地点', querystring: searchQuerySchema, response: { 200: searchResultSchema } } }, async (req) =>
    places.searchPlaces(deps, requireCaller(req), req.query.q, req.query.kind),
  );
  app.get('/api/places/:id', { schema: { tags, summary: '地点详情（含小区/社区档案）', params: idParamsSchema, response: { 200: placeDetailSchema } } }, async (req) =>
    places.getPlace(deps, requireCaller(req), req.params.id),
  );
  app.get('/api/places/:id/children', { schema: { tags, summary: '下级地点', params: idParamsSchema, response: { 200: z.array(placeNodeSchema) } } }, async (req) =>
    places.listChildren(deps, requireCaller(req), req.params.id),
  );
  app.patch('/api/places/:id/compound', { schema: { tags, summary: '修改小区档案', params: idParamsSchema, body: compoundPatchSchema, response: { 200: placeDetailSchema } } }, async (req) =>
    places.updateCompound(deps, requireCaller(req), req.params.id, req.body),
  );
  app.patch('/api/places/:id/community', { schema: { tags, summary: '修改社区分类与标签', params: idParamsSchema, body: communityPatchSchema, response: { 200: placeDetailSchema } } }, async (req) =>
    places.updateCommunity(deps, requireCaller(req), req.params.id, req.body),
  );
  app.get('/api/coverage', { schema: { tags, summary: '小区专员覆盖情况', querystring: coverageQuerySchema, response: { 200: coverageSchema } } }, async (req) =>
    places.coverage(deps, requireCaller(req), req.query.placeId),
  );
  app.get('/api/cockpit/compound-kinds', { schema: { tags: ['cockpit'], summary: '各类型小区数量', querystring: coverageQuerySchema, response: { 200: compoundKindsSchema } } }, async (req) =>
    places.compoundKinds(deps, requireCaller(req), req.query.placeId),
  );
};
