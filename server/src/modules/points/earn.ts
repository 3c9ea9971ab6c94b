import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { drawLots, move, openLot, returnDraws } from './ledger.ts';
import * as repo from './points.repository.ts';

type Trx = Transaction<Database>;

/**
 * The contributions a district may reward with points (积分规则). Each district sets its own rate per unit; a rule
 * it has not set (or has switched off) earns nothing. Volunteering is unpaid: hours are their own ledger, and a
 * rule here only says how many points a confirmed hour is worth.
 */
export const EARNING_RULES = ['volunteer_hour', 'wish_fulfilled', 'deliberation_attended', 'activity_attended', 'proposal_adopted'] as const;
export type EarningRule = (typeof EARNING_RULES)[number];

export type EarnInput = {
  districtId: number;
  personId: number;
  rule: EarningRule;
  /** Units of the rule: hours for volunteer_hour (fractions allowed), 1 for a fulfilled wish or an attended deliberation. */
  quantity: number;
  /** What earned it, e.g. 'volunteer_record' and its id. */
  sourceType: string;
  sourceId: string | number;
  /** Unique in the district for this earning, e.g. `volunteer_record:123`: the same key never earns twice. */
  idempotencyKey: string;
  at: Date;
  createdBy?: number | null;
  memo?: string | null;
};

export type EarnResult =
  | { status: 'earned'; entryId: number; points: number; balance: number }
  | { status: 'duplicate'; entryId: number; points: number }
  | { status: 'no_rule'; rule: EarningRule }
  | { status: 'zero'; rule: EarningRule };

/**
 * Credits a person with what a contribution earns under the district's rule, inside the caller's transaction.
 * - no active rule in the district → `{ status: 'no_rule' }`, nothing written;
 * - rate × quantity rounds down below one point → `{ status: 'zero' }`, nothing written;
 * - the key already earned → `{ status: 'duplicate' }` with the first entry, nothing written (a different person
 *   or amount under the same key is a bug in the caller: IDEMPOTENCY_KEY_REUSED);
 * - otherwise one entry (issuance → person), a lot that may expire, and `{ status: 'earned' }`.
 */
export async function earnPoints(trx: Trx, input: EarnInput): Promise<EarnResult> {
  if (!(input.quantity > 0) || !Number.isFinite(input.quantity)) throw new Error(`earnPoints: quantity must be positive, got ${input.quantity}`);
  const rule = await repo.findRule(trx, input.districtId, input.rule);
  if (!rule || !rule.active || rule.points_per_unit === 0) return { status: 'no_rule', rule: input.rule };
  // Round down (with a little slack for 0.1 + 0.2): a fraction of a point is never issued.
  const points = Math.floor(rule.points_per_unit * input.quantity + 1e-9);
  const person = await repo.ensureAccount(trx, input.districtId, 'person', input.personId);
  const existing = await repo.findEntryByKey(trx, input.districtId, input.idempotencyKey);
  if (existing) return duplicateOf(existing, person.id, points);
  if (points < 1) return { status: 'zero', rule: input.rule };
  const source = await repo.ensureAccount(trx, input.districtId, 'issuance', null);
  const moved = await move(trx, {
    districtId: input.districtId, debit: source, credit: person, amount: points, kind: 'earn', at: input.at, rule: input.rule,
    sourceType: input.sourceType, sourceId: String(input.sourceId), idempotencyKey: input.idempotencyKey, memo: input.memo ?? null, createdBy: input.createdBy ?? null,
  });
  if (!moved) return duplicateOf((await repo.findEntryByKey(trx, input.districtId, input.idempotencyKey))!, person.id, points);
  await openLot(trx, input.districtId, person.id, moved.entryId, points, input.at);
  return { status: 'earned', entryId: moved.entryId, points, balance: moved.creditBalance! };
}

function duplicateOf(e: { id: number; credit_account_id: number; amount: number }, personAccountId: number, points: number): EarnResult {
  if (e.credit_account_id !== personAccountId || Number(e.amount) !== points) throw new AppError('IDEMPOTENCY_KEY_REUSED');
  return { status: 'duplicate', entryId: e.id, points: Number(e.amount) };
}

/**
 * 冲正: takes points back from a person to the issuance source, e.g. when confirmed volunteer hours are corrected
 * downwards. Only what the person still holds goes back: points already spent stay spent (nothing goes negative),
 * and the part that could not be taken is answered as `shortfall` for the caller to record.
 */
