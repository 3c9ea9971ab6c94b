import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireCaller } from '../../platform/auth/authenticate.ts';
import type { Deps } from '../../platform/context.ts';
import { createExportBodySchema, exportIdParams, exportListSchema, exportSchema } from './ledgers.schemas.ts';
import * as ledgers from './ledgers.service.ts';

/** 台账: ask for a ledger of a place and period, follow its progress, download it (the asker only, signed in). */
export const ledgersRoutes = (deps: Deps, runner: ledgers.LedgerExportRunner): FastifyPluginAsyncZod => async (app) => {
  const tags = ['ledgers'];
  app.post('/api/ledgers/exports', { schema: { tags, summary: '生成台账（后台任务；Excel 或 PDF；个人信息默认遮蔽）', body: createExportBodySchema, response: { 202: exportSchema } } }, async (req, reply) =>
    reply.code(202).send(await ledgers.createExport(deps, runner, requireCaller(req), req.body)),
  );
  app.get('/api/ledgers/exports', { schema: { tags, summary: '我生成的台账（最近 20 个）', response: { 200: exportListSchema } } }, async (req) =>
    ledgers.listExports(deps, requireCaller(req)),
  );
  app.get('/api/ledgers/exports/:id', { schema: { tags, summary: '台账生成进度', params: exportIdParams, response: { 200: exportSchema } } }, async (req) =>
    ledgers.getExport(deps, requireCaller(req), req.params.id),
  );
  app.get('/api/ledgers/exports/:id/file', { schema: { tags, summary: '下载台账（须本人登录）', params: exportIdParams } }, async (req, reply) => {
    const file = await ledgers.download(deps, requireCaller(req), req.params.id);
    return reply
      .header('content-type', file.mime)
      .header('content-disposition', `attachment; filename="ledger.${file.mime.endsWith('pdf') ? 'pdf' : 'xlsx'}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
      .header('cache-control', 'private, no-store')
      .send(file.content);
  });
};
