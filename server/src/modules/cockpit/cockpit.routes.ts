import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireCaller } from '../../platform/auth/authenticate.ts';
import type { Deps } from '../../platform/context.ts';
import { scopeFor } from '../../platform/scope.ts';
import { alertListSchema, alertsQuerySchema, liveQuerySchema, mapQuerySchema, summaryQuerySchema, summarySchema } from './cockpit.schemas.ts';
import * as cockpit from './cockpit.service.ts';
import { openTicker } from './ticker-stream.ts';

/** 数字驾驶舱: the summary of a place from the rollups, its synthetic map, and the live ticker of new requests. */
export const cockpitRoutes = (deps: Deps): FastifyPluginAsyncZod => async (app) => {
  const tags = ['cockpit'];
  app.get('/api/cockpit/summary', { schema: { tags, summary: '驾驶舱：某地点的核心指标、趋势与下级分解（读汇总表）', querystring: summaryQuerySchema, response: { 200: summarySchema } } }, async (req) =>
    cockpit.summary(deps, requireCaller(req), req.query),
  );
  app.get('/api/cockpit/map', { schema: { tags, summary: '大屏地图：下级地点的示意多边形（GeoJSON，本地生成，不含在线底图）', querystring: mapQuerySchema, response: { 200: z.object({ type: z.literal('FeatureCollection'), features: z.array(z.any()) }) } } }, async (req) =>
    cockpit.map(deps, requireCaller(req), req.query.placeId),
  );
  app.get('/api/cockpit/alerts', { schema: { tags, summary: '社区眼：超期激增、诉求量异常（对比本小区基线）、微心愿久未认领', querystring: alertsQuerySchema, response: { 200: alertListSchema } } }, async (req) =>
    cockpit.alerts(deps, requireCaller(req), req.query),
  );
  app.get('/api/cockpit/live', { schema: { tags, summary: '大屏实时滚动：新诉求（Server-Sent Events，event: request；仅类别、小区与时间）', querystring: liveQuerySchema } }, async (req, reply) => {
    const caller = requireCaller(req);
    const place = await cockpit.placeInScope(deps, scopeFor(caller.roles, 'cockpit.read'), req.query.placeId);
    openTicker(deps, caller, place, req, reply);
  });
};
