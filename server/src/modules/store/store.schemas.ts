import { z } from 'zod';

export const MERCHANT_KINDS = ['merchant', 'talent'] as const;
export const MERCHANT_STATUSES = ['pending', 'approved', 'rejected', 'suspended'] as const;
export const VOUCHER_STATUSES = ['issued', 'fulfilled', 'cancelled'] as const;

export const idParams = z.object({ id: z.coerce.number().int().positive() });
export const tokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/) });
const page = {
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
};

/** 商家、达人入驻申请 */
export const applyBodySchema = z
  .object({
    kind: z.enum(MERCHANT_KINDS).describe('merchant 商家；talent 达人（有技能的居民）'),
    name: z.string().trim().min(1).max(60),
    description: z.string().trim().max(500).default(''),
    address: z.string().trim().max(200).nullable().default(null),
    placeId: z.number().int().positive().describe('所在社区或小区，由其社区或街道审核'),
  })
  .strict();
export type ApplyInput = z.infer<typeof applyBodySchema>;

export const decisionBodySchema = z
  .object({
    decision: z.enum(['approve', 'reject', 'suspend']),
    note: z.string().trim().max(200).optional(),
  })
  .strict()
  .refine((b) => b.decision === 'approve' || (b.note ?? '').length > 0, { message: 'a reason is required to reject or suspend', path: ['note'] });
export type DecisionInput = z.infer<typeof decisionBodySchema>;

const named = z.object({ id: z.number(), name: z.string() });
export const merchantSchema = z.object({
  id: z.number(),
  kind: z.enum(MERCHANT_KINDS),
  name: z.string(),
  description: z.string(),
  address: z.string().nullable(),
  place: named,
  owner: named,
  status: z.enum(MERCHANT_STATUSES),
  appliedAt: z.string(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
});
export type MerchantDto = z.infer<typeof merchantSchema>;
export const merchantsQuerySchema = z.object({ status: z.enum(MERCHANT_STATUSES).optional(), ...page });
export const merchantPageSchema = z.object({ items: z.array(merchantSchema), total: z.number() });
export const myMerchantsSchema = z.object({ items: z.array(merchantSchema) });

export const listingBodySchema = z
  .object({
    kind: z.enum(['goods', 'service']),
    title: z.string().trim().min(1).max(60),
    description: z.string().trim().max(500).default(''),
    pricePoints: z.number().int().min(1).max(1_000_000),
    stock: z.number().int().min(0).max(1_000_000),
  })
  .strict();
export type ListingInput = z.infer<typeof listingBodySchema>;
export const listingPatchSchema = z
  .object({
    title: z.string().trim().min(1).max(60).optional(),
    description: z.string().trim().max(500).optional(),
    pricePoints: z.number().int().min(1).max(1_000_000).optional(),
    stockDelta: z.number().int().min(-1_000_000).max(1_000_000).optional().describe('补货（正）或减少（负）库存；不会低于0'),
    status: z.enum(['active', 'withdrawn']).optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' });
export type ListingPatch = z.infer<typeof listingPatchSchema>;

export const listingSchema = z.object({
  id: z.number(),
  merchant: z.object({ id: z.number(), name: z.string(), kind: z.enum(MERCHANT_KINDS), address: z.string().nullable() }),
  kind: z.enum(['goods', 'service']),
  title: z.string(),
  description: z.string(),
  pricePoints: z.number(),
  stock: z.number(),
  status: z.enum(['active', 'withdrawn']),
});
export type ListingDto = z.infer<typeof listingSchema>;
export const listingsQuerySchema = z.object({ merchantId: z.coerce.number().int().positive().optional(), q: z.string().trim().max(40).optional(), ...page });
export const listingPageSchema = z.object({ items: z.array(listingSchema), total: z.number() });

export const voucherSchema = z.object({
  id: z.number(),
  listingId: z.number(),
  title: z.string(),
  pricePoints: z.number(),
  merchant: z.object({ id: z.number(), name: z.string(), address: z.string().nullable() }),
  holder: named.describe('兑换人'),
  status: z.enum(VOUCHER_STATUSES),
  issuedAt: z.string(),
  fulfilledAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  fulfilUrl: z.string().nullable().describe('核销链接（二维码内容），仅兑换人本人可见；商家打开即可核销'),
});
export type VoucherDto = z.infer<typeof voucherSchema>;
export const vouchersQuerySchema = z.object({ status: z.enum(VOUCHER_STATUSES).optional(), ...page });
export const voucherPageSchema = z.object({ items: z.array(voucherSchema), total: z.number() });

export const settlementQuerySchema = z.object({
  from: z.string().date().describe('起始日（含），北京时间'),
  to: z.string().date().describe('截止日（含），北京时间'),
  merchantId: z.coerce.number().int().positive().optional(),
});
export const settlementSchema = z.object({
  from: z.string(),
  to: z.string(),
  items: z.array(z.object({
    merchant: z.object({ id: z.number(), name: z.string(), kind: z.enum(MERCHANT_KINDS), status: z.enum(MERCHANT_STATUSES) }),
    fulfilled: z.number().describe('期内核销张数'),
    fulfilledPoints: z.number().describe('期内核销积分（据积分台账）'),
    cancelled: z.number().describe('期内取消张数'),
    outstanding: z.number().describe('当前已兑换未核销张数'),
    outstandingPoints: z.number(),
  })),
  totals: z.object({ fulfilled: z.number(), fulfilledPoints: z.number(), cancelled: z.number(), outstanding: z.number(), outstandingPoints: z.number() }),
});
