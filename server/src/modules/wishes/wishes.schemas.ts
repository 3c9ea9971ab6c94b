import { z } from 'zod';

/** 微心愿 categories: what a small wish is usually about. */
export const WISH_CATEGORIES = ['daily_goods', 'study', 'health', 'companionship', 'repair', 'other'] as const;
export const WISH_STATUSES = ['pending_review', 'rejected', 'open', 'claimed', 'fulfilled', 'confirmed', 'withdrawn'] as const;
export const CLAIMER_KINDS = ['party_member', 'unit', 'volunteer', 'merchant'] as const;
/** A micro-wish is small: up to 2,000 yuan, in fen. Anything above is a project, not a wish. */
export const MAX_WISH_VALUE_FEN = 200_000;
export const MAX_DEADLINE_DAYS = 180;
/** A claimer has this long to fulfil (never beyond the wish's own deadline); then the claim lapses to the wall. */
export const CLAIM_DAYS = 7;

const photoId = z.string().regex(/^[\w-]{22,64}$/);
export const wishIdParams = z.object({ id: z.coerce.number().int().positive() });
export const idempotencyHeaders = z.object({
  'idempotency-key': z.string().trim().min(8).max(100).optional().describe('同一个键不会创建两个心愿'),
});

const wishFields = {
  category: z.enum(WISH_CATEGORIES),
  title: z.string().trim().min(2).max(40),
  description: z.string().trim().min(5).max(500).describe('请勿写入姓名、门牌号等可识别身份的信息，审核时会核对'),
  valueFen: z.number().int().positive().max(MAX_WISH_VALUE_FEN).describe('估算价值（分），1 分 – 2000 元'),
  deadline: z.iso.datetime({ offset: true }).describe(`心愿截止时间，${MAX_DEADLINE_DAYS} 天以内`),
  photoIds: z.array(photoId).max(3).default([]),
  addressText: z.string().trim().max(100).nullable().optional().describe('楼幢门牌（仅在 showAddress 时公开）'),
  consent: z
    .object({
      showName: z.boolean().describe('单独同意：在心愿墙上公开姓名'),
      showAddress: z.boolean().describe('单独同意：在心愿墙上公开楼幢门牌'),
    })
    .strict()
    .default({ showName: false, showAddress: false }),
};

/** A resident posts a wish for themselves, at a compound they live in. */
export const postWishBodySchema = z.object({ compoundId: z.number().int().positive(), ...wishFields }).strict();
/** Staff post a wish for a resident (an elder, a child in need, a low-income family). */
export const postWishForBodySchema = postWishBodySchema.extend({ recipientId: z.number().int().positive() }).strict();
export type PostWishInput = z.infer<typeof postWishBodySchema> & { recipientId?: number };

export const reviewBodySchema = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve'), note: z.string().trim().max(200).optional() }).strict(),
  z.object({ decision: z.literal('reject'), note: z.string().trim().min(2).max(200).describe('驳回理由（必填）') }).strict(),
]);
export type ReviewInput = z.infer<typeof reviewBodySchema>;

export const claimBodySchema = z
  .object({ as: z.enum(CLAIMER_KINDS), unitName: z.string().trim().min(2).max(60).optional().describe('以单位名义认领时必填') })
  .strict();
export type ClaimInput = z.infer<typeof claimBodySchema>;

export const fulfilBodySchema = z.object({ photoIds: z.array(photoId).max(6), note: z.string().trim().max(300).optional() }).strict();
export type FulfilInput = z.infer<typeof fulfilBodySchema>;

export const confirmBodySchema = z.object({ thanks: z.string().trim().max(300).optional().describe('感谢留言') }).strict();
export type ConfirmInput = z.infer<typeof confirmBodySchema>;

export const wishPhotoQuerySchema = z.object({ purpose: z.enum(['wish', 'proof']).default('wish') });
export const wishPhotoParams = z.object({ id: photoId });
export const uploadedWishPhotoSchema = z.object({ id: z.string(), purpose: z.enum(['wish', 'proof']), url: z.string(), width: z.number(), height: z.number(), bytes: z.number() });

export const wishListQuerySchema = z.object({
  placeId: z.coerce.number().int().positive().optional(),
  status: z.enum(WISH_STATUSES).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type WishListQuery = z.infer<typeof wishListQuerySchema>;
export const wallQuerySchema = z.object({ placeId: z.coerce.number().int().positive().optional().describe('社区或小区（默认：本人所在社区）') });
export const statsQuerySchema = z.object({ placeId: z.coerce.number().int().positive().optional() });

const named = z.object({ id: z.number(), name: z.string() });
const claimSchema = z.object({
  kind: z.enum(CLAIMER_KINDS),
  unit: z.string().nullable(),
  claimedAt: z.string(),
  dueAt: z.string().nullable().describe('到期未实现则退回心愿墙'),
});

/**
 * The public face of a wish (心愿墙): the recipient's name and address appear only when they separately consented;
 * otherwise they are null. Nothing else about the recipient is ever included.
 */
export const wallWishSchema = z.object({
  id: z.number(),
  place: named,
  category: z.enum(WISH_CATEGORIES),
  title: z.string(),
  description: z.string(),
  valueFen: z.number(),
  deadline: z.string(),
  status: z.enum(WISH_STATUSES),
  recipientName: z.string().nullable().describe('仅在本人单独同意公开时返回'),
  address: z.string().nullable().describe('仅在本人单独同意公开时返回'),
  photos: z.array(z.string()),
  claim: claimSchema.extend({ mine: z.boolean() }).nullable(),
  proofPhotos: z.array(z.string()),
  thanks: z.string().nullable(),
});
export type WallWish = z.infer<typeof wallWishSchema>;

const eventSchema = z.object({ at: z.string(), kind: z.string(), actor: z.string().nullable(), note: z.string().nullable() });

/** The full wish: for the recipient, the poster, the claimer (public fields only) and reviewers in scope. */
export const wishSchema = wallWishSchema.extend({
  recipient: named.nullable().describe('审核人员、本人与代发工作人员可见'),
  postedBy: named,
  addressText: z.string().nullable(),
  consent: z.object({ showName: z.boolean(), showAddress: z.boolean() }),
  reviewNote: z.string().nullable(),
  claimer: named.nullable(),
  fulfilNote: z.string().nullable(),
  lapses: z.number(),
  createdAt: z.string(),
  timeline: z.array(eventSchema),
});
export type WishDto = z.infer<typeof wishSchema>;

export const wishPageSchema = z.object({ total: z.number(), items: z.array(wishSchema.omit({ timeline: true })) });
export const wallSchema = z.object({ place: named, items: z.array(wallWishSchema) });
export const myWishesSchema = z.object({ items: z.array(wishSchema.omit({ timeline: true })) });

const statsRow = z.object({
  posted: z.number(), pending: z.number(), open: z.number(), claimed: z.number(), fulfilled: z.number(), confirmed: z.number(), rejected: z.number(),
  lapses: z.number(), fulfilledValueFen: z.number().describe('已实现心愿的估算价值合计（分）'),
});
export const wishStatsSchema = z.object({ place: named, total: statsRow, places: z.array(statsRow.extend({ place: named })) });
export type WishStatsRow = z.infer<typeof statsRow>;
