import { z } from 'zod';

/**
 * 资金: the district pool (区级资金池), each street's 1:1 match (街道配套), community funds (社区基金), residents'
 * crowdfunding (居民众筹) and donations (捐赠). Amounts are integer fen everywhere.
 */
export const FUND_KINDS = ['district_pool', 'street_match', 'community', 'crowdfunding', 'donation'] as const;
export type FundKindName = (typeof FUND_KINDS)[number];
export const RECEIPT_SOURCES = ['appropriation', 'donors'] as const;
export const ENTRY_KINDS = ['appropriate', 'donate', 'allocate', 'pay', 'release'] as const;

export const fen = z.number().int().positive().max(100_000_000_000).describe('金额（分，正整数）');
export const idParams = z.object({ id: z.coerce.number().int().positive() });

export const createFundBodySchema = z
  .object({
    kind: z.enum(FUND_KINDS),
    placeId: z.number().int().positive().describe('区（资金池）、街道（配套）、社区（社区基金）、社区或小区（众筹、捐赠）'),
    name: z.string().trim().min(2).max(60),
  })
  .strict();
export type CreateFundInput = z.infer<typeof createFundBodySchema>;

export const receiptBodySchema = z
  .object({
    amount: fen,
    source: z.enum(RECEIPT_SOURCES).describe('appropriation 财政拨款（资金池、街道配套、社区基金）；donors 居民或单位捐赠、众筹（众筹、捐赠、社区基金）'),
    memo: z.string().trim().min(1).max(200).describe('摘要，如“2026年度区级资金池拨款”或捐赠人'),
  })
  .strict();
export type ReceiptInput = z.infer<typeof receiptBodySchema>;

export const reportQuerySchema = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

const named = z.object({ id: z.number(), name: z.string() });
export const fundSchema = z.object({
  id: z.number(),
  kind: z.enum(FUND_KINDS),
  name: z.string(),
  place: named,
  balance: z.number().describe('余额（分）'),
  received: z.number().describe('累计入账（分）'),
  allocated: z.number().describe('累计拨付项目（分，扣除退回）'),
});
export type FundDto = z.infer<typeof fundSchema>;

export const entrySchema = z.object({
  id: z.number(),
  kind: z.enum(ENTRY_KINDS),
  amount: z.number().describe('正数为入，负数为出（分）'),
  counterparty: z.string(),
  memo: z.string().nullable(),
  sourceType: z.string().nullable(),
  sourceId: z.string().nullable(),
  at: z.string(),
});
export const entryPageSchema = z.object({ total: z.number(), items: z.array(entrySchema) });

export const yearReportSchema = z.object({
  fund: fundSchema,
  year: z.number(),
  opening: z.number(),
  inflows: z.array(z.object({ kind: z.enum(ENTRY_KINDS), amount: z.number(), count: z.number() })),
  outflows: z.array(z.object({ kind: z.enum(ENTRY_KINDS), amount: z.number(), count: z.number() })),
  closing: z.number(),
  projects: z.array(z.object({ projectId: z.number(), title: z.string(), allocated: z.number(), released: z.number() })),
  balanced: z.boolean().describe('期初 + 流入 − 流出 = 期末，且本年为当年时期末等于账面余额'),
});

export const reconcileSchema = z.object({
  accounts: z.number(),
  mismatched: z.array(z.object({ id: z.number(), balance: z.number().nullable(), entrySum: z.number() })),
  totals: z.object({ appropriated: z.number(), donated: z.number(), paid: z.number(), held: z.number() }),
  balanced: z.boolean().describe('流入（财政 + 捐赠）= 各资金与项目余额之和 + 已付给社会组织'),
});

/** 配套规则: the street gives `streetPerMille` fen per 1,000 fen from the district pool; optional caps on the pool's share. */
export const matchingRuleBodySchema = z
  .object({
    streetPerMille: z.number().int().min(0).max(10_000).describe('街道每 1000 分配套额（1:1 为 1000，1:0.5 为 500）'),
    capPerProject: fen.nullable().describe('区级资金池对单个项目的配套上限（分），null 为不设'),
    capPerStreetYear: fen.nullable().describe('区级资金池对每个街道每年的配套上限（分），null 为不设'),
    note: z.string().trim().max(300).optional().describe('调整说明，如文件号'),
  })
  .strict();
export type MatchingRuleInput = z.infer<typeof matchingRuleBodySchema>;
const ruleShape = z.object({
  id: z.number().nullable().describe('null：尚未设置，默认 1:1 不设上限'),
  streetPerMille: z.number(),
  capPerProject: z.number().nullable(),
  capPerStreetYear: z.number().nullable(),
  ratio: z.string().describe('如 1:1、1:0.5'),
  unit: z.number().describe('配套拨付金额须为此数（分）的整数倍'),
  note: z.string().nullable(),
  setAt: z.string().nullable(),
  setBy: z.string().nullable(),
});
export const matchingRuleSchema = z.object({ current: ruleShape, history: z.array(ruleShape) });
