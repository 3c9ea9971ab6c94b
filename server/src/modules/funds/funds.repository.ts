import { sql } from 'kysely';
import type { Executor } from '../../platform/audit.repository.ts';
import type { Scope } from '../../platform/scope.ts';
import { underScope } from '../../platform/scope-sql.ts';
import type { FundAccountKind, FundKind } from '../../db/schema.ts';

/** All SQL of the fund ledger (资金台账). Movements themselves go through platform/ledger.ts. */

export type FundAccountRow = { id: number; district_id: number; kind: FundAccountKind; fund_kind: FundKind | null; place_id: number | null; place_path: string | null; owner_id: number | null; name: string; balance: number | null };
const accountColumns = ['id', 'district_id', 'kind', 'fund_kind', 'place_id', 'place_path', 'owner_id', 'name', 'balance'] as const;

export function findPlace(db: Executor, id: number) {
  return db.selectFrom('places').select(['id', 'name', 'path', 'kind', 'district_id']).where('id', '=', id).executeTakeFirst();
}

export function findAccount(db: Executor, id: number): Promise<FundAccountRow | undefined> {
  return db.selectFrom('fund_accounts').select(accountColumns).where('id', '=', id).executeTakeFirst();
}

export function findFund(db: Executor, districtId: number, kind: FundKind, placeId: number): Promise<FundAccountRow | undefined> {
  return db.selectFrom('fund_accounts').select(accountColumns).where('district_id', '=', districtId).where('kind', '=', 'fund').where('fund_kind', '=', kind).where('place_id', '=', placeId).executeTakeFirst();
}

export async function insertFund(db: Executor, row: { district_id: number; fund_kind: FundKind; place_id: number; place_path: string; name: string; created_at: Date }): Promise<number | undefined> {
  const r = await db.insertInto('fund_accounts').values({ ...row, kind: 'fund', balance: 0 })
    .onConflict((oc) => oc.columns(['district_id', 'fund_kind', 'place_id']).where('kind', '=', 'fund').doNothing()).returning('id').executeTakeFirst();
  return r?.id;
}

/** A source (财政拨款, 捐赠人), a project's earmarked account or an organisation's payee account; created on first use. */
export async function ensureAccount(db: Executor, a: { district_id: number; kind: 'source' | 'project' | 'payee'; fund_kind?: FundKind; owner_id?: number; name: string; at: Date }): Promise<FundAccountRow> {
  const conflict = a.kind === 'source'
    ? sql`on conflict (district_id, fund_kind) where kind = 'source' do nothing`
    : sql`on conflict (kind, owner_id) where kind in ('project','payee') do nothing`;
  await sql`insert into fund_accounts (district_id, kind, fund_kind, owner_id, name, balance, created_at)
            values (${a.district_id}, ${a.kind}, ${a.fund_kind ?? null}, ${a.owner_id ?? null}, ${a.name}, ${a.kind === 'project' ? 0 : null}, ${a.at}) ${conflict}`.execute(db);
  let q = db.selectFrom('fund_accounts').select(accountColumns).where('kind', '=', a.kind);
  q = a.kind === 'source' ? q.where('district_id', '=', a.district_id).where('fund_kind', '=', a.fund_kind!) : q.where('owner_id', '=', a.owner_id!);
  return (await q.executeTakeFirst())!;
}

export function findOwned(db: Executor, kind: 'project' | 'payee', ownerId: number): Promise<FundAccountRow | undefined> {
  return db.selectFrom('fund_accounts').select(accountColumns).where('kind', '=', kind).where('owner_id', '=', ownerId).executeTakeFirst();
}

const flows = sql<number>`coalesce((select sum(e.amount) from fund_entries e where e.credit_account_id = a.id and e.kind in ('appropriate','donate')), 0)`;
const allocatedSum = sql<number>`coalesce((select sum(e.amount) from fund_entries e where e.debit_account_id = a.id and e.kind = 'allocate'), 0)
  - coalesce((select sum(e.amount) from fund_entries e where e.credit_account_id = a.id and e.kind = 'release'), 0)`;

export async function listFunds(db: Executor, districtId: number, scope: Scope | null) {
  return db.selectFrom('fund_accounts as a').innerJoin('places as p', 'p.id', 'a.place_id')
    .select(['a.id', 'a.fund_kind', 'a.name', 'a.balance', 'a.place_id', 'a.place_path', 'p.name as place_name', flows.as('received'), allocatedSum.as('allocated')])
    .where('a.district_id', '=', districtId).where('a.kind', '=', 'fund')
    .$if(scope !== null, (w) => w.where(underScope('a.place_path', scope!)))
    .orderBy('a.place_path').orderBy('a.fund_kind').execute();
}
export type FundListRow = Awaited<ReturnType<typeof listFunds>>[number];

