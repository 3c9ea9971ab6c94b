import { sql, type Insertable, type Updateable } from 'kysely';
import type { Executor } from '../../platform/audit.repository.ts';
import type { Database } from '../../db/schema.ts';
import { DEFAULT_CATEGORIES } from './categories.ts';
import type { QueueQuery } from './requests.schemas.ts';

/** Which requests a caller may see: whole subtrees, subtrees limited to one party, and whistled departments. */
export type RequestAccess = {
  paths: string[];
  partyPaths: { path: string; party: string }[];
  departments: number[];
};

function accessSql(a: RequestAccess) {
  const parts = [
    ...a.paths.map((p) => sql`r.compound_path like ${`${p}%`}`),
    // A party sees what is routed to it, and what it was invited to consult on (小区协商铃), in its subtree.
    ...a.partyPaths.map(
      (pp) => sql`(r.compound_path like ${`${pp.path}%`} and (r.assignee_party = ${pp.party}
        or r.id in (select c.request_id from consultations c where ${pp.party} = any(c.parties))))`,
    ),
    ...(a.departments.length
      ? [
          sql`r.assignee_department_id in (${sql.join(a.departments)})`,
          // `in (subquery)`, not a correlated `exists`: PostgreSQL hashes the department's reports once instead of
          // probing department_reports for every open request it walks (docs/performance.md, department queue).
          sql`r.id in (select dr.request_id from department_reports dr where dr.department_id in (${sql.join(a.departments)}))`,
        ]
      : []),
  ];
  return parts.length ? sql<boolean>`(${sql.join(parts, sql` or `)})` : sql<boolean>`false`;
}

// Categories and holidays --------------------------------------------------------------------------------------

export async function insertDefaultCategories(db: Executor, districtId: number): Promise<void> {
  await db
    .insertInto('request_categories')
    .values(DEFAULT_CATEGORIES.map((c, i) => ({
      district_id: districtId, code: c.code, name_zh: c.zh, name_en: c.en, default_party: c.party,
      response_minutes: c.response, resolution_minutes: c.resolution, working_time: c.working, sort: i,
    })))
    .onConflict((oc) => oc.columns(['district_id', 'code']).doNothing())
    .execute();
}

export function listCategories(db: Executor, districtId: number) {
  return db.selectFrom('request_categories').selectAll().where('district_id', '=', districtId).orderBy('sort').orderBy('id').execute();
}

