import { z } from 'zod';

export const uploadQuerySchema = z.object({
  purpose: z.enum(['report', 'resolution']).default('report').describe('report：居民/代登记提交诉求时；resolution：办结时'),
});
export type UploadQuery = z.infer<typeof uploadQuerySchema>;

export const photoIdParams = z.object({ id: z.string().regex(/^[\w-]{22,64}$/) });

export const uploadedPhotoSchema = z.object({
  id: z.string().describe('提交或办结诉求时放进 photoIds'),
  purpose: z.enum(['report', 'resolution']),
  url: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  bytes: z.number().int(),
});
export type UploadedPhoto = z.infer<typeof uploadedPhotoSchema>;
