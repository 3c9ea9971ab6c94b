import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireCaller } from '../../platform/auth/authenticate.ts';
import type { Deps } from '../../platform/context.ts';
import { AppError, errorMessage } from '../../platform/errors.ts';
import { localeFrom } from '../../platform/messages.ts';
import { createKey, listKeys, revokeKey } from './open311-keys.service.ts';
import { createdKeySchema, createKeyBodySchema, formatParams, jurisdictionQuery, keyIdParams, open311KeySchema, postRequestBody, requestsQuery } from './open311.schemas.ts';
import * as open311 from './open311.service.ts';
import { toXml } from './xml.ts';

type Format = 'json' | 'xml';

/** The format the client asked for by the resource's extension; XML (the required format) when there is none. */
function formatOf(request: FastifyRequest): Format {
  const ext = (request.params as { format?: string } | undefined)?.format;
  if (ext === 'json' || ext === 'xml') return ext;
  return /\.json(\?|$)/.test(request.url) ? 'json' : 'xml';
}

function send(reply: FastifyReply, format: Format, doc: open311.Doc, status = 200) {
  if (format === 'xml') return reply.code(status).type('text/xml; charset=utf-8').send(toXml(doc.root, doc.body));
  return reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(doc.body));
}

/** Errors as the specification writes them: a list of {code, description}, the code being the HTTP status. */
function sendError(reply: FastifyReply, format: Format, status: number, description: string) {
  return send(reply, format, { root: 'errors', body: [{ code: status, description }] }, status);
}

/** GeoReport v2 at /open311/v2/: its own body parser (form encoding) and its own error format, for this prefix only. */
const geoReport = (deps: Deps): FastifyPluginAsyncZod => async (app) => {
  const tags = ['open311'];
  const locale = (req: FastifyRequest) => localeFrom(req.headers['accept-language']);

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
    const out: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(body as string)) out[k] = v;
    done(null, out);
  });

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const format = formatOf(request);
    const lang = locale(request);
    if (error instanceof AppError) {
      const status = error.code === 'CSRF_FAILED' ? 403 : error.status;
      const description = typeof error.extra.description === 'string' ? error.extra.description : errorMessage(error.code, lang, error.params);
      return sendError(reply, format, status, description);
    }
    if (error.validation) {
      // An unknown extension is an unknown resource; anything else is a malformed parameter.
      if (error.validationContext === 'params') return sendError(reply, format, 404, 'resource not found (use .json or .xml)');
      return sendError(reply, format, 400, error.validation.map((v) => `${v.instancePath.replace(/^\//, '') || error.validationContext}: ${v.message}`).join('; '));
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return sendError(reply, format, status, error.message);
    request.log.error({ err: error }, 'unhandled error (open311)');
    return sendError(reply, format, 500, errorMessage('INTERNAL', lang));
  });
  app.setNotFoundHandler((request, reply) => sendError(reply, formatOf(request), 404, 'resource not found'));

  app.get('/discovery.:format', { schema: { tags, summary: 'Open311 服务发现', params: formatParams } }, async (req, reply) =>
    send(reply, req.params.format, open311.discovery(`${req.protocol}://${req.host}`)),
  );
  app.get('/services.:format', { schema: { tags, summary: 'Open311 服务列表（每个启用的诉求类别一项）', params: formatParams, querystring: jurisdictionQuery } }, async (req, reply) =>
    send(reply, req.params.format, await open311.services(deps, req.query.jurisdiction_id, locale(req))),
  );
  app.get('/services/:code.:format', { schema: { tags, summary: 'Open311 服务定义（可选属性）', params: formatParams.extend({ code: z.string().max(64) }), querystring: jurisdictionQuery } }, async (req, reply) =>
    send(reply, req.params.format, await open311.serviceDefinition(deps, req.query.jurisdiction_id, req.params.code, locale(req))),
  );
  app.get('/requests.:format', { schema: { tags, summary: 'Open311 查询诉求（仅公开字段；默认近90天，最多1000条）', params: formatParams, querystring: requestsQuery } }, async (req, reply) =>
    send(reply, req.params.format, await open311.getRequests(deps, req.query, locale(req))),
  );
  app.post('/requests.:format', { schema: { tags, summary: 'Open311 提交诉求（需 api_key；不保存提交人信息）', consumes: ['application/x-www-form-urlencoded', 'application/json'], params: formatParams, body: postRequestBody } }, async (req, reply) =>
    send(reply, req.params.format, await open311.postRequest(deps, req.body, req.ip ?? null), 201),
  );
  app.get('/requests/:id.:format', { schema: { tags, summary: 'Open311 查询单个诉求', params: formatParams.extend({ id: z.string().max(32) }), querystring: jurisdictionQuery } }, async (req, reply) =>
    send(reply, req.params.format, await open311.getRequest(deps, req.query, req.params.id, locale(req))),
  );
  app.get('/tokens/:token.:format', { schema: { tags, summary: 'Open311 由 token 查询诉求编号', params: formatParams.extend({ token: z.string().max(128) }), querystring: jurisdictionQuery } }, async (req, reply) =>
    send(reply, req.params.format, await open311.getToken(deps, req.query, req.params.token)),
  );
};

/** The Open311 face and, in the workbench API, the keys that let clients post to it. */
export const open311Routes = (deps: Deps): FastifyPluginAsyncZod => async (app) => {
  await app.register(geoReport(deps), { prefix: '/open311/v2' });

  const tags = ['open311'];
  app.post('/api/open311/keys', { schema: { tags, summary: '签发 Open311 API 密钥（完整密钥仅显示一次）', body: createKeyBodySchema, response: { 201: createdKeySchema } } }, async (req, reply) =>
    reply.code(201).send(await createKey(deps, requireCaller(req), req.body.name)),
  );
  app.get('/api/open311/keys', { schema: { tags, summary: 'Open311 API 密钥列表', response: { 200: z.array(open311KeySchema) } } }, async (req) =>
    listKeys(deps, requireCaller(req)),
  );
  app.delete('/api/open311/keys/:id', { schema: { tags, summary: '吊销 Open311 API 密钥', params: keyIdParams, response: { 200: open311KeySchema } } }, async (req) =>
    revokeKey(deps, requireCaller(req), req.params.id),
  );
};
