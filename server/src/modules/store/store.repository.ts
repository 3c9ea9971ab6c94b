import { sql } from 'kysely';
import type { Executor } from '../../platform/audit.ts';
import type { Scope } from '../../platform/scope.ts';
import { underScope } from '../../platform/scope-sql.ts';

export function findPlace(db: Executor, id: number) {
  return db.selectFrom('places').select(['id', 'district_id', 'kind', 'path', 'name']).where('id', '=', id).executeTakeFirst();
}

const merchantColumns = [
  'm.id', 'm.district_id', 'm.place_id', 'm.place_path', 'm.kind', 'm.name', 'm.description', 'm.address', 'm.owner_id', 'm.status',
  'm.applied_at', 'm.decided_at', 'm.decision_note', 'pl.name as place_name', 'p.name as owner_name',
] as const;

function merchants(db: Executor) {
  return db.selectFrom('store_merchants as m').innerJoin('places as pl', 'pl.id', 'm.place_id').innerJoin('people as p', 'p.id', 'm.owner_id');
}
export type MerchantRow = Awaited<ReturnType<typeof findMerchant>> & object;

export function findMerchant(db: Executor, id: number) {
  return merchants(db).select(merchantColumns).where('m.id', '=', id).executeTakeFirst();
}

export function lockMerchant(db: Executor, id: number) {
  return db.selectFrom('store_merchants').select(['id', 'status']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertMerchant(db: Executor, m: { district_id: number; place_id: number; place_path: string; kind: 'merchant' | 'talent'; name: string; description: string; address: string | null; owner_id: number; applied_at: Date }) {
  return (await db.insertInto('store_merchants').values(m).returning('id').executeTakeFirstOrThrow()).id;
}

export async function decideMerchant(db: Executor, id: number, d: { status: 'approved' | 'rejected' | 'suspended'; decided_at: Date; decided_by: number; decision_note: string | null }) {
  await db.updateTable('store_merchants').set(d).where('id', '=', id).execute();
}

export async function listMerchants(db: Executor, districtId: number, scope: Scope, q: { status?: string; page: number; pageSize: number }) {
  let base = merchants(db).where('m.district_id', '=', districtId).where(underScope('m.place_path', scope));
  if (q.status) base = base.where('m.status', '=', q.status as 'pending');
  const [items, total] = await Promise.all([
    base.select(merchantColumns).orderBy('m.id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export function merchantsOfOwner(db: Executor, ownerId: number) {
  return merchants(db).select(merchantColumns).where('m.owner_id', '=', ownerId).orderBy('m.id', 'desc').execute();
}

const listingColumns = [
  'l.id', 'l.district_id', 'l.merchant_id', 'l.kind', 'l.title', 'l.description', 'l.price_points', 'l.stock', 'l.status',
  'm.name as merchant_name', 'm.kind as merchant_kind', 'm.address as merchant_address', 'm.owner_id', 'm.status as merchant_status', 'm.place_path',
] as const;

function listings(db: Executor) {
  return db.selectFrom('store_listings as l').innerJoin('store_merchants as m', 'm.id', 'l.merchant_id');
}
export type ListingRow = Awaited<ReturnType<typeof findListing>> & object;

export function findListing(db: Executor, id: number) {
  return listings(db).select(listingColumns).where('l.id', '=', id).executeTakeFirst();
}

export async function insertListing(db: Executor, l: { district_id: number; merchant_id: number; kind: 'goods' | 'service'; title: string; description: string; price_points: number; stock: number; created_at: Date; updated_at: Date }) {
  return (await db.insertInto('store_listings').values(l).returning('id').executeTakeFirstOrThrow()).id;
}

/** Changes a listing; a stock change is relative and never takes stock below zero (answers false then). */
export async function updateListing(db: Executor, id: number, set: { title?: string; description?: string; price_points?: number; status?: 'active' | 'withdrawn'; updated_at: Date }, stockDelta: number): Promise<boolean> {
  const row = await db
    .updateTable('store_listings')
    .set({ ...set, ...(stockDelta ? { stock: sql`stock + ${stockDelta}` } : {}) })
    .where('id', '=', id)
    .where(sql<boolean>`stock + ${stockDelta} >= 0`)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** The store's shelf: active listings of approved merchants in the district. */
export async function listActiveListings(db: Executor, districtId: number, q: { merchantId?: number; q?: string; page: number; pageSize: number }) {
  let base = listings(db).where('l.district_id', '=', districtId).where('l.status', '=', 'active').where('m.status', '=', 'approved');
  if (q.merchantId) base = base.where('l.merchant_id', '=', q.merchantId);
  if (q.q) base = base.where('l.title', 'like', `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const [items, total] = await Promise.all([
    base.select(listingColumns).orderBy('l.id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export function listingsOfMerchant(db: Executor, merchantId: number) {
  return listings(db).select(listingColumns).where('l.merchant_id', '=', merchantId).orderBy('l.id', 'desc').limit(200).execute();
}

/**
 * Takes one from stock, only if the listing is active, its merchant approved and stock is left. One conditional
 * UPDATE: concurrent buyers queue on the row, and each re-checks `stock > 0` after the one before commits.
 */
export function takeStock(db: Executor, listingId: number, districtId: number) {
  return db
    .updateTable('store_listings as l')
    .set({ stock: sql`l.stock - 1` })
    .from('store_merchants as m')
    .whereRef('m.id', '=', 'l.merchant_id')
    .where('l.id', '=', listingId)
    .where('l.district_id', '=', districtId)
    .where('l.status', '=', 'active')
    .where('l.stock', '>', 0)
    .where('m.status', '=', 'approved')
    .returning(['l.id', 'l.merchant_id', 'l.title', 'l.price_points', 'm.owner_id'])
    .executeTakeFirst();
}

export async function returnStock(db: Executor, listingId: number): Promise<void> {
  await db.updateTable('store_listings').set({ stock: sql`stock + 1` }).where('id', '=', listingId).execute();
}

export async function nextVoucherId(db: Executor): Promise<number> {
  const { rows } = await sql<{ id: number }>`select nextval(pg_get_serial_sequence('store_vouchers', 'id')) as id`.execute(db);
  return Number(rows[0]!.id);
}

export async function insertVoucher(db: Executor, v: { id: number; district_id: number; listing_id: number; merchant_id: number; person_id: number; title: string; price_points: number; token: string; status: 'issued'; redeem_entry_id: number; issued_at: Date }) {
  await db.insertInto('store_vouchers').values(v).execute();
}

const voucherColumns = [
  'v.id', 'v.district_id', 'v.listing_id', 'v.merchant_id', 'v.person_id', 'v.title', 'v.price_points', 'v.token', 'v.status', 'v.redeem_entry_id',
  'v.issued_at', 'v.fulfilled_at', 'v.cancelled_at', 'm.name as merchant_name', 'm.address as merchant_address', 'm.owner_id', 'm.place_path', 'p.name as holder_name',
] as const;

function vouchers(db: Executor) {
  return db.selectFrom('store_vouchers as v').innerJoin('store_merchants as m', 'm.id', 'v.merchant_id').innerJoin('people as p', 'p.id', 'v.person_id');
}
export type VoucherRow = Awaited<ReturnType<typeof findVoucher>> & object;

export function findVoucher(db: Executor, id: number) {
  return vouchers(db).select(voucherColumns).where('v.id', '=', id).executeTakeFirst();
}

export function findVoucherByToken(db: Executor, token: string) {
  return vouchers(db).select(voucherColumns).where('v.token', '=', token).executeTakeFirst();
}

export function lockVoucher(db: Executor, id: number) {
  return db.selectFrom('store_vouchers').select(['id', 'status']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function closeVoucher(db: Executor, id: number, set: { status: 'fulfilled'; fulfilled_at: Date; fulfilled_by: number } | { status: 'cancelled'; cancelled_at: Date; cancelled_by: number }) {
  await db.updateTable('store_vouchers').set(set).where('id', '=', id).execute();
}

export async function vouchersOf(db: Executor, where: { personId?: number; merchantId?: number }, q: { status?: string; page: number; pageSize: number }) {
  let base = vouchers(db);
  if (where.personId) base = base.where('v.person_id', '=', where.personId);
  if (where.merchantId) base = base.where('v.merchant_id', '=', where.merchantId);
  if (q.status) base = base.where('v.status', '=', q.status as 'issued');
  const [items, total] = await Promise.all([
    base.select(voucherColumns).orderBy('v.id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/**
 * 结算: per merchant in reach, what was fulfilled and cancelled in [from, to) and what is still outstanding. The
 * fulfilled points come from the ledger's fulfilment entries (the authority), the counts from the vouchers.
 */
export async function settlement(db: Executor, districtId: number, scope: Scope, from: Date, to: Date, merchantId?: number) {
  const { rows } = await sql<{ id: number; name: string; kind: 'merchant' | 'talent'; status: 'approved'; fulfilled: number; cancelled: number; outstanding: number; outstanding_points: number; fulfilled_points: number }>`
    select m.id, m.name, m.kind, m.status,
      count(v.id) filter (where v.status = 'fulfilled' and v.fulfilled_at >= ${from} and v.fulfilled_at < ${to}) as fulfilled,
      count(v.id) filter (where v.status = 'cancelled' and v.cancelled_at >= ${from} and v.cancelled_at < ${to}) as cancelled,
      count(v.id) filter (where v.status = 'issued') as outstanding,
      coalesce(sum(v.price_points) filter (where v.status = 'issued'), 0) as outstanding_points,
      coalesce((select sum(e.amount) from points_entries e join points_accounts a on a.id = e.debit_account_id
                where a.kind = 'merchant' and a.owner_id = m.id and a.district_id = m.district_id and e.kind = 'fulfil'
                  and e.created_at >= ${from} and e.created_at < ${to}), 0) as fulfilled_points
    from store_merchants m left join store_vouchers v on v.merchant_id = m.id
    where m.district_id = ${districtId} and m.status in ('approved','suspended') and ${underScope('m.place_path', scope)}
      ${merchantId ? sql`and m.id = ${merchantId}` : sql``}
    group by m.id order by m.id`.execute(db);
  return rows.map((r) => ({ ...r, fulfilled: Number(r.fulfilled), cancelled: Number(r.cancelled), outstanding: Number(r.outstanding), outstanding_points: Number(r.outstanding_points), fulfilled_points: Number(r.fulfilled_points) }));
}