export function fundById(db: Executor, id: number) {
  return db.selectFrom('fund_accounts as a').innerJoin('places as p', 'p.id', 'a.place_id')
    .select(['a.id', 'a.district_id', 'a.fund_kind', 'a.name', 'a.balance', 'a.place_id', 'a.place_path', 'p.name as place_name', flows.as('received'), allocatedSum.as('allocated')])
    .where('a.id', '=', id).where('a.kind', '=', 'fund').executeTakeFirst();
}

export async function entriesOf(db: Executor, accountId: number, page: number, pageSize: number) {
  const base = db.selectFrom('fund_entries as e').where((eb) => eb.or([eb('e.debit_account_id', '=', accountId), eb('e.credit_account_id', '=', accountId)]));
  const [items, total] = await Promise.all([
    base.innerJoin('fund_accounts as d', 'd.id', 'e.debit_account_id').innerJoin('fund_accounts as c', 'c.id', 'e.credit_account_id')
      .select(['e.id', 'e.kind', 'e.amount', 'e.debit_account_id', 'e.credit_account_id', 'd.name as debit_name', 'c.name as credit_name', 'e.memo', 'e.source_type', 'e.source_id', 'e.created_at'])
      .orderBy('e.id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** Sums of one account's entries before `from`, and by kind and direction within [from, to). */
export async function yearFlows(db: Executor, accountId: number, from: Date, to: Date) {
  const { rows: [opening] } = await sql<{ sum: number }>`
    select coalesce(sum(case when credit_account_id = ${accountId} then amount else -amount end), 0) as sum
    from fund_entries where (credit_account_id = ${accountId} or debit_account_id = ${accountId}) and created_at < ${from}`.execute(db);
  const { rows } = await sql<{ kind: string; dir: 'in' | 'out'; amount: number; n: number }>`
    select kind, case when credit_account_id = ${accountId} then 'in' else 'out' end as dir, sum(amount) as amount, count(*) as n
    from fund_entries where (credit_account_id = ${accountId} or debit_account_id = ${accountId}) and created_at >= ${from} and created_at < ${to}
    group by 1, 2 order by 1`.execute(db);
  return { opening: Number(opening?.sum ?? 0), rows: rows.map((r) => ({ ...r, amount: Number(r.amount), n: Number(r.n) })) };
}

/** What a fund gave each project (and got back) in [from, to). */
export async function projectFlows(db: Executor, accountId: number, from: Date, to: Date) {
  const { rows } = await sql<{ project_id: number; title: string; allocated: number; released: number }>`
    select pa.owner_id as project_id, pr.title,
      coalesce(sum(e.amount) filter (where e.kind = 'allocate' and e.debit_account_id = ${accountId}), 0) as allocated,
      coalesce(sum(e.amount) filter (where e.kind = 'release' and e.credit_account_id = ${accountId}), 0) as released
    from fund_entries e
    join fund_accounts pa on pa.kind = 'project' and pa.id = case when e.debit_account_id = ${accountId} then e.credit_account_id else e.debit_account_id end
    join projects pr on pr.id = pa.owner_id
    where (e.debit_account_id = ${accountId} or e.credit_account_id = ${accountId}) and e.created_at >= ${from} and e.created_at < ${to}
    group by pa.owner_id, pr.title order by pa.owner_id`.execute(db);
  return rows.map((r) => ({ projectId: Number(r.project_id), title: r.title, allocated: Number(r.allocated), released: Number(r.released) }));
}

/** What each fund has given a project net of releases: where a project's leftover goes back to. */
export async function allocationsToProject(db: Executor, projectAccountId: number) {
  const { rows } = await sql<{ fund_id: number; net: number }>`
    select f.id as fund_id,
      coalesce(sum(e.amount) filter (where e.kind = 'allocate' and e.debit_account_id = f.id), 0)
      - coalesce(sum(e.amount) filter (where e.kind = 'release' and e.credit_account_id = f.id), 0) as net
    from fund_entries e join fund_accounts f on f.kind = 'fund' and (f.id = e.debit_account_id or f.id = e.credit_account_id)
    where (e.debit_account_id = ${projectAccountId} or e.credit_account_id = ${projectAccountId}) and e.kind in ('allocate','release')
    group by f.id order by f.id`.execute(db);
  return rows.map((r) => ({ fundId: Number(r.fund_id), net: Number(r.net) }));
}

/** Totals by entry kind in a district: money in, money paid out. */
export async function totalsByKind(db: Executor, districtId: number) {
  const rows = await db.selectFrom('fund_entries').select(['kind', (eb) => eb.fn.sum<number>('amount').as('total')]).where('district_id', '=', districtId).groupBy('kind').execute();
  return Object.fromEntries(rows.map((r) => [r.kind, Number(r.total)])) as Record<string, number>;
}

export async function heldSum(db: Executor, districtId: number): Promise<number> {
  const r = await db.selectFrom('fund_accounts').select((eb) => eb.fn.sum<number>('balance').as('s')).where('district_id', '=', districtId).where('balance', 'is not', null).executeTakeFirst();
  return Number(r?.s ?? 0);
}
