import { z } from 'zod';

export const auditQuerySchema = z.object({
  action: z.string().trim().max(100).optional(),
  actorId: z.coerce.number().int().positive().optional(),
  result: z.enum(['ok', 'denied', 'failed']).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().regex(/^\d+$/).optional().describe('上一页最后一条的 id'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditPageSchema = z.object({
  items: z.array(
    z.object({
      id: z.number(),
      at: z.string(),
      actorId: z.number().nullable(),
      actorName: z.string().nullable(),
      action: z.string(),
      targetType: z.string().nullable(),
      targetId: z.string().nullable(),
      result: z.enum(['ok', 'denied', 'failed']),
      ip: z.string().nullable(),
      detail: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
  nextCursor: z.string().nullable(),
});
