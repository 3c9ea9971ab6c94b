import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { reconcileBook } from '../../platform/ledger.ts';
import { assertInScope, scopeFor } from '../../platform/scope.ts';
import { idempotent } from '../points/index.ts';
import { FUND_BOOK, receive } from './fund-ledger.ts';
import * as repo from './funds.repository.ts';
import type { CreateFundInput, FundDto, FundKindName, ReceiptInput } from './funds.schemas.ts';

/** Which place kind each fund lives at, and where its money may come from. */
const FUND_RULES: Record<FundKindName, { places: string[]; sources: ('appropriation' | 'donors')[] }> = {
  district_pool: { places: ['district'], sources: ['appropriation'] },
  street_match: { places: ['street'], sources: ['appropriation'] },
  community: { places: ['community'], sources: ['appropriation', 'donors'] },
  crowdfunding: { places: ['community', 'compound'], sources: ['donors'] },
  donation: { places: ['community', 'compound'], sources: ['donors'] },
};

export function fundDto(r: repo.FundListRow): FundDto {
  return {
    id: r.id, kind: r.fund_kind as FundKindName, name: r.name, place: { id: r.place_id!, name: r.place_name },
    balance: Number(r.balance ?? 0), received: Number(r.received), allocated: Number(r.allocated),
  };
}

export async function listFunds(deps: Deps, caller: Caller) {
  const scope = scopeFor(caller.roles, 'funds.manage');
  return (await repo.listFunds(deps.db, caller.districtId, scope)).map(fundDto);
}

export async function createFund(deps: Deps, caller: Caller, input: CreateFundInput): Promise<FundDto> {
  const scope = scopeFor(caller.roles, 'funds.manage');
  const place = await repo.findPlace(deps.db, input.placeId);
  assertInScope(scope, place?.path);
  if (!FUND_RULES[input.kind].places.includes(place!.kind)) throw new AppError('PLACE_KIND_MISMATCH', { expected: FUND_RULES[input.kind].places.join(' / ') });
  const id = await deps.db.transaction().execute(async (trx) => {
    const newId = await repo.insertFund(trx, { district_id: caller.districtId, fund_kind: input.kind, place_id: place!.id, place_path: place!.path, name: input.name, created_at: deps.clock.now() });
    if (newId === undefined) throw new AppError('FUND_EXISTS');
    await auditAction(trx, caller, 'fund.create', { type: 'fund', id: newId }, { kind: input.kind, placeId: place!.id });
    return newId;
  });
  return fundDto((await repo.fundById(deps.db, id))!);
}

async function fundInScope(deps: Deps, caller: Caller, id: number) {
  const f = await repo.fundById(deps.db, id);
  if (f && f.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
  assertInScope(scopeFor(caller.roles, 'funds.manage'), f?.place_path ?? undefined);
  return f!;
}

/** 入账: the same Idempotency-Key never books a receipt twice. */
export async function receiveIntoFund(deps: Deps, caller: Caller, id: number, input: ReceiptInput, key: string | undefined): Promise<FundDto> {
  const f = await fundInScope(deps, caller, id);
  const kind = f.fund_kind as FundKindName;
  if (!FUND_RULES[kind].sources.includes(input.source)) throw new AppError('VALIDATION_FAILED');
  await idempotent(deps, caller, `fund.receive:${id}`, key, input, async (trx) => {
    const account = (await repo.findAccount(trx, id))!;
    const moved = await receive(trx, { districtId: caller.districtId, at: deps.clock.now(), createdBy: caller.personId }, account, input.source, input.amount, input.memo);
    await auditAction(trx, caller, 'fund.receive', { type: 'fund', id }, { amount: input.amount, source: input.source, entryId: moved?.entryId ?? null });
    return { entryId: moved?.entryId ?? null };
  });
  return fundDto((await repo.fundById(deps.db, id))!);
}

export async function fundEntries(deps: Deps, caller: Caller, id: number, page: number, pageSize: number) {
  await fundInScope(deps, caller, id);
  const res = await repo.entriesOf(deps.db, id, page, pageSize);
  return {
    total: res.total,
    items: res.items.map((e) => {
      const incoming = e.credit_account_id === id;
      return {
        id: e.id, kind: e.kind, amount: incoming ? Number(e.amount) : -Number(e.amount), counterparty: incoming ? e.debit_name : e.credit_name,
        memo: e.memo, sourceType: e.source_type, sourceId: e.source_id, at: e.created_at.toISOString(),
      };
    }),
  };
}

/** The start of a year in Beijing time (a fund's year is the budget year, 1 January to 31 December there). */
function yearStart(year: number): Date {
  return new Date(Date.UTC(year, 0, 1) - 8 * 3_600_000);
}

/** 年度报告: opening balance, money in and out by kind, closing balance, and what each project got. */
export async function yearReport(deps: Deps, caller: Caller, id: number, year: number) {
  const f = await fundInScope(deps, caller, id);
  const from = yearStart(year);
  const to = yearStart(year + 1);
  const [flows, projects] = await Promise.all([repo.yearFlows(deps.db, id, from, to), repo.projectFlows(deps.db, id, from, to)]);
  const pick = (dir: 'in' | 'out') => flows.rows.filter((r) => r.dir === dir).map((r) => ({ kind: r.kind as 'allocate', amount: r.amount, count: r.n }));
  const inflows = pick('in');
  const outflows = pick('out');
  const closing = flows.opening + inflows.reduce((n, r) => n + r.amount, 0) - outflows.reduce((n, r) => n + r.amount, 0);
  const now = deps.clock.now();
  const current = now >= from && now < to;
  return { fund: fundDto(f), year, opening: flows.opening, inflows, outflows, closing, projects, balanced: !current || closing === Number(f.balance) };
}

/**
 * 对账: every account's stored balance equals the sum of its entries, and what came in (appropriations and
 * donations) equals what the funds and projects hold plus what was paid to organisations.
 */
export async function reconcile(deps: Deps, caller: Caller) {
  const scope = scopeFor(caller.roles, 'funds.manage');
  const district = await repo.findPlace(deps.db, caller.districtId);
  if (!scope.paths.includes(district!.path)) throw new AppError('FORBIDDEN');
  return reconcileFunds(deps, caller.districtId);
}

export async function reconcileFunds(deps: Pick<Deps, 'db'>, districtId: number) {
  const rows = await reconcileBook(deps.db, FUND_BOOK, districtId);
  const mismatched = rows.filter((r) => r.balance !== null && r.balance !== r.entrySum);
  const totals = await repo.totalsByKind(deps.db, districtId);
  const held = await repo.heldSum(deps.db, districtId);
  const t = { appropriated: totals.appropriate ?? 0, donated: totals.donate ?? 0, paid: totals.pay ?? 0, held };
  return { accounts: rows.length, mismatched, totals: t, balanced: mismatched.length === 0 && t.appropriated + t.donated === t.held + t.paid };
}
