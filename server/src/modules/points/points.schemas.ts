import { z } from 'zod';
import { EARNING_RULES } from './earn.ts';

export const idempotencyHeaders = z.object({
  'idempotency-key': z.string().trim().min(8).max(100).optional().describe('必填：同一个键、同样的内容只生效一次；同一个键、不同内容返回 422'),
});

export const ENTRY_KINDS = ['earn', 'redeem', 'cancel', 'fulfil', 'expire', 'reverse'] as const;
export const entryKindSchema = z.enum(ENTRY_KINDS).describe('earn 获得；redeem 兑换；cancel 取消退回；fulfil 核销；expire 到期；reverse 冲正（时长下调）');
export const ruleSchema = z.enum(EARNING_RULES);

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

const accountRef = z.object({
  id: z.number(),
  kind: z.enum(['person', 'merchant', 'issuance', 'redemption', 'expiry']),
  name: z.string().describe('居民或商家名称；区级发放源与回收账户为固定名称'),
});

/** One movement as the person it concerns sees it: signed from their side. */
export const myEntrySchema = z.object({
  id: z.number(),
  kind: entryKindSchema,
  points: z.number().describe('正数为收入，负数为支出'),
  counterparty: accountRef,
  rule: z.string().nullable(),
  sourceType: z.string().nullable(),
  sourceId: z.string().nullable(),
  memo: z.string().nullable(),
  createdAt: z.string(),
});
export type MyEntryDto = z.infer<typeof myEntrySchema>;

export const myPointsSchema = z.object({
  balance: z.number(),
  expiring: z.object({ points: z.number(), at: z.string() }).nullable().describe('最早一批将到期的积分'),
  rules: z.array(z.object({ rule: ruleSchema, pointsPerUnit: z.number() })).describe('本区的获取规则（仅启用的）'),
});
export const myEntriesSchema = z.object({ items: z.array(myEntrySchema), total: z.number() });

export const ruleRowSchema = z.object({ rule: ruleSchema, pointsPerUnit: z.number().int().min(0).max(100_000), active: z.boolean() });
export const rulesSchema = z.object({
  rules: z.array(ruleRowSchema),
  expiryDays: z.number().int().nullable().describe('积分有效期（天），空为永久有效'),
});
export const putRulesBodySchema = z
  .object({
    rules: z.array(ruleRowSchema.strict()).max(EARNING_RULES.length),
    expiryDays: z.number().int().min(1).max(3660).nullable(),
  })
  .strict()
  .refine((b) => new Set(b.rules.map((r) => r.rule)).size === b.rules.length, { message: 'each rule once', path: ['rules'] });
export type PutRulesInput = z.infer<typeof putRulesBodySchema>;

export const journalQuery = pageQuery.extend({ kind: entryKindSchema.optional() });
export const journalEntrySchema = z.object({
  id: z.number(),
  kind: entryKindSchema,
  amount: z.number(),
  debit: accountRef,
  credit: accountRef,
  rule: z.string().nullable(),
  sourceType: z.string().nullable(),
  sourceId: z.string().nullable(),
  memo: z.string().nullable(),
  createdAt: z.string(),
});
export type JournalEntryDto = z.infer<typeof journalEntrySchema>;
export const journalSchema = z.object({ items: z.array(journalEntrySchema), total: z.number() });

export const ledgerSummarySchema = z.object({
  totals: z.array(z.object({ kind: entryKindSchema, total: z.number(), count: z.number() })),
  issued: z.number().describe('累计发放'),
  heldByPeople: z.number().describe('居民账户余额合计'),
  heldByMerchants: z.number().describe('商家账户余额合计（已兑换、未核销）'),
  accounts: z.number(),
  mismatched: z.number().describe('存储余额与分录合计不一致的账户数（应为0）'),
  balanced: z.boolean().describe('全部分录借贷平衡（所有账户合计为0）'),
});
