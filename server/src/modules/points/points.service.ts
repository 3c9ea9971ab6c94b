import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Executor } from '../../platform/audit.ts';
import { scopeFor } from '../../platform/scope.ts';
import { EARNING_RULES, type EarningRule } from './earn.ts';
import { idempotent } from './idempotency.ts';
import * as repo from './points.repository.ts';
import type { JournalEntryDto, MyEntryDto, PutRulesInput } from './points.schemas.ts';

const SYSTEM_NAMES = { issuance: '积分发放', redemption: '兑换核销', expiry: '积分到期' } as const;

type AccountName = { id: number; kind: repo.AccountRow['kind']; name: string };

async function accountNames(db: Executor, ids: number[]): Promise<Map<number, AccountName>> {
  const rows = await repo.describeAccounts(db, [...new Set(ids)]);
  return new Map(rows.map((r) => [r.id, {
    id: r.id, kind: r.kind,
    name: r.kind === 'person' ? (r.person_name ?? '') : r.kind === 'merchant' ? (r.merchant_name ?? '') : SYSTEM_NAMES[r.kind],
  }]));
}

/** 我的积分: balance, the batch expiring first, and how points are earned here. */
export async function myPoints(deps: Deps, caller: Caller) {
  const account = await repo.findAccount(deps.db, caller.districtId, 'person', caller.personId);
  const lots = account ? await repo.openLotsOf(deps.db, account.id) : [];
  const first = lots.find((l) => l.expires_at !== null);
  const expiring = first ? { points: lots.filter((l) => l.expires_at?.getTime() === first.expires_at!.getTime()).reduce((n, l) => n + Number(l.remaining), 0), at: first.expires_at!.toISOString() } : null;
  const rules = (await repo.listRules(deps.db, caller.districtId)).filter((r) => r.active && r.points_per_unit > 0);
  return {
    balance: Number(account?.balance ?? 0),
    expiring,
    rules: rules.filter((r) => (EARNING_RULES as readonly string[]).includes(r.rule)).map((r) => ({ rule: r.rule as EarningRule, pointsPerUnit: r.points_per_unit })),
  };
}

/** 积分明细: every movement of the caller's account, newest first, signed from their side. */
export async function myEntries(deps: Deps, caller: Caller, q: { page: number; pageSize: number }) {
  const account = await repo.findAccount(deps.db, caller.districtId, 'person', caller.personId);
  if (!account) return { items: [], total: 0 };
  const page = await repo.entriesOfAccount(deps.db, account.id, q.page, q.pageSize);
  const names = await accountNames(deps.db, page.items.map((e) => (e.credit_account_id === account.id ? e.debit_account_id : e.credit_account_id)));
  const items: MyEntryDto[] = page.items.map((e) => {
    const incoming = e.credit_account_id === account.id;
    return {
      id: e.id, kind: e.kind, points: incoming ? Number(e.amount) : -Number(e.amount),
      counterparty: names.get(incoming ? e.debit_account_id : e.credit_account_id)!,
      rule: e.rule, sourceType: e.source_type, sourceId: e.source_id, memo: e.memo, createdAt: e.created_at.toISOString(),
    };
  });
  return { items, total: page.total };
}

/** Rules are the district's: only a role at the district itself sets or reads them. */
function districtScope(caller: Caller, permission: 'points.rules' | 'points.ledger') {
  const scope = scopeFor(caller.roles, permission);
  if (!scope.paths.includes(`/${caller.districtId}/`)) throw new AppError('FORBIDDEN');
}

export async function getRules(deps: Deps, caller: Caller) {
  districtScope(caller, 'points.rules');
  return rulesOf(deps.db, caller.districtId);
}

async function rulesOf(db: Executor, districtId: number) {
  const rows = await repo.listRules(db, districtId);
  const settings = await repo.findSettings(db, districtId);
  return {
    rules: rows.filter((r) => (EARNING_RULES as readonly string[]).includes(r.rule)).map((r) => ({ rule: r.rule as EarningRule, pointsPerUnit: r.points_per_unit, active: r.active })),
    expiryDays: settings?.expiry_days ?? null,
  };
}

/** 积分规则: sets the district's rates and expiry. A new expiry applies to points earned from now on. */
export async function putRules(deps: Deps, caller: Caller, input: PutRulesInput, key: string | undefined) {
  districtScope(caller, 'points.rules');
  const now = deps.clock.now();
  return idempotent(deps, caller, 'points.rules.put', key, input, async (trx) => {
    for (const r of input.rules) {
      await repo.upsertRule(trx, { district_id: caller.districtId, rule: r.rule, points_per_unit: r.pointsPerUnit, active: r.active, updated_by: caller.personId, updated_at: now });
    }
    await repo.upsertSettings(trx, { district_id: caller.districtId, expiry_days: input.expiryDays, updated_by: caller.personId, updated_at: now });
    await auditAction(trx, caller, 'points.rules.update', { type: 'district', id: caller.districtId }, { rules: input.rules, expiryDays: input.expiryDays });
    return rulesOf(trx, caller.districtId);
  });
}

/** 积分台账: the district's journal, every entry with both sides named. */
export async function journal(deps: Deps, caller: Caller, q: { kind?: JournalEntryDto['kind']; page: number; pageSize: number }) {
  districtScope(caller, 'points.ledger');
  const page = await repo.journal(deps.db, caller.districtId, q);
  const names = await accountNames(deps.db, page.items.flatMap((e) => [e.debit_account_id, e.credit_account_id]));
  await auditAction(deps.db, caller, 'points.journal.read', { type: 'district', id: caller.districtId }, { kind: q.kind ?? null, page: q.page });
  return {
    total: page.total,
    items: page.items.map((e): JournalEntryDto => ({
      id: e.id, kind: e.kind, amount: Number(e.amount), debit: names.get(e.debit_account_id)!, credit: names.get(e.credit_account_id)!,
      rule: e.rule, sourceType: e.source_type, sourceId: e.source_id, memo: e.memo, createdAt: e.created_at.toISOString(),
    })),
  };
}

/** The ledger's health: totals per movement and whether every stored balance equals the sum of its entries. */
export async function ledgerSummary(deps: Deps, caller: Caller) {
  districtScope(caller, 'points.ledger');
  return summaryOf(deps.db, caller.districtId);
}

export async function summaryOf(db: Executor, districtId: number) {
  const [totals, accounts] = await Promise.all([repo.totalsByKind(db, districtId), repo.reconcile(db, districtId)]);
  const sumOf = (kind: string) => accounts.filter((a) => a.kind === kind).reduce((n, a) => n + a.entry_sum, 0);
  const mismatched = accounts.filter((a) => (a.balance !== null && a.balance !== a.entry_sum) || (a.kind === 'person' && (a.lot_sum ?? 0) !== a.entry_sum)).length;
  return {
    totals,
    issued: -sumOf('issuance'),
    heldByPeople: sumOf('person'),
    heldByMerchants: sumOf('merchant'),
    accounts: accounts.length,
    mismatched,
    balanced: accounts.reduce((n, a) => n + a.entry_sum, 0) === 0,
  };
}
