import { sql } from 'kysely';
import type { Executor } from '../../platform/audit.repository.ts';
import type { Scope } from '../../platform/scope.ts';
import { underScope } from '../../platform/scope-sql.ts';

/** All SQL of conventions (公约). Functions take `db | trx` first; the service owns the transaction. */

export function findPlace(db: Executor, id: number) {
  return db.selectFrom('places').select(['id', 'district_id', 'kind', 'name', 'path']).where('id', '=', id).executeTakeFirst();
}

const conventionColumns = ['c.id', 'c.district_id', 'c.compound_id', 'c.compound_path', 'c.title', 'c.created_at', 'p.name as compound_name'] as const;

export type ConventionRow = Awaited<ReturnType<typeof findConvention>> & object;

export function findConvention(db: Executor, id: number) {
  return db.selectFrom('conventions as c').innerJoin('places as p', 'p.id', 'c.compound_id').select(conventionColumns).where('c.id', '=', id).executeTakeFirst();
}

export function listInScope(db: Executor, districtId: number, scope: Scope) {
  return db
    .selectFrom('conventions as c')
    .innerJoin('places as p', 'p.id', 'c.compound_id')
    .select(conventionColumns)
    .where('c.district_id', '=', districtId)
    .where(underScope('c.compound_path', scope))
    .orderBy('c.id', 'desc')
    .execute();
}

