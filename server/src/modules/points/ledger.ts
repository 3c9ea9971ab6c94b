import type { Transaction } from 'kysely';
import type { Database, PointsEntryKind } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { moveInBook, type LedgerBook } from '../../platform/ledger.ts';
import { scheduleTimer } from '../../platform/timers.ts';
import * as repo from './points.repository.ts';

/**
 * The double-entry core of the points ledger (积分账本). Every function runs inside the caller's transaction and
 * either completes or throws, leaving the transaction to roll back with nothing half-written.
 *
 * Lock order, the same everywhere so concurrent movements never deadlock: store rows (voucher, listing) first,
 * then stored-balance accounts in ascending id, then that account's lots. The district's source and sinks have
 * no stored balance and take no lock.
 */
type Trx = Transaction<Database>;

export const LOT_EXPIRY_TIMER = 'points.lot_expiry';
const POINTS_BOOK: LedgerBook = { accounts: 'points_accounts', entries: 'points_entries' };

export type Movement = {
  districtId: number;
  debit: repo.AccountRow;
  credit: repo.AccountRow;
  amount: number;
  kind: PointsEntryKind;
  at: Date;
  rule?: string | null;
  sourceType?: string | null;
  sourceId?: string | null;
  idempotencyKey?: string | null;
  memo?: string | null;
  createdBy?: number | null;
};

/**
 * Appends one entry and moves the stored balances, through the double-entry mechanism the fund ledger shares
 * (platform/ledger.ts). With an idempotency key already used, moves nothing and answers undefined. A debit
 * beyond a stored balance throws INSUFFICIENT_POINTS.
 */
export async function move(trx: Trx, m: Movement): Promise<{ entryId: number; debitBalance: number | null; creditBalance: number | null } | undefined> {
  return moveInBook(trx, POINTS_BOOK, {
    districtId: m.districtId, debit: m.debit, credit: m.credit, amount: m.amount, kind: m.kind, at: m.at, sourceType: m.sourceType,
    sourceId: m.sourceId, idempotencyKey: m.idempotencyKey, memo: m.memo, createdBy: m.createdBy, extra: { rule: m.rule ?? null },
  }, (needed, balance) => {
    throw new AppError('INSUFFICIENT_POINTS', { needed, balance });
  });
}

/** A person's earning becomes a lot that expiry can later take back, if the district lets points expire. */
export async function openLot(trx: Trx, districtId: number, accountId: number, entryId: number, amount: number, at: Date): Promise<number> {
  const settings = await repo.findSettings(trx, districtId);
  const expiresAt = settings?.expiry_days ? new Date(at.getTime() + settings.expiry_days * 86_400_000) : null;
  const lotId = await repo.insertLot(trx, { district_id: districtId, account_id: accountId, entry_id: entryId, amount, expires_at: expiresAt, created_at: at });
  if (expiresAt) await scheduleTimer(trx, { districtId, kind: LOT_EXPIRY_TIMER, subjectId: lotId, dueAt: expiresAt });
  return lotId;
}

/** A spend of `amount` from a person draws on their lots, soonest to expire first, and remembers which. */
export async function drawLots(trx: Trx, districtId: number, accountId: number, entryId: number, amount: number): Promise<void> {
  const lots = await repo.lockOpenLots(trx, accountId);
  let left = amount;
  const draws: { district_id: number; entry_id: number; lot_id: number; amount: number }[] = [];
  for (const lot of lots) {
    if (left === 0) break;
    const take = Math.min(left, Number(lot.remaining));
    await repo.setLotRemaining(trx, lot.id, Number(lot.remaining) - take);
    draws.push({ district_id: districtId, entry_id: entryId, lot_id: lot.id, amount: take });
    left -= take;
  }
  // The stored balance already covered the spend, and a balance is the sum of its open lots.
  if (left > 0) throw new Error(`points: lots of account ${accountId} short by ${left} (balance and lots disagree)`);
  await repo.insertDraws(trx, draws);
}

/**
 * Gives back what a spend drew, lot by lot. What was drawn from a lot that has expired since goes back and
 * expires again at once (an expiry entry of its own): a returned point is only as good as it was when spent.
 */
export async function returnDraws(trx: Trx, spendEntryId: number, at: Date): Promise<number> {
  let lapsed = 0;
  for (const d of await repo.drawsOf(trx, spendEntryId)) {
    const expired = d.expires_at !== null && d.expires_at.getTime() <= at.getTime();
    if (expired) lapsed += Number(d.amount);
    else await repo.setLotRemaining(trx, d.lot_id, Number(d.remaining) + Number(d.amount));
  }
  return lapsed;
}

/** The timer's effect: what a lot still holds at its expiry moves from the person to the expiry sink. */
export async function expireLot(trx: Trx, lotId: number, at: Date): Promise<number> {
  const lot = await repo.findLot(trx, lotId);
  if (!lot) return 0;
  await repo.lockAccount(trx, lot.account_id);
  const locked = (await repo.lockLot(trx, lotId))!;
  const amount = Number(locked.remaining);
  if (amount === 0) return 0;
  const person = (await repo.findAccountById(trx, lot.account_id))!;
  const sink = await repo.ensureAccount(trx, lot.district_id, 'expiry', null);
  await move(trx, { districtId: lot.district_id, debit: person, credit: sink, amount, kind: 'expire', at, sourceType: 'points_lot', sourceId: String(lotId), memo: '积分到期' });
  await repo.setLotRemaining(trx, lotId, 0);
  return amount;
}