export async function reversePoints(trx: Trx, input: { districtId: number; personId: number; amount: number; sourceType: string; sourceId: string; idempotencyKey: string; at: Date; createdBy: number; memo: string }): Promise<{ reversed: number; shortfall: number }> {
  const person = await repo.findAccount(trx, input.districtId, 'person', input.personId);
  if (!person || input.amount <= 0) return { reversed: 0, shortfall: Math.max(0, input.amount) };
  await repo.lockAccount(trx, person.id);
  const held = Number((await repo.findAccountById(trx, person.id))!.balance ?? 0);
  const amount = Math.min(input.amount, held);
  if (amount === 0) return { reversed: 0, shortfall: input.amount };
  const source = await repo.ensureAccount(trx, input.districtId, 'issuance', null);
  const moved = await move(trx, {
    districtId: input.districtId, debit: person, credit: source, amount, kind: 'reverse', at: input.at,
    sourceType: input.sourceType, sourceId: input.sourceId, idempotencyKey: input.idempotencyKey, memo: input.memo, createdBy: input.createdBy,
  });
  if (!moved) return { reversed: 0, shortfall: 0 };
  await drawLots(trx, input.districtId, person.id, moved.entryId, amount);
  return { reversed: amount, shortfall: input.amount - amount };
}

/** What a set of sources has earned a person so far, net of reversals (e.g. every hours record of one sign-up). */
export async function netPointsOf(trx: Trx, districtId: number, personId: number, sourceType: string, sourceIds: string[]): Promise<number> {
  const person = await repo.findAccount(trx, districtId, 'person', personId);
  if (!person || sourceIds.length === 0) return 0;
  return repo.netPointsOfSources(trx, person.id, sourceType, sourceIds);
}

/** A person's balance in a district (0 before their first earning). */
export async function balanceOf(trx: Trx | Parameters<typeof repo.findAccount>[0], districtId: number, personId: number): Promise<number> {
  const a = await repo.findAccount(trx, districtId, 'person', personId);
  return Number(a?.balance ?? 0);
}

/**
 * For the store: a person pays a merchant (兑换). Throws INSUFFICIENT_POINTS when the balance does not cover it.
 * Call after locking the store rows, so locks follow the ledger's order.
 */
export async function payMerchant(trx: Trx, p: { districtId: number; personId: number; merchantId: number; amount: number; at: Date; sourceType: string; sourceId: string; memo: string; createdBy: number }): Promise<number> {
  const person = await repo.findAccount(trx, p.districtId, 'person', p.personId);
  if (!person) throw new AppError('INSUFFICIENT_POINTS', { needed: p.amount, balance: 0 });
  const merchant = await repo.ensureAccount(trx, p.districtId, 'merchant', p.merchantId);
  const moved = (await move(trx, { districtId: p.districtId, debit: person, credit: merchant, amount: p.amount, kind: 'redeem', at: p.at, sourceType: p.sourceType, sourceId: p.sourceId, memo: p.memo, createdBy: p.createdBy }))!;
  await drawLots(trx, p.districtId, person.id, moved.entryId, p.amount);
  return moved.entryId;
}

/** For the store: a cancelled voucher's points go back from the merchant to the person, into the lots they came from. */
export async function refundPerson(trx: Trx, p: { districtId: number; personId: number; merchantId: number; redeemEntryId: number; amount: number; at: Date; sourceType: string; sourceId: string; memo: string; createdBy: number }): Promise<number> {
  const person = (await repo.findAccount(trx, p.districtId, 'person', p.personId))!;
  const merchant = (await repo.findAccount(trx, p.districtId, 'merchant', p.merchantId))!;
  const moved = (await move(trx, { districtId: p.districtId, debit: merchant, credit: person, amount: p.amount, kind: 'cancel', at: p.at, sourceType: p.sourceType, sourceId: p.sourceId, memo: p.memo, createdBy: p.createdBy }))!;
  const lapsed = await returnDraws(trx, p.redeemEntryId, p.at);
  if (lapsed > 0) {
    const sink = await repo.ensureAccount(trx, p.districtId, 'expiry', null);
    await move(trx, { districtId: p.districtId, debit: person, credit: sink, amount: lapsed, kind: 'expire', at: p.at, sourceType: p.sourceType, sourceId: p.sourceId, memo: '退回的积分已过有效期' });
  }
  return moved.entryId;
}

/** For the store: a fulfilled voucher's points leave the merchant for the redemption sink (核销), where settlement counts them. */
export async function settleFulfilment(trx: Trx, p: { districtId: number; merchantId: number; amount: number; at: Date; sourceType: string; sourceId: string; createdBy: number }): Promise<number> {
  const merchant = (await repo.findAccount(trx, p.districtId, 'merchant', p.merchantId))!;
  const sink = await repo.ensureAccount(trx, p.districtId, 'redemption', null);
  const moved = (await move(trx, { districtId: p.districtId, debit: merchant, credit: sink, amount: p.amount, kind: 'fulfil', at: p.at, sourceType: p.sourceType, sourceId: p.sourceId, memo: '核销', createdBy: p.createdBy }))!;
  return moved.entryId;
}