/** The conventions of the compounds above the places a resident lives in. */
export function listOver(db: Executor, districtId: number, homePaths: string[]) {
  if (homePaths.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('conventions as c')
    .innerJoin('places as p', 'p.id', 'c.compound_id')
    .select(conventionColumns)
    .where('c.district_id', '=', districtId)
    .where(sql<boolean>`exists (select 1 from unnest(${homePaths}::text[]) h(path) where h.path like c.compound_path || '%')`)
    .orderBy('c.id', 'desc')
    .execute();
}

export async function insertConvention(db: Executor, c: { districtId: number; compoundId: number; compoundPath: string; title: string; by: number; now: Date }) {
  const row = await db
    .insertInto('conventions')
    .values({ district_id: c.districtId, compound_id: c.compoundId, compound_path: c.compoundPath, title: c.title, created_by: c.by, created_at: c.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export type VersionRow = Awaited<ReturnType<typeof versionsOf>>[number];

export function versionsOf(db: Executor, conventionIds: number[]) {
  if (conventionIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('convention_versions as v')
    .select(['v.id', 'v.convention_id', 'v.version_no', 'v.body', 'v.change_note', 'v.status', 'v.owner_vote_id', 'v.created_at', 'v.in_force_at', 'v.superseded_at'])
    .select((eb) => eb.selectFrom('convention_acknowledgements as a').select((e) => e.fn.countAll<string>().as('n')).whereRef('a.version_id', '=', 'v.id').as('acknowledgements'))
    .where('v.convention_id', 'in', conventionIds)
    .orderBy('v.convention_id')
    .orderBy('v.version_no')
    .execute();
}

export function findVersion(db: Executor, id: number) {
  return db
    .selectFrom('convention_versions as v')
    .innerJoin('conventions as c', 'c.id', 'v.convention_id')
    .select(['v.id', 'v.district_id', 'v.convention_id', 'v.version_no', 'v.status', 'v.owner_vote_id', 'c.compound_id', 'c.compound_path', 'c.title'])
    .where('v.id', '=', id)
    .executeTakeFirst();
}

export function lockVersion(db: Executor, id: number) {
  return db.selectFrom('convention_versions').select(['id', 'status', 'convention_id']).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Locks the convention row: versions of one convention are numbered and settled one at a time. */
export function lockConvention(db: Executor, id: number) {
  return db.selectFrom('conventions').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertVersion(db: Executor, v: { districtId: number; conventionId: number; body: string; changeNote: string; by: number; now: Date }) {
  const row = await db
    .insertInto('convention_versions')
    .values((eb) => ({
      district_id: v.districtId, convention_id: v.conventionId, body: v.body, change_note: v.changeNote, created_by: v.by, created_at: v.now,
      version_no: eb.selectFrom('convention_versions').select(sql<number>`coalesce(max(version_no), 0) + 1`.as('n')).where('convention_id', '=', v.conventionId),
    }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export function pendingVersion(db: Executor, conventionId: number) {
  return db.selectFrom('convention_versions').select('id').where('convention_id', '=', conventionId).where('status', 'in', ['draft', 'voting']).executeTakeFirst();
}

export async function setVersion(db: Executor, id: number, set: { status: 'voting' | 'in_force' | 'superseded' | 'rejected'; ownerVoteId?: number; at?: Date }) {
  await db
    .updateTable('convention_versions')
    .set({
      status: set.status,
      ...(set.ownerVoteId !== undefined ? { owner_vote_id: set.ownerVoteId } : {}),
      ...(set.status === 'in_force' ? { in_force_at: set.at } : {}),
      ...(set.status === 'superseded' ? { superseded_at: set.at } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** Versions under vote in a district, to settle once their vote is published. */
export function votingVersions(db: Executor, districtId: number) {
  return db.selectFrom('convention_versions').select(['id', 'convention_id', 'owner_vote_id']).where('district_id', '=', districtId).where('status', '=', 'voting').execute();
}

export function inForceVersion(db: Executor, conventionId: number) {
  return db.selectFrom('convention_versions').select('id').where('convention_id', '=', conventionId).where('status', '=', 'in_force').executeTakeFirst();
}

export async function insertAcknowledgement(db: Executor, a: { districtId: number; versionId: number; personId: number; now: Date }) {
  const row = await db
    .insertInto('convention_acknowledgements')
    .values({ district_id: a.districtId, version_id: a.versionId, person_id: a.personId, created_at: a.now })
    .onConflict((oc) => oc.columns(['version_id', 'person_id']).doNothing())
    .returning('version_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function acknowledgedBy(db: Executor, versionIds: number[], personId: number): Promise<Set<number>> {
  if (versionIds.length === 0) return new Set();
  const rows = await db.selectFrom('convention_acknowledgements').select('version_id').where('version_id', 'in', versionIds).where('person_id', '=', personId).execute();
  return new Set(rows.map((r) => Number(r.version_id)));
}

const filingColumns = [
  'f.id', 'f.version_id', 'f.status', 'f.submitted_at', 'f.decided_at', 'f.reason', 'v.version_no', 'v.convention_id', 'c.title', 'c.compound_path', 'p.name as compound_name',
  'sb.name as submitted_by_name', 'db.name as decided_by_name',
] as const;

function filings(db: Executor) {
  return db
    .selectFrom('convention_filings as f')
    .innerJoin('convention_versions as v', 'v.id', 'f.version_id')
    .innerJoin('conventions as c', 'c.id', 'v.convention_id')
    .innerJoin('places as p', 'p.id', 'c.compound_id')
    .innerJoin('people as sb', 'sb.id', 'f.submitted_by')
    .leftJoin('people as db', 'db.id', 'f.decided_by')
    .select(filingColumns);
}

export type FilingRow = Awaited<ReturnType<typeof findFiling>> & object;

export function findFiling(db: Executor, id: number) {
  return filings(db).where('f.id', '=', id).executeTakeFirst();
}

export function filingsOfVersions(db: Executor, versionIds: number[]) {
  if (versionIds.length === 0) return Promise.resolve([]);
  return filings(db).where('f.version_id', 'in', versionIds).orderBy('f.id').execute();
}

export function filingsInScope(db: Executor, districtId: number, scope: Scope, status: 'submitted' | 'accepted' | 'returned' | undefined) {
  let q = filings(db).where('f.district_id', '=', districtId).where(underScope('c.compound_path', scope));
  if (status) q = q.where('f.status', '=', status);
  return q.orderBy('f.id', 'desc').limit(200).execute();
}

/** Inserts a submitted filing unless one is pending or accepted (the partial unique index); true when inserted. */
export async function insertFiling(db: Executor, f: { districtId: number; versionId: number; by: number; now: Date }) {
  const row = await db
    .insertInto('convention_filings')
    .values({ district_id: f.districtId, version_id: f.versionId, submitted_by: f.by, submitted_at: f.now, created_at: f.now })
    .onConflict((oc) => oc.column('version_id').where('status', 'in', ['submitted', 'accepted']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row ? Number(row.id) : null;
}

export async function decideFiling(db: Executor, id: number, d: { status: 'accepted' | 'returned'; by: number; now: Date; reason: string | null }) {
  const r = await db
    .updateTable('convention_filings')
    .set({ status: d.status, decided_by: d.by, decided_at: d.now, reason: d.reason })
    .where('id', '=', id)
    .where('status', '=', 'submitted')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
