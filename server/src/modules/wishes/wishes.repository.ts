import { sql, type Insertable, type Updateable } from 'kysely';
import type { Executor } from '../../platform/audit.repository.ts';
import type { Scope } from '../../platform/scope.ts';
import { underScope } from '../../platform/scope-sql.ts';
import type { Database } from '../../db/schema.ts';

/** All SQL of micro-wishes (微心愿). Places are read as other modules read them; whether someone lives where is asked of people. */

export function findPlace(db: Executor, id: number) {
  return db.selectFrom('places').select(['id', 'name', 'path', 'kind', 'district_id']).where('id', '=', id).executeTakeFirst();
}

export function findPlaces(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('places').select(['id', 'name']).where('id', 'in', [...ids]).execute();
}

export async function insertWish(db: Executor, row: Insertable<Database['wishes']>): Promise<number> {
  return (await db.insertInto('wishes').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function findByIdempotencyKey(db: Executor, postedBy: number, key: string) {
  return db.selectFrom('wishes').select('id').where('posted_by', '=', postedBy).where('idempotency_key', '=', key).executeTakeFirst();
}

function wishesQuery(db: Executor) {
  return db
    .selectFrom('wishes as w')
    .innerJoin('places as p', 'p.id', 'w.place_id')
    .innerJoin('people as poster', 'poster.id', 'w.posted_by')
    .leftJoin('people as rec', 'rec.id', 'w.recipient_id')
    .leftJoin('people as cl', 'cl.id', 'w.claimer_id');
}

const columns = [
  'w.id', 'w.district_id', 'w.place_id', 'w.place_path', 'w.recipient_id', 'w.posted_by', 'w.category', 'w.title', 'w.description', 'w.value_fen',
  'w.deadline', 'w.address_text', 'w.show_name', 'w.show_address', 'w.status', 'w.review_note', 'w.claimer_id', 'w.claimer_kind', 'w.claimer_unit',
  'w.claimed_at', 'w.claim_due_at', 'w.lapses', 'w.fulfilled_at', 'w.fulfil_note', 'w.confirmed_at', 'w.thanks_note', 'w.created_at',
  'p.name as place_name', 'poster.name as poster_name', 'rec.name as recipient_name', 'cl.name as claimer_name',
] as const;

export function findWish(db: Executor, id: number) {
  return wishesQuery(db).select(columns).where('w.id', '=', id).executeTakeFirst();
}
export type WishRow = NonNullable<Awaited<ReturnType<typeof findWish>>>;

/** Locks the wish for a step, so two people acting on it at once apply one after the other. */
export function lockWish(db: Executor, id: number) {
  return db.selectFrom('wishes').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateWish(db: Executor, id: number, set: Updateable<Database['wishes']>): Promise<void> {
  await db.updateTable('wishes').set(set).where('id', '=', id).execute();
}

/**
 * Claims an open wish in one statement: only the first of two concurrent claims finds it open, the second changes
 * nothing and gets no row back.
 */
export async function claimIfOpen(db: Executor, id: number, set: Updateable<Database['wishes']>): Promise<boolean> {
  const r = await db.updateTable('wishes').set(set).where('id', '=', id).where('status', '=', 'open').returning('id').executeTakeFirst();
  return r !== undefined;
}

export async function insertEvent(db: Executor, e: Insertable<Database['wish_events']>): Promise<void> {
  await db.insertInto('wish_events').values(e).execute();
}

export function listEvents(db: Executor, wishId: number) {
  return db
    .selectFrom('wish_events as e')
    .leftJoin('people as a', 'a.id', 'e.actor_id')
    .select(['e.at', 'e.kind', 'e.note', 'a.name as actor_name'])
    .where('e.wish_id', '=', wishId)
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
}

export async function listWishes(db: Executor, scope: Scope, f: { placePath?: string; status?: string; page: number; pageSize: number }) {
  const base = wishesQuery(db)
    .where(underScope('w.place_path', scope))
    .$if(f.placePath !== undefined, (w) => w.where('w.place_path', 'like', `${f.placePath}%`))
    .$if(f.status !== undefined, (w) => w.where('w.status', '=', f.status!));
  const [items, total] = await Promise.all([
    base.select(columns).orderBy('w.created_at', 'desc').orderBy('w.id', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** The wall under a place: approved wishes still to claim first, then those under way and recently done. */
export function listWall(db: Executor, placePath: string, limit: number) {
  return wishesQuery(db)
    .select(columns)
    .where('w.place_path', 'like', `${placePath}%`)
    .where('w.status', 'in', ['open', 'claimed', 'fulfilled', 'confirmed'])
    .orderBy(sql`case w.status when 'open' then 0 when 'claimed' then 1 when 'fulfilled' then 2 else 3 end`)
    .orderBy('w.created_at', 'desc')
    .orderBy('w.id', 'desc')
    .limit(limit)
    .execute();
}

/** Wishes a person posted, receives, or claimed. */
export function listMine(db: Executor, personId: number, limit: number) {
  return wishesQuery(db)
    .select(columns)
    .where((eb) => eb.or([eb('w.recipient_id', '=', personId), eb('w.posted_by', '=', personId), eb('w.claimer_id', '=', personId)]))
    .orderBy('w.created_at', 'desc')
    .orderBy('w.id', 'desc')
    .limit(limit)
    .execute();
}

export async function insertPhoto(db: Executor, p: Insertable<Database['wish_photos']>): Promise<void> {
  await db.insertInto('wish_photos').values(p).execute();
}

export function findPhotoMeta(db: Executor, id: string) {
  return db.selectFrom('wish_photos').select(['id', 'district_id', 'wish_id', 'uploaded_by', 'purpose', 'mime']).where('id', '=', id).executeTakeFirst();
}

export async function findPhotoContent(db: Executor, id: string): Promise<Uint8Array | undefined> {
  return (await db.selectFrom('wish_photos').select('content').where('id', '=', id).executeTakeFirst())?.content;
}

/** Attaches the caller's own unattached photos of `purpose` to a wish; returns how many were attached. */
export async function attachPhotos(db: Executor, wishId: number, ids: readonly string[], uploadedBy: number, purpose: string): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await db
    .updateTable('wish_photos')
    .set({ wish_id: wishId })
    .where('id', 'in', [...ids])
    .where('uploaded_by', '=', uploadedBy)
    .where('purpose', '=', purpose)
    .where('wish_id', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export function photosOf(db: Executor, wishIds: readonly number[]) {
  if (wishIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('wish_photos').select(['id', 'wish_id', 'purpose']).where('wish_id', 'in', [...wishIds]).orderBy('created_at').orderBy('id').execute();
}

/** Photos never attached to a wish, older than `before`: uploads collect this garbage, as request photos do. */
export async function deleteUnattachedBefore(db: Executor, districtId: number, before: Date, limit: number): Promise<number> {
  const r = await db
    .deleteFrom('wish_photos')
    .where('id', 'in', (eb) => eb.selectFrom('wish_photos').select('id').where('district_id', '=', districtId).where('wish_id', 'is', null).where('created_at', '<', before).limit(limit))
    .where('wish_id', 'is', null)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export type StatsRow = {
  place_id: number; posted: number; pending: number; open: number; claimed: number; fulfilled: number; confirmed: number; rejected: number;
  lapses: number; fulfilled_value_fen: number;
};

/** Wish counts under `place`, grouped by the place's children (the compound itself when `place` is one). */
export async function wishStats(db: Executor, scope: Scope, place: { id: number; path: string }): Promise<StatsRow[]> {
  const child = sql<number>`case when w.place_path = ${place.path} then ${place.id}::bigint
    else split_part(substr(w.place_path, ${place.path.length + 1}), '/', 1)::bigint end`;
  const { rows } = await sql<StatsRow>`
    select ${child} as place_id,
      count(*)::int as posted,
      count(*) filter (where w.status = 'pending_review')::int as pending,
      count(*) filter (where w.status = 'open')::int as open,
      count(*) filter (where w.status = 'claimed')::int as claimed,
      count(*) filter (where w.status in ('fulfilled', 'confirmed'))::int as fulfilled,
      count(*) filter (where w.status = 'confirmed')::int as confirmed,
      count(*) filter (where w.status = 'rejected')::int as rejected,
      coalesce(sum(w.lapses), 0)::int as lapses,
      coalesce(sum(w.value_fen) filter (where w.status in ('fulfilled', 'confirmed')), 0)::bigint as fulfilled_value_fen
    from wishes w
    where w.place_path like ${`${place.path}%`} and ${underScope('w.place_path', scope)}
    group by 1
    order by 1`.execute(db);
  return rows;
}

export type Tx = Executor;

/**
 * Per claimer under `placePath`: wishes claimed now (claimed, fulfilled or confirmed; a lapsed claim no longer counts)
 * and wishes fulfilled (fulfilled or confirmed), with the fulfilled wishes' value. Only counts: no recipient leaves here.
 */
export async function claimCountsByClaimer(db: Executor, districtId: number, placePath: string, claimerIds: readonly number[]) {
  if (claimerIds.length === 0) return [];
  const rows = await db
    .selectFrom('wishes')
    .select([
      'claimer_id',
      sql<number>`count(*)::int`.as('claimed'),
      sql<number>`(count(*) filter (where status in ('fulfilled', 'confirmed')))::int`.as('fulfilled'),
      sql<number>`coalesce(sum(value_fen) filter (where status in ('fulfilled', 'confirmed')), 0)::bigint`.as('fulfilled_value_fen'),
    ])
    .where('district_id', '=', districtId)
    .where('place_path', 'like', `${placePath}%`)
    .where('claimer_id', 'in', [...claimerIds])
    .groupBy('claimer_id')
    .execute();
  return rows.map((r) => ({ claimerId: Number(r.claimer_id), claimed: Number(r.claimed), fulfilled: Number(r.fulfilled), fulfilledValueFen: Number(r.fulfilled_value_fen) }));
}
