import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireCaller } from '../../platform/auth/authenticate.ts';
import type { Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { MAX_PHOTO_BYTES } from './image.ts';
import { photoIdParams, uploadedPhotoSchema, uploadQuerySchema } from './photos.schemas.ts';
import * as photos from './photos.service.ts';

/** The multipart field `file`, read whole; over 10 MB → FILE_TOO_LARGE. */
export async function uploadedFile(request: FastifyRequest): Promise<Buffer> {
  if (!request.isMultipart()) throw new AppError('UNSUPPORTED_FILE', { expected: 'JPEG、PNG、WebP、HEIC' });
  const part = await request.file({ limits: { fileSize: MAX_PHOTO_BYTES } });
  if (!part || part.fieldname !== 'file') throw new AppError('VALIDATION_FAILED');
  try {
    return await part.toBuffer();
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('FILE_TOO_LARGE', { limit: '10 MB' });
    throw err;
  }
}

export const photosRoutes = (deps: Deps): FastifyPluginAsyncZod => async (app) => {
  const tags = ['requests', 'h5'];
  app.post(
    '/api/request-photos',
    {
      schema: {
        tags,
        summary: '上传诉求照片（multipart 字段 file；JPEG/PNG/WebP/HEIC，≤10 MB）；服务器重新编码为 JPEG 并去除全部元数据（含 GPS）',
        consumes: ['multipart/form-data'],
        querystring: uploadQuerySchema,
        response: { 201: uploadedPhotoSchema },
      },
    },
    async (req, reply) => {
      const caller = requireCaller(req);
      return reply.code(201).send(await photos.uploadPhoto(deps, caller, req.query.purpose, () => uploadedFile(req)));
    },
  );
  app.get('/api/request-photos/:id', { schema: { tags, summary: '查看诉求照片（上传者，或能查看该诉求的人）', params: photoIdParams } }, async (req, reply) => {
    const photo = await photos.readPhoto(deps, requireCaller(req), req.params.id);
    return reply
      .header('content-type', photo.mime)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, max-age=3600')
      .send(photo.content);
  });
};
