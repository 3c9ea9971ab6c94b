import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireCaller } from '../../platform/auth/authenticate.ts';
import type { Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { localeFrom } from '../../platform/messages.ts';
import { errorFileParamsSchema, importQuerySchema, importRejectedSchema, importResultSchema } from './imports.schemas.ts';
import * as imports from './imports.service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function sendXlsx(reply: FastifyReply, file: { fileName: string; content: Buffer }) {
  return reply
    .header('content-type', XLSX)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
    .send(file.content);
}

/** The multipart field `file`, read whole; over 10 MB → FILE_TOO_LARGE, not multipart → UNSUPPORTED_FILE. */
async function uploadedFile(request: FastifyRequest): Promise<{ fileName: string; buffer: Buffer }> {
  if (!request.isMultipart()) throw new AppError('UNSUPPORTED_FILE', { expected: '.xlsx' });
  const part = await request.file({ limits: { fileSize: imports.MAX_FILE_BYTES } });
  if (!part || part.fieldname !== 'file') throw new AppError('VALIDATION_FAILED');
  try {
    return { fileName: part.filename, buffer: await part.toBuffer() };
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('FILE_TOO_LARGE', { limit: '10 MB' });
    throw err;
  }
}

export const importRoutes = (deps: Deps): FastifyPluginAsyncZod => async (app) => {
  const tags = ['imports'];
  app.get('/api/imports/places/template', { schema: { tags, summary: '下载地点导入模板（.xlsx）' } }, async (req, reply) => {
    requireCaller(req);
    return sendXlsx(reply, await imports.placesTemplate());
  });
  app.post(
    '/api/imports/places',
    {
      schema: {
        tags,
        summary: '导入本区的地点与户（multipart 字段 file，.xlsx，≤10 MB）；有错误行时不做任何修改',
        consumes: ['multipart/form-data'],
        querystring: importQuerySchema,
        response: { 200: importResultSchema, 422: importRejectedSchema },
      },
    },
    async (req) => {
      const caller = requireCaller(req);
      return imports.importPlacesUpload(deps, caller, await uploadedFile(req), {
        dryRun: req.query.dryRun === 'true',
        locale: localeFrom(req.headers['accept-language']),
      });
    },
  );
  app.get('/api/imports/error-files/:id', { schema: { tags, summary: '下载标注了错误原因的导入文件（仅上传者）', params: errorFileParamsSchema } }, async (req, reply) =>
    sendXlsx(reply, await imports.getErrorFile(deps, requireCaller(req), req.params.id)),
  );
};