export function findCategory(db: Executor, id: number) {
  return db.selectFrom('request_categories').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateCategory(db: Executor, id: number, set: Updateable<Database['request_categories']>): Promise<void> {
  await db.updateTable('request_categories').set(set).where('id', '=', id).execute();
}

/** Days as 'YYYY-MM-DD' text: drivers hand a `date` back as a JS Date (PGlite at UTC midnight, pg at local midnight). */
export function listHolidays(db: Executor, districtId: number) {
  return db.selectFrom('holidays').select([sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'), 'kind']).where('district_id', '=', districtId).execute();
}

export async function insertHolidays(db: Executor, rows: Insertable<Database['holidays']>[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('holidays').values(rows).onConflict((oc) => oc.columns(['district_id', 'day']).doNothing()).execute();
}

export async function insertCategory(db: Executor, row: Insertable<Database['request_categories']>): Promise<number | null> {
  const r = await db.insertInto('request_categories').values(row).onConflict((oc) => oc.columns(['district_id', 'code']).doNothing()).returning('id').executeTakeFirst();
  return r ? Number(r.id) : null;
}

export async function nextCategorySort(db: Executor, districtId: number): Promise<number> {
  const r = await db.selectFrom('request_categories').select((eb) => eb.fn.max('sort').as('m')).where('district_id', '=', districtId).executeTakeFirst();
  return (r?.m ?? -1) + 1;
}

/** One year of the district's holiday table, in date order (day as 'YYYY-MM-DD'). */
export function listHolidaysOfYear(db: Executor, districtId: number, year: number) {
  return db
    .selectFrom('holidays')
    .select([sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'), 'kind', 'name'])
    .where('district_id', '=', districtId)
    .where('day', '>=', `${year}-01-01`)
    .where('day', '<=', `${year}-12-31`)
    .orderBy('day')
    .execute();
}

export function findHoliday(db: Executor, districtId: number, day: string) {
  return db
    .selectFrom('holidays')
    .select([sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'), 'kind', 'name'])
    .where('district_id', '=', districtId)
    .where('day', '=', day)
    .executeTakeFirst();
}

/** Inserts one day; false when the day is already listed (a day is one kind only: the primary key says so). */
export async function insertHoliday(db: Executor, row: { districtId: number; day: string; kind: 'holiday' | 'workday'; name: string }): Promise<boolean> {
  const r = await db
    .insertInto('holidays')
    .values({ district_id: row.districtId, day: row.day, kind: row.kind, name: row.name })
    .onConflict((oc) => oc.columns(['district_id', 'day']).doNothing())
    .returning('kind')
    .executeTakeFirst();
  return r !== undefined;
}

export async function deleteHoliday(db: Executor, districtId: number, day: string): Promise<boolean> {
  const r = await db.deleteFrom('holidays').where('district_id', '=', districtId).where('day', '=', day).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

// Places and people the requests module needs to know ------------------------------------------------------------

export function findCompound(db: Executor, id: number) {
  return db
    .selectFrom('places as c')
    .leftJoin('compound_profiles as cp', 'cp.place_id', 'c.id')
    .select(['c.id', 'c.name', 'c.path', 'c.district_id', 'c.parent_id', 'c.kind', 'cp.committee_type'])
    .where('c.id', '=', id)
    .executeTakeFirst();
}

export function findPlaceBrief(db: Executor, id: number) {
  return db.selectFrom('places').select(['id', 'name', 'path', 'kind', 'district_id', 'parent_id']).where('id', '=', id).executeTakeFirst();
}


// Requests ---------------------------------------------------------------------------------------------------------

export async function insertRequest(db: Executor, row: Insertable<Database['requests']>): Promise<number> {
  const r = await db.insertInto('requests').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export function findByIdempotencyKey(db: Executor, raisedBy: number, key: string) {
  return db.selectFrom('requests').select(['id']).where('raised_by', '=', raisedBy).where('idempotency_key', '=', key).executeTakeFirst();
}

const requestColumns = [
  'r.id', 'r.district_id', 'r.compound_id', 'r.compound_path', 'r.category_id', 'r.type', 'r.description', 'r.location_place_id', 'r.location_text',
  'r.urgency', 'r.status', 'r.resident_id', 'r.raised_by', 'r.channel', 'r.assignee_party', 'r.assignee_department_id', 'r.escalation_level',
  'r.response_due_at', 'r.resolution_due_at', 'r.accepted_at', 'r.resolved_at', 'r.closed_at', 'r.reopen_count', 'r.rating', 'r.rating_comment',
  'r.merged_into', 'r.created_at', 'c.name as compound_name', 'cat.name_zh as category_zh', 'cat.name_en as category_en',
] as const;

function requestsQuery(db: Executor) {
  return db
    .selectFrom('requests as r')
    .innerJoin('places as c', 'c.id', 'r.compound_id')
    .innerJoin('request_categories as cat', 'cat.id', 'r.category_id');
}

export function findRequest(db: Executor, id: number) {
  return requestsQuery(db).select(requestColumns).where('r.id', '=', id).executeTakeFirst();
}
export type RequestRow = NonNullable<Awaited<ReturnType<typeof findRequest>>>;

/** Locks the request row for a transition, so two staff acting at once apply one after the other. */
export function lockRequest(db: Executor, id: number) {
  return db.selectFrom('requests').select(['id', 'status']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export function canSee(db: Executor, access: RequestAccess, id: number) {
  return db.selectFrom('requests as r').select('r.id').where('r.id', '=', id).where(accessSql(access)).executeTakeFirst();
}

export async function listQueue(db: Executor, access: RequestAccess, q: QueueQuery, placePath: string | undefined, now: Date) {
  // Filters read only `requests` (and department_reports in the access check), so the count needs no joins and
  // is an index-only scan of requests_open_path for the open queue.
  const filtered = db
    .selectFrom('requests as r')
    .where(accessSql(access))
    .$if(q.status === 'open', (w) => w.where('r.status', 'in', ['submitted', 'accepted', 'assigned', 'in_progress']))
    .$if(q.status !== undefined && q.status !== 'open', (w) => w.where('r.status', '=', q.status!))
    .$if(q.categoryId !== undefined, (w) => w.where('r.category_id', '=', q.categoryId!))
    .$if(placePath !== undefined, (w) => w.where('r.compound_path', 'like', `${placePath}%`))
    .$if(q.escalation !== undefined, (w) => w.where('r.escalation_level', '=', q.escalation!))
    .$if(q.party !== undefined, (w) => w.where('r.assignee_party', '=', q.party!))
    .$if(q.overdue === 'true', (w) =>
      w.where((eb) => eb.or([
        eb.and([eb('r.status', '=', 'submitted'), eb('r.response_due_at', '<', now)]),
        eb.and([eb('r.status', 'in', ['submitted', 'accepted', 'assigned', 'in_progress']), eb('r.resolution_due_at', '<', now)]),
      ])));
  // The page in two steps (a deferred join): choose the page's ids from the open-queue indexes of migration 0008,
  // which carry every column the filters and sorts read, so that step never visits the table; then read the full
  // rows of those ids. Walking the index alone, PostgreSQL skips other scopes' requests without a heap visit each.
  const newest = q.sort === 'newest';
  const ids = (newest ? filtered.orderBy('r.created_at', 'desc').orderBy('r.id', 'desc') : filtered.orderBy('r.resolution_due_at').orderBy('r.id'))
    .select('r.id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const page = requestsQuery(db).select(requestColumns).where('r.id', 'in', ids);
  const [items, total] = await Promise.all([
    (newest ? page.orderBy('r.created_at', 'desc').orderBy('r.id', 'desc') : page.orderBy('r.resolution_due_at').orderBy('r.id')).execute(),
    filtered.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** 我的诉求: what the person raised or was raised for (indexes requests_resident and requests_raised_by). */
export function mineQuery(db: Executor, personId: number, limit: number) {
  return requestsQuery(db)
    .select(requestColumns)
    .where((eb) => eb.or([eb('r.resident_id', '=', personId), eb('r.raised_by', '=', personId)]))
    .orderBy('r.created_at', 'desc')
    .limit(limit);
}

export function listMine(db: Executor, personId: number, limit: number) {
  return mineQuery(db, personId, limit).execute();
}

export async function updateRequest(db: Executor, id: number, set: Updateable<Database['requests']>): Promise<void> {
  await db.updateTable('requests').set(set).where('id', '=', id).execute();
}

export async function insertEvent(db: Executor, e: Insertable<Database['request_events']>): Promise<void> {
  await db.insertInto('request_events').values(e).execute();
}

export function listEvents(db: Executor, requestId: number) {
  return db
    .selectFrom('request_events as e')
    .leftJoin('people as p', 'p.id', 'e.actor_id')
    .select(['e.id', 'e.at', 'e.kind', 'e.from_status', 'e.to_status', 'e.note', 'e.data', 'p.name as actor_name'])
    .where('e.request_id', '=', requestId)
    .orderBy('e.id')
    .execute();
}

export function findPersonName(db: Executor, id: number) {
  return db.selectFrom('people').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
}

// Photos -------------------------------------------------------------------------------------------------------------

export async function attachPhotos(db: Executor, ids: readonly string[], requestId: number, uploadedBy: number, purpose: 'report' | 'resolution'): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await db
    .updateTable('request_photos')
    .set({ request_id: requestId })
    .where('id', 'in', [...ids])
    .where('uploaded_by', '=', uploadedBy)
    .where('purpose', '=', purpose)
    .where('request_id', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export function listPhotos(db: Executor, requestId: number) {
  return db.selectFrom('request_photos').select(['id', 'purpose']).where('request_id', '=', requestId).orderBy('created_at').execute();
}

// Whistles and department reports ------------------------------------------------------------------------------------

export async function insertWhistle(db: Executor, w: Insertable<Database['whistles']>): Promise<number> {
  return (await db.insertInto('whistles').values(w).returning('id').executeTakeFirstOrThrow()).id;
}

export async function insertDepartmentReport(db: Executor, r: Insertable<Database['department_reports']>): Promise<number> {
  return (await db.insertInto('department_reports').values(r).returning('id').executeTakeFirstOrThrow()).id;
}

export function listDepartmentReports(db: Executor, requestId: number) {
  return db
    .selectFrom('department_reports as dr')
    .innerJoin('places as d', 'd.id', 'dr.department_id')
    .selectAll('dr')
    .select('d.name as department_name')
    .where('dr.request_id', '=', requestId)
    .orderBy('dr.id')
    .execute();
}

export function findDepartmentReport(db: Executor, id: number) {
  return db.selectFrom('department_reports').selectAll().where('id', '=', id).executeTakeFirst();
}

export function lockDepartmentReport(db: Executor, id: number) {
  return db.selectFrom('department_reports').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateDepartmentReport(db: Executor, id: number, set: Updateable<Database['department_reports']>): Promise<void> {
  await db.updateTable('department_reports').set(set).where('id', '=', id).execute();
}

export function findDepartments(db: Executor, districtId: number, ids: readonly number[]) {
  return db.selectFrom('places').select(['id', 'name']).where('district_id', '=', districtId).where('kind', '=', 'department').where('id', 'in', [...ids]).execute();
}

// Return visits ----------------------------------------------------------------------------------------------------

export async function insertReturnVisit(db: Executor, v: Insertable<Database['return_visits']>): Promise<void> {
  await db.insertInto('return_visits').values(v).onConflict((oc) => oc.column('request_id').doNothing()).execute();
}

export function findReturnVisit(db: Executor, requestId: number) {
  return db.selectFrom('return_visits').selectAll().where('request_id', '=', requestId).executeTakeFirst();
}

export async function updateReturnVisit(db: Executor, requestId: number, set: Updateable<Database['return_visits']>): Promise<void> {
  await db.updateTable('return_visits').set(set).where('request_id', '=', requestId).execute();
}

// Measures ---------------------------------------------------------------------------------------------------------

export function measureTotals(db: Executor, path: string, from: Date, to: Date, now: Date) {
  return sql<{
    requests: number; responded_on_time: number; response_due: number; resolved_on_time: number; resolution_due: number;
    rated: number; satisfied: number; avg_response_min: number | null; avg_resolution_min: number | null;
  }>`
    select count(*)::int as requests,
      count(*) filter (where accepted_at is not null and accepted_at <= response_due_at)::int as responded_on_time,
      count(*) filter (where accepted_at is not null or response_due_at <= ${now})::int as response_due,
      count(*) filter (where resolved_at is not null and resolved_at <= resolution_due_at)::int as resolved_on_time,
      count(*) filter (where resolved_at is not null or resolution_due_at <= ${now})::int as resolution_due,
      count(rating)::int as rated,
      count(*) filter (where rating >= 4)::int as satisfied,
      avg(extract(epoch from accepted_at - created_at) / 60)::float8 as avg_response_min,
      avg(extract(epoch from resolved_at - created_at) / 60)::float8 as avg_resolution_min
    from requests
    where compound_path like ${`${path}%`} and created_at >= ${from} and created_at < ${to}
      and status not in ('cancelled', 'merged')`.execute(db);
}

export function measureDepartments(db: Executor, path: string, from: Date, to: Date) {
  return sql<{ department_id: number; name: string; reports: number; ack_on_time: number; action_on_time: number; ack_missed: number; action_missed: number }>`
    select dr.department_id, d.name, count(*)::int as reports,
      count(*) filter (where dr.acknowledged_at is not null and not dr.ack_missed)::int as ack_on_time,
      count(*) filter (where dr.acted_at is not null and not dr.action_missed)::int as action_on_time,
      count(*) filter (where dr.ack_missed)::int as ack_missed,
      count(*) filter (where dr.action_missed)::int as action_missed
    from department_reports dr
    join requests r on r.id = dr.request_id
    join places d on d.id = dr.department_id
    where r.compound_path like ${`${path}%`} and r.created_at >= ${from} and r.created_at < ${to}
    group by dr.department_id, d.name
    order by d.name`.execute(db);
}

export function findWeights(db: Executor, districtId: number) {
  return db.selectFrom('measure_weights').selectAll().where('district_id', '=', districtId).executeTakeFirst();
}
