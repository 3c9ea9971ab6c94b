import { sql } from 'kysely';
import type { Executor } from '../../platform/audit.ts';
import type { PointsAccountKind, PointsEntryKind } from '../../db/schema.ts';

export type AccountRow = { id: number; district_id: number; kind: PointsAccountKind; owner_id: number | null; balance: number | null };

/** The account of a person or merchant, or the district's source or sink; created on first use. */
export async function ensureAccount(db: Executor, districtId: number, kind: PointsAccountKind, ownerId: number | null): Promise<AccountRow> {
  const owned = ownerId !== null;
  const conflict = owned
    ? sql`on conflict (district_id, kind, owner_id) where owner_id is not null do nothing`
    : sql`on conflict (district_id, kind) where owner_id is null do nothing`;
  await sql`insert into points_accounts (district_id, kind, owner_id, balance)
            values (${districtId}, ${kind}, ${ownerId}, ${owned ? 0 : null}) ${conflict}`.execute(db);
  return (await findAccount(db, districtId, kind, ownerId))!;
}

export function findAccount(db: Executor, districtId: number, kind: PointsAccountKind, ownerId: number | null): Promise<AccountRow | undefined> {
  let q = db.selectFrom('points_accounts').select(['id', 'district_id', 'kind', 'owner_id', 'balance']).where('district_id', '=', districtId).where('kind', '=', kind);
  q = ownerId === null ? q.where('owner_id', 'is', null) : q.where('owner_id', '=', ownerId);
  return q.executeTakeFirst();
}

export function findAccountById(db: Executor, id: number) {
  return db.selectFrom('points_accounts').select(['id', 'district_id', 'kind', 'owner_id', 'balance']).where('id', '=', id).executeTakeFirst();
}

/** Locks a stored-balance account row (lots are always locked after their account, see ledger.ts). */
export async function lockAccount(db: Executor, id: number): Promise<void> {
  await db.selectFrom('points_accounts').select('id').where('id', '=', id).forUpdate().execute();
}

export function findEntryByKey(db: Executor, districtId: number, key: string) {
  return db.selectFrom('points_entries').selectAll().where('district_id', '=', districtId).where('idempotency_key', '=', key).executeTakeFirst();
}

