import { z } from 'zod';

/** 微公益: charity events and donation drives, with a public ledger of what came in and where it went. */
export const DRIVE_KINDS = ['event', 'drive'] as const;
export const ENTRY_KINDS = ['pledge', 'receipt', 'disbursement'] as const;
export const ENTRY_FORMS = ['money', 'goods'] as const;
/** One entry is at most 1,000,000 yuan (fen): larger sums are a fund, not micro-charity. */
export const MAX_ENTRY_FEN = 100_000_000;
export const MAX_DRIVE_DAYS = 366;

export const idParams = z.object({ id: z.coerce.number().int().positive() });
export const idempotencyHeaders = z.object({ 'idempotency-key': z.string().trim().min(8).max(100).optional().describe('同一个键不会记两笔账') });
const named = z.object({ id: z.number(), name: z.string() });

export const createDriveBodySchema = z
  .object({
    placeId: z.number().int().positive().describe('社区或小区'),
    kind: z.enum(DRIVE_KINDS).describe('公益活动或募集（款物）'),
    title: z.string().trim().min(2).max(60),
    description: z.string().trim().min(5).max(1000),
    goalFen: z.number().int().positive().max(1_000_000_000).optional().describe('募集目标（分）'),
    goodsWanted: z.string().trim().max(200).optional().describe('需要的物资，如“冬被、米面油”'),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type CreateDriveInput = z.infer<typeof createDriveBodySchema>;

/**
 * One ledger line. Money is in fen; goods are an item and a quantity. A disbursement says where it went
 * (counterpart); a receipt may honour a pledge. The donor's name is shown publicly only with their consent.
 */
export const entryBodySchema = z
  .object({
    kind: z.enum(ENTRY_KINDS),
    form: z.enum(ENTRY_FORMS),
    amountFen: z.number().int().positive().max(MAX_ENTRY_FEN).optional().describe('金额（分），款项必填'),
    item: z.string().trim().min(1).max(40).optional().describe('物资名称（含单位，如“冬被（床）”），物资必填'),
    quantity: z.number().int().positive().max(100_000).optional().describe('物资数量'),
    donorName: z.string().trim().min(1).max(40).optional().describe('捐赠人（认捐、收入）'),
    showDonor: z.boolean().default(false).describe('捐赠人同意公开姓名'),
    counterpart: z.string().trim().min(2).max(200).optional().describe('去向：支出给谁、用于什么（支出必填；勿写受助人姓名）'),
    pledgeId: z.number().int().positive().optional().describe('兑现的认捐编号（收入）'),
    note: z.string().trim().max(300).optional(),
    occurredAt: z.iso.datetime({ offset: true }).optional().describe('发生时间（默认现在）'),
  })
  .strict()
  .superRefine((e, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (e.form === 'money') {
      if (e.amountFen === undefined) issue('amountFen', 'money needs an amount in fen');
      if (e.item !== undefined || e.quantity !== undefined) issue('item', 'money has no item or quantity');
    } else {
      if (e.item === undefined) issue('item', 'goods need an item');
      if (e.quantity === undefined) issue('quantity', 'goods need a quantity');
      if (e.amountFen !== undefined) issue('amountFen', 'goods have no amount');
    }
    if (e.kind === 'disbursement' && e.counterpart === undefined) issue('counterpart', 'a disbursement says where it went');
    if (e.kind === 'disbursement' && e.donorName !== undefined) issue('donorName', 'a disbursement has no donor');
    if (e.kind !== 'receipt' && e.pledgeId !== undefined) issue('pledgeId', 'only a receipt honours a pledge');
    if (e.showDonor && e.donorName === undefined) issue('showDonor', 'no donor name to show');
  });
export type EntryInput = z.infer<typeof entryBodySchema>;

export const drivesQuerySchema = z.object({
  placeId: z.coerce.number().int().positive().optional(),
  status: z.enum(['open', 'closed']).optional(),
});

const goodsLine = z.object({ item: z.string(), pledged: z.number(), received: z.number(), disbursed: z.number(), balance: z.number() });
export const totalsSchema = z.object({
  money: z.object({
    pledgedFen: z.number(), receivedFen: z.number(), disbursedFen: z.number(), balanceFen: z.number().describe('已收到减已支出，永不为负'),
    outstandingPledgesFen: z.number().describe('尚未到账的认捐'),
  }),
  goods: z.array(goodsLine),
});
export type Totals = z.infer<typeof totalsSchema>;

export const driveSchema = z.object({
  id: z.number(),
  place: named,
  kind: z.enum(DRIVE_KINDS),
  title: z.string(),
  description: z.string(),
  goalFen: z.number().nullable(),
  goodsWanted: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  status: z.enum(['open', 'closed']),
  totals: totalsSchema,
});
export type DriveDto = z.infer<typeof driveSchema>;

/** The public line: the donor's name only with consent; the recorder is not shown. */
export const publicEntrySchema = z.object({
  id: z.number(),
  kind: z.enum(ENTRY_KINDS),
  form: z.enum(ENTRY_FORMS),
  amountFen: z.number().nullable(),
  item: z.string().nullable(),
  quantity: z.number().nullable(),
  donor: z.string().nullable().describe('仅在捐赠人同意时公开'),
  counterpart: z.string().nullable(),
  pledgeId: z.number().nullable(),
  occurredAt: z.string(),
});
export const entrySchema = publicEntrySchema.extend({
  donorName: z.string().nullable(),
  showDonor: z.boolean(),
  note: z.string().nullable(),
  recordedBy: z.string(),
  outstandingFen: z.number().nullable().describe('认捐尚未到账的金额（款项认捐）'),
  outstandingQuantity: z.number().nullable(),
});
export type EntryDto = z.infer<typeof entrySchema>;

export const driveLedgerSchema = z.object({ drive: driveSchema, entries: z.array(entrySchema) });
export const publicLedgerSchema = z.object({ drive: driveSchema, entries: z.array(publicEntrySchema) });
export const driveListSchema = z.object({ items: z.array(driveSchema) });

export const drivePlacesSchema = z.object({ items: z.array(z.object({ id: z.number(), name: z.string(), kind: z.string() })) });
