import { z } from 'zod';

export const ERRAND_STATUSES = ['open', 'done', 'cancelled'] as const;
export const errandStatusSchema = z.enum(ERRAND_STATUSES);
export const checklistKindSchema = z.enum(['document', 'step']).describe('document 需备齐的材料；step 需办理的环节');

export const errandIdParams = z.object({ id: z.coerce.number().int().positive() });

/** 代办: a commissioner takes on an errand for a resident in a special group (最多跑一次). */
export const createErrandBodySchema = z
  .object({
    compoundId: z.number().int().positive(),
    residentId: z.number().int().positive().describe('须为独居老人、残疾人或低收入家庭居民（服务端核验，不返回敏感信息）'),
    title: z.string().trim().min(1).max(100).describe('代办事项，如“高龄津贴申领”'),
    checklist: z.array(z.object({ item: z.string().trim().min(1).max(200), kind: checklistKindSchema }).strict()).min(1).max(30),
  })
  .strict();
export type CreateErrandInput = z.infer<typeof createErrandBodySchema>;

export const updateErrandBodySchema = z
  .object({
    checklist: z.array(z.object({ index: z.number().int().min(0), done: z.boolean() }).strict()).max(30).optional().describe('按序号勾选或取消清单项'),
    residentTripsDelta: z.literal(1).optional().describe('居民本人又跑了一趟（+1）'),
    status: errandStatusSchema.optional().describe('done 需清单全部完成'),
  })
  .strict()
  .refine((b) => b.checklist !== undefined || b.residentTripsDelta !== undefined || b.status !== undefined, { message: 'nothing to change' });
export type UpdateErrandInput = z.infer<typeof updateErrandBodySchema>;

export const errandsQuerySchema = z.object({
  placeId: z.coerce.number().int().positive().optional().describe('社区或小区（默认：本人管辖范围）'),
  status: errandStatusSchema.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type ErrandsQuery = z.infer<typeof errandsQuerySchema>;

export const checklistItemSchema = z.object({ index: z.number(), item: z.string(), kind: checklistKindSchema, done: z.boolean(), doneAt: z.string().nullable() });
export type ChecklistItem = z.infer<typeof checklistItemSchema>;

const named = z.object({ id: z.number(), name: z.string() });
export const errandSchema = z.object({
  id: z.number(),
  compound: named,
  resident: named,
  handledBy: named.describe('登记并负责代办的工作人员'),
  title: z.string(),
  checklist: z.array(checklistItemSchema),
  checklistDone: z.number(),
  residentTrips: z.number().describe('居民本人跑腿次数'),
  status: errandStatusSchema,
  createdAt: z.string(),
  doneAt: z.string().nullable(),
});
export type ErrandDto = z.infer<typeof errandSchema>;

export const errandPageSchema = z.object({ items: z.array(errandSchema), total: z.number() });
export const myErrandsSchema = z.object({ items: z.array(errandSchema) });

export const errandStatsQuerySchema = z.object({ placeId: z.coerce.number().int().positive().optional().describe('默认：本人管辖范围') });

const statsRow = z.object({
  errands: z.number(),
  open: z.number(),
  done: z.number(),
  cancelled: z.number(),
  residentTrips: z.number().describe('全部代办中居民本人跑腿总次数'),
  tripsPerDoneErrand: z.number().nullable().describe('已办结代办平均跑腿次数'),
  doneWithinOneTrip: z.number().describe('已办结且跑腿不超过一次的代办数'),
  oneTripShare: z.number().nullable().describe('最多跑一次比例（已办结代办中）'),
});
export const errandStatsSchema = z.object({
  place: named,
  total: statsRow,
  places: z.array(statsRow.extend({ place: named })).describe('下一级地点（小区为其本身）'),
});
export type ErrandStats = z.infer<typeof errandStatsSchema>;
export type ErrandStatsRow = z.infer<typeof statsRow>;
