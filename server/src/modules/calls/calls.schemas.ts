import { z } from 'zod';

export const callBodySchema = z.object({ compoundId: z.number().int().positive() }).strict();

export const callResultSchema = z.object({
  commissioners: z.array(z.object({ name: z.string(), phone: z.string() })).describe('该小区在岗的专员；为空时请拨打服务点电话或到服务点'),
});

export const callsQuerySchema = z.object({
  placeId: z.coerce.number().int().positive().optional().describe('只看这个地点（及其下级）的呼叫'),
  cursor: z.coerce.number().int().positive().optional().describe('上一页返回的 nextCursor'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type CallsQuery = z.infer<typeof callsQuerySchema>;

export const callsPageSchema = z.object({
  items: z.array(z.object({
    id: z.number().int(),
    compoundId: z.number().int(),
    compoundName: z.string(),
    residentId: z.number().int(),
    residentName: z.string(),
    calledAt: z.string(),
  })),
  nextCursor: z.number().int().nullable(),
});