export async function insertLot(db: Executor, lot: { district_id: number; account_id: number; entry_id: number; amount: number; expires_at: Date | null; created_at: Date }): Promise<number> {
  const row = await db.insertInto('points_lots').values({ ...lot, remaining: lot.amount }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** The open lots of an account, soonest to expire first (then oldest), locked. */
export function lockOpenLots(db: Executor, accountId: number) {
  return db
    .selectFrom('points_lots')
    .select(['id', 'remaining', 'expires_at'])
    .where('account_id', '=', accountId)
    .where('remaining', '>', 0)
    .orderBy(sql`expires_at asc nulls last`)
    .orderBy('id')
    .forUpdate()
    .execute();
}

export function findLot(db: Executor, id: number) {
  return db.selectFrom('points_lots').select(['id', 'district_id', 'account_id', 'entry_id', 'amount', 'remaining', 'expires_at']).where('id', '=', id).executeTakeFirst();
}

export function lockLot(db: Executor, id: number) {
  return db.selectFrom('points_lots').select(['id', 'remaining', 'expires_at']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function setLotRemaining(db: Executor, id: number, remaining: number): Promise<void> {
  await db.updateTable('points_lots').set({ remaining }).where('id', '=', id).execute();
}

export async function insertDraws(db: Executor, rows: { district_id: number; entry_id: number; lot_id: number; amount: number }[]): Promise<void> {
  if (rows.length) await db.insertInto('points_lot_draws').values(rows).execute();
}

export function drawsOf(db: Executor, entryId: number) {
  return db
    .selectFrom('points_lot_draws as d')
    .innerJoin('points_lots as l', 'l.id', 'd.lot_id')
    .select(['d.lot_id', 'd.amount', 'l.remaining', 'l.expires_at'])
    .where('d.entry_id', '=', entryId)
    .orderBy('d.lot_id')
    .forUpdate()
    .execute();
}

export function findRule(db: Executor, districtId: number, rule: string) {
  return db.selectFrom('points_rules').select(['rule', 'points_per_unit', 'active']).where('district_id', '=', districtId).where('rule', '=', rule).executeTakeFirst();
}

export function listRules(db: Executor, districtId: number) {
  return db.selectFrom('points_rules').select(['rule', 'points_per_unit', 'active', 'updated_at']).where('district_id', '=', districtId).orderBy('rule').execute();
}

export async function upsertRule(db: Executor, r: { district_id: number; rule: string; points_per_unit: number; active: boolean; updated_by: number; updated_at: Date }): Promise<void> {
  await db
    .insertInto('points_rules')
    .values(r)
    .onConflict((oc) => oc.columns(['district_id', 'rule']).doUpdateSet({ points_per_unit: r.points_per_unit, active: r.active, updated_by: r.updated_by, updated_at: r.updated_at }))
    .execute();
}

export function findSettings(db: Executor, districtId: number) {
  return db.selectFrom('points_settings').select(['expiry_days']).where('district_id', '=', districtId).executeTakeFirst();
}

export async function upsertSettings(db: Executor, s: { district_id: number; expiry_days: number | null; updated_by: number; updated_at: Date }): Promise<void> {
  await db
    .insertInto('points_settings')
    .values(s)
    .onConflict((oc) => oc.column('district_id').doUpdateSet({ expiry_days: s.expiry_days, updated_by: s.updated_by, updated_at: s.updated_at }))
    .execute();
}

export type EntryRow = {
  id: number;
  debit_account_id: number;
  credit_account_id: number;
  amount: number;
  kind: PointsEntryKind;
  rule: string | null;
  source_type: string | null;
  source_id: string | null;
  memo: string | null;
  created_at: Date;
};

const entryColumns = ['id', 'debit_account_id', 'credit_account_id', 'amount', 'kind', 'rule', 'source_type', 'source_id', 'memo', 'created_at'] as const;

/** The entries touching one account, newest first. */
export async function entriesOfAccount(db: Executor, accountId: number, page: number, pageSize: number) {
  const base = db.selectFrom('points_entries').where((eb) => eb.or([eb('debit_account_id', '=', accountId), eb('credit_account_id', '=', accountId)]));
  const [items, total] = await Promise.all([
    base.select(entryColumns).orderBy('id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: items as EntryRow[], total: Number(total.n) };
}

/** The district's journal, newest first, optionally one kind of movement. */
export async function journal(db: Executor, districtId: number, q: { kind?: PointsEntryKind; page: number; pageSize: number }) {
  let base = db.selectFrom('points_entries').where('district_id', '=', districtId);
  if (q.kind) base = base.where('kind', '=', q.kind);
  const [items, total] = await Promise.all([
    base.select(entryColumns).orderBy('id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: items as EntryRow[], total: Number(total.n) };
}

/** Accounts by id with a display name: a person's or a merchant's name, or nothing for the district's own. */
export function describeAccounts(db: Executor, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('points_accounts as a')
    .leftJoin('people as p', (j) => j.onRef('p.id', '=', 'a.owner_id').on('a.kind', '=', 'person'))
    .leftJoin('store_merchants as m', (j) => j.onRef('m.id', '=', 'a.owner_id').on('a.kind', '=', 'merchant'))
    .select(['a.id', 'a.kind', 'a.owner_id', 'p.name as person_name', 'm.name as merchant_name'])
    .where('a.id', 'in', ids)
    .execute();
}

/** Earnings to an account from the given sources minus the reversals of them. */
export async function netPointsOfSources(db: Executor, accountId: number, sourceType: string, sourceIds: string[]): Promise<number> {
  const { rows } = await sql<{ net: string | null }>`
    select sum(case when kind = 'earn' and credit_account_id = ${accountId} then amount
                    when kind = 'reverse' and debit_account_id = ${accountId} then -amount else 0 end) as net
    from points_entries
    where source_type = ${sourceType} and source_id in (${sql.join(sourceIds)})
      and (credit_account_id = ${accountId} or debit_account_id = ${accountId})`.execute(db);
  return Number(rows[0]?.net ?? 0);
}

/** Each account's sum of entries (credits minus debits) beside its stored balance: the ledger's own check. */
export async function reconcile(db: Executor, districtId: number) {
  const { rows } = await sql<{ id: number; kind: PointsAccountKind; owner_id: number | null; balance: number | null; entry_sum: number; lot_sum: number | null }>`
    select a.id, a.kind, a.owner_id, a.balance,
      coalesce((select sum(amount) from points_entries where credit_account_id = a.id), 0)
        - coalesce((select sum(amount) from points_entries where debit_account_id = a.id), 0) as entry_sum,
      (select sum(remaining) from points_lots where account_id = a.id) as lot_sum
    from points_accounts a where a.district_id = ${districtId} order by a.id`.execute(db);
  return rows.map((r) => ({ ...r, entry_sum: Number(r.entry_sum), lot_sum: r.lot_sum === null ? null : Number(r.lot_sum), balance: r.balance === null ? null : Number(r.balance) }));
}

/** Totals per kind of movement in a district (what was issued, redeemed, returned, fulfilled, expired). */
export async function totalsByKind(db: Executor, districtId: number) {
  const rows = await db
    .selectFrom('points_entries')
    .select(['kind', (eb) => eb.fn.sum<number>('amount').as('total'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('district_id', '=', districtId)
    .groupBy('kind')
    .execute();
  return rows.map((r) => ({ kind: r.kind, total: Number(r.total), count: Number(r.n) }));
}

export async function claimIdempotencyKey(db: Executor, r: { district_id: number; actor_id: number; key: string; operation: string; request_hash: string }): Promise<boolean> {
  const row = await db
    .insertInto('points_idempotency')
    .values({ ...r, response: 'null' })
    .onConflict((oc) => oc.columns(['district_id', 'actor_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return row !== undefined;
}

export function findIdempotencyKey(db: Executor, districtId: number, actorId: number, key: string) {
  return db.selectFrom('points_idempotency').select(['operation', 'request_hash', 'response']).where('district_id', '=', districtId).where('actor_id', '=', actorId).where('key', '=', key).executeTakeFirst();
}

export async function storeIdempotentResponse(db: Executor, districtId: number, actorId: number, key: string, response: unknown): Promise<void> {
  await db
    .updateTable('points_idempotency')
    .set({ response: sql`${JSON.stringify(response)}::jsonb` } as never)
    .where('district_id', '=', districtId)
    .where('actor_id', '=', actorId)
    .where('key', '=', key)
    .execute();
}

export function openLotsOf(db: Executor, accountId: number) {
  return db
    .selectFrom('points_lots')
    .select(['id', 'remaining', 'expires_at'])
    .where('account_id', '=', accountId)
    .where('remaining', '>', 0)
    .orderBy(sql`expires_at asc nulls last`)
    .orderBy('id')
    .execute();
}
