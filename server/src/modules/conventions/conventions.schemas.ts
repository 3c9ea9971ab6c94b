import { z } from 'zod';

/** 小区公约 / 管理规约: a compound's convention, its versions, acknowledgements and filing with the street. */
const body = z.string().trim().min(1).max(50000).describe('公约全文（按行比较差异）');

export const createConventionBodySchema = z
  .object({
    compoundId: z.number().int().positive().describe('小区'),
    title: z.string().trim().min(2).max(100),
    body,
  })
  .strict();
export type CreateConventionInput = z.infer<typeof createConventionBodySchema>;

export const addVersionBodySchema = z.object({ body, changeNote: z.string().trim().min(1).max(1000).describe('修订说明') }).strict();
export const putToVoteBodySchema = z.object({ windowDays: z.number().int().min(5).max(60).describe('电子投票期 5–60 日') }).strict();
export const returnFilingBodySchema = z.object({ reason: z.string().trim().max(500).default('') }).strict();
export const filingQuerySchema = z.object({ status: z.enum(['submitted', 'accepted', 'returned']).optional() });

export const idParams = z.object({ id: z.coerce.number().int().positive() });
export const versionParams = z.object({ id: z.coerce.number().int().positive(), versionId: z.coerce.number().int().positive() });

export const filingSchema = z.object({
  id: z.number(),
  versionId: z.number(),
  versionNo: z.number(),
  conventionId: z.number(),
  title: z.string(),
  compoundName: z.string(),
  status: z.enum(['submitted', 'accepted', 'returned']),
  submittedBy: z.string(),
  submittedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  reason: z.string().nullable(),
});
export type FilingDto = z.infer<typeof filingSchema>;

export const versionSchema = z.object({
  id: z.number(),
  versionNo: z.number(),
  body: z.string(),
  changeNote: z.string(),
  status: z.enum(['draft', 'voting', 'in_force', 'superseded', 'rejected']),
  vote: z.object({ id: z.number(), status: z.string(), passed: z.boolean().nullable() }).nullable(),
  createdAt: z.string(),
  inForceAt: z.string().nullable(),
  supersededAt: z.string().nullable(),
  /** Against the version before (null for the first). */
  diff: z.array(z.object({ op: z.enum(['same', 'added', 'removed']), text: z.string() })).nullable(),
  diffStats: z.object({ added: z.number(), removed: z.number() }).nullable(),
  /** 已阅知悉: how many residents acknowledged this version (staff only). */
  acknowledgements: z.number().nullable(),
  acknowledgedByMe: z.boolean(),
  filings: z.array(filingSchema),
});
export type VersionDto = z.infer<typeof versionSchema>;

export const conventionSchema = z.object({
  id: z.number(),
  compound: z.object({ id: z.number(), name: z.string() }),
  title: z.string(),
  createdAt: z.string(),
  inForceVersionNo: z.number().nullable(),
  /** Whether the caller manages it (sees drafts, counts, can file). */
  managed: z.boolean(),
  versions: z.array(versionSchema),
});
export type ConventionDto = z.infer<typeof conventionSchema>;
export const conventionListSchema = z.object({ items: z.array(conventionSchema) });
export const filingListSchema = z.object({ items: z.array(filingSchema) });
