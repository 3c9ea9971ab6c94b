import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { moveInBook, type LedgerBook } from '../../platform/ledger.ts';
import * as repo from './funds.repository.ts';

/**
 * The fund ledger's movements (资金台账), in fen, on the double-entry mechanism shared with the points ledger
 * (platform/ledger.ts). Money enters a fund from a source (财政拨款 or 捐赠), is allocated from funds to a
 * project's earmarked account, is paid from there to the organisation that delivers, and what a closed project
 * did not spend is released back to the funds it came from. No fund or project goes below zero: the debit is a
 * guarded update, and a CHECK constraint stands behind it.
 */
type Trx = Transaction<Database>;
export const FUND_BOOK: LedgerBook = { accounts: 'fund_accounts', entries: 'fund_entries' };

type Common = { districtId: number; at: Date; createdBy: number | null; idempotencyKey?: string | null };

async function move(trx: Trx, c: Common, debit: repo.FundAccountRow, credit: repo.FundAccountRow, amount: number, kind: 'appropriate' | 'donate' | 'allocate' | 'pay' | 'release', extra: { sourceType?: string; sourceId?: string; memo?: string | null }) {
  return moveInBook(trx, FUND_BOOK, {
    districtId: c.districtId, debit, credit, amount, kind, at: c.at, createdBy: c.createdBy, idempotencyKey: c.idempotencyKey ?? null,
    sourceType: extra.sourceType ?? null, sourceId: extra.sourceId ?? null, memo: extra.memo ?? null,
  }, (needed, balance, account) => {
    if (debit.kind === 'project') throw new AppError('PROJECT_FUNDS_SHORT', { needed, balance });
    throw new AppError('FUND_INSUFFICIENT', { fund: account.id === debit.id ? debit.name : credit.name, needed, balance });
  });
}

/** 入账: appropriation (财政) or a donation / crowdfunding contribution into a fund. */
export async function receive(trx: Trx, c: Common, fund: repo.FundAccountRow, source: 'appropriation' | 'donors', amount: number, memo: string) {
  const from = await repo.ensureAccount(trx, { district_id: c.districtId, kind: 'source', fund_kind: source, name: source === 'appropriation' ? '财政拨款' : '居民与单位捐赠', at: c.at });
  return move(trx, c, from, fund, amount, source === 'appropriation' ? 'appropriate' : 'donate', { memo });
}

export async function projectAccount(trx: Trx, districtId: number, projectId: number, title: string, at: Date) {
  return repo.ensureAccount(trx, { district_id: districtId, kind: 'project', owner_id: projectId, name: `项目：${title}`, at });
}

/** 拨付: one fund gives `amount` to a project's earmarked account. */
export async function allocate(trx: Trx, c: Common, fund: repo.FundAccountRow, project: repo.FundAccountRow, amount: number, memo: string) {
  return move(trx, c, fund, project, amount, 'allocate', { sourceType: 'project', sourceId: String(project.owner_id), memo });
}

/** 支付: a tranche from the project's account to the organisation that delivers it. */
export async function pay(trx: Trx, c: Common, project: repo.FundAccountRow, organisation: { id: number; name: string }, amount: number, sourceId: string, memo: string) {
  const payee = await repo.ensureAccount(trx, { district_id: c.districtId, kind: 'payee', owner_id: organisation.id, name: organisation.name, at: c.at });
  return move(trx, c, project, payee, amount, 'pay', { sourceType: 'project_tranche', sourceId, memo });
}

/**
 * 结余退回: what a closed project still holds goes back to the funds it came from, newest allocation's fund last
 * in, first out — each fund gets back at most what it net gave. A street-matched project therefore returns its
 * leftover to the pool and the street in the same proportion only when both gave equally, which the matching
 * rule guarantees for matched money.
 */
export async function releaseLeftover(trx: Trx, c: Common, project: repo.FundAccountRow): Promise<number> {
  const locked = (await repo.findAccount(trx, project.id))!;
  let left = Number(locked.balance ?? 0);
  if (left === 0) return 0;
  const gave = await repo.allocationsToProject(trx, project.id);
  const total = gave.reduce((n, g) => n + g.net, 0);
  let released = 0;
  // Proportional shares rounded down, the remainder to the fund that gave most: the sum is exact to the fen.
  const shares = gave.map((g) => ({ ...g, share: total === 0 ? 0 : Math.floor((left * g.net) / total) }));
  const remainder = left - shares.reduce((n, s) => n + s.share, 0);
  if (shares.length) shares.reduce((a, b) => (b.net > a.net ? b : a)).share += remainder;
  for (const s of shares) {
    if (s.share <= 0) continue;
    const fund = (await repo.findAccount(trx, s.fundId))!;
    await move(trx, c, locked, fund, s.share, 'release', { sourceType: 'project', sourceId: String(project.owner_id), memo: '项目结余退回' });
    released += s.share;
    left -= s.share;
  }
  return released;
}
