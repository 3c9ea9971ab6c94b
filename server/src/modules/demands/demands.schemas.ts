import { z } from 'zod';

export const DEMAND_SOURCES = ['requests', 'wish', 'survey', 'visit'] as const;
export const DEMAND_STATUSES = ['new', 'assessed', 'converted', 'closed'] as const;
export const CONVERT_KINDS = ['wish', 'activity', 'project'] as const;

export const demandIdParams = z.object({ id: z.coerce.number().int().positive() });

export const refreshBodySchema = z
  .object({
    placeId: z.number().int().positive().describe('社区或小区'),
    days: z.number().int().min(7).max(365).default(90).describe('统计最近多少天的诉求'),
    minCount: z.number().int().min(2).max(1000).default(3).describe('同一小区同一类别至少出现几次才算反复出现的需求'),
  })
  .strict();
export type RefreshInput = z.infer<typeof refreshBodySchema>;

export const createDemandBodySchema = z
  .object({
    placeId: z.number().int().positive(),
    source: z.enum(['wish', 'survey', 'visit']).describe('走访、问卷或心愿中发现的需求（诉求来源由系统汇总）'),
    sourceRef: z.string().trim().min(1).max(60).optional().describe('来源编号（如问卷或心愿编号）；同一来源只记一次'),
    title: z.string().trim().min(2).max(60),
    description: z.string().trim().max(500).optional(),
  })
  .strict();
export type CreateDemandInput = z.infer<typeof createDemandBodySchema>;

export const assessBodySchema = z
  .object({
    urgency: z.number().int().min(1).max(5).describe('紧迫程度 1–5'),
    peopleAffected: z.number().int().min(0).max(1_000_000).describe('涉及人数'),
    note: z.string().trim().max(300).optional(),
  })
  .strict();
export type AssessInput = z.infer<typeof assessBodySchema>;

export const convertBodySchema = z
  .object({
    kind: z.enum(CONVERT_KINDS).describe('转为心愿、活动或项目'),
    targetId: z.number().int().positive().optional().describe('已建好的目标编号；不填则由目标模块按事件 demand.converted 创建'),
  })
  .strict();
export type ConvertInput = z.infer<typeof convertBodySchema>;

export const demandsQuerySchema = z.object({
  placeId: z.coerce.number().int().positive().optional(),
  status: z.enum(DEMAND_STATUSES).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type DemandsQuery = z.infer<typeof demandsQuerySchema>;

const named = z.object({ id: z.number(), name: z.string() });
export const demandSchema = z.object({
  id: z.number(),
  place: named,
  source: z.enum(DEMAND_SOURCES),
  title: z.string(),
  description: z.string().nullable(),
  occurrences: z.number().describe('出现次数（诉求条数，或重复登记次数）'),
  lastSeenAt: z.string(),
  urgency: z.number().nullable(),
  peopleAffected: z.number().nullable(),
  assessmentNote: z.string().nullable(),
  status: z.enum(DEMAND_STATUSES),
  converted: z.object({ kind: z.enum(CONVERT_KINDS), ref: z.string() }).nullable(),
  link: z.string().nullable().describe('来源链接（如该小区该类别的诉求列表）'),
});
export type DemandDto = z.infer<typeof demandSchema>;
export const demandPageSchema = z.object({ total: z.number(), items: z.array(demandSchema) });
export const refreshResultSchema = z.object({ found: z.number(), created: z.number(), updated: z.number() });
