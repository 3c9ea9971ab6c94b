import { sql, type Insertable, type Updateable } from 'kysely';
import type { Executor } from '../../platform/audit.repository.ts';
import type { Scope } from '../../platform/scope.ts';
import { underScope } from '../../platform/scope-sql.ts';
import type { Database, ProjectStatus } from '../../db/schema.ts';

/** All SQL of projects (微项目), their rounds (公益创投), contracts, tranches, reports, evaluations and ratings. */

export function findPlace(db: Executor, id: number) {
  return db.selectFrom('places').select(['id', 'name', 'path', 'kind', 'district_id']).where('id', '=', id).executeTakeFirst();
}

const projectColumns = [
  'pr.id', 'pr.district_id', 'pr.place_id', 'pr.place_path', 'pl.name as place_name', 'pr.demand_id', 'pr.title', 'pr.category', 'pr.goals', 'pr.beneficiaries',
  'pr.status', 'pr.budget_total', 'pr.approval_level', 'pr.decided_at', 'pr.decision_note', 'pr.procurement', 'pr.organisation_id', 'o.name as organisation_name',
  'pr.brand', 'pr.created_at', 'pr.closed_at', 'pr.created_by',
  sql<number>`coalesce((select a.balance from fund_accounts a where a.kind = 'project' and a.owner_id = pr.id), 0)`.as('balance'),
  sql<number>`coalesce((select sum(e.amount) from fund_entries e join fund_accounts a on a.id = e.credit_account_id where a.kind = 'project' and a.owner_id = pr.id and e.kind = 'allocate'), 0)
    - coalesce((select sum(e.amount) from fund_entries e join fund_accounts a on a.id = e.debit_account_id where a.kind = 'project' and a.owner_id = pr.id and e.kind = 'release'), 0)`.as('allocated'),
  sql<number>`coalesce((select sum(t.amount) from project_tranches t where t.project_id = pr.id and t.paid_at is not null), 0)`.as('paid'),
] as const;

function base(db: Executor) {
  return db.selectFrom('projects as pr').innerJoin('places as pl', 'pl.id', 'pr.place_id').leftJoin('organisations as o', 'o.id', 'pr.organisation_id');
}

export function findProject(db: Executor, id: number) {
  return base(db).select(projectColumns).where('pr.id', '=', id).executeTakeFirst();
}
export type ProjectRow = NonNullable<Awaited<ReturnType<typeof findProject>>>;

export function lockProject(db: Executor, id: number) {
  return db.selectFrom('projects').select(['id', 'status', 'budget_total', 'organisation_id', 'title', 'place_path', 'category']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertProject(db: Executor, row: Insertable<Database['projects']>): Promise<number> {
  return (await db.insertInto('projects').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateProject(db: Executor, id: number, set: Updateable<Database['projects']>): Promise<void> {
  await db.updateTable('projects').set(set).where('id', '=', id).execute();
}

export async function insertBudgetLines(db: Executor, rows: Insertable<Database['project_budget_lines']>[]): Promise<void> {
  if (rows.length) await db.insertInto('project_budget_lines').values(rows).execute();
}

export function budgetLines(db: Executor, projectId: number) {
  return db.selectFrom('project_budget_lines').select(['id', 'item', 'amount']).where('project_id', '=', projectId).orderBy('id').execute();
}

/** Projects under the scope, newest first; `statuses` is a queue (several statuses), `organisationIds` the caller's own. */
export async function listProjects(db: Executor, f: { districtId: number; scope: Scope | null; organisationIds?: number[]; statuses?: ProjectStatus[]; placePath?: string; brand?: boolean; page: number; pageSize: number }) {
  const q = base(db)
    .where('pr.district_id', '=', f.districtId)
    .$if(f.scope !== null, (w) => w.where(underScope('pr.place_path', f.scope!)))
    .$if(f.organisationIds !== undefined, (w) => w.where('pr.organisation_id', 'in', f.organisationIds!.length ? f.organisationIds! : [0]))
    .$if(f.statuses !== undefined, (w) => w.where('pr.status', 'in', f.statuses!))
    .$if(f.placePath !== undefined, (w) => w.where('pr.place_path', 'like', `${f.placePath}%`))
    .$if(f.brand !== undefined, (w) => w.where('pr.brand', '=', f.brand!));
  const [items, total] = await Promise.all([
    q.select(projectColumns).orderBy('pr.id', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** Projects at the places above a household (its compound, community, street), for the residents who live there. */
export function projectsAbove(db: Executor, districtId: number, ancestorIds: number[], statuses: ProjectStatus[]) {
  if (ancestorIds.length === 0) return Promise.resolve([]);
  return base(db).select(projectColumns).where('pr.district_id', '=', districtId).where('pr.place_id', 'in', ancestorIds).where('pr.status', 'in', statuses).orderBy('pr.id', 'desc').limit(50).execute();
}

// 公益创投
export function roundOf(db: Executor, projectId: number) {
  return db.selectFrom('project_rounds').selectAll().where('project_id', '=', projectId).executeTakeFirst();
}
export function findRound(db: Executor, id: number) {
  return db.selectFrom('project_rounds').selectAll().where('id', '=', id).executeTakeFirst();
}
export function lockRound(db: Executor, id: number) {
  return db.selectFrom('project_rounds').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}
export async function insertRound(db: Executor, row: Insertable<Database['project_rounds']>): Promise<number> {
  return (await db.insertInto('project_rounds').values(row).returning('id').executeTakeFirstOrThrow()).id;
}
export async function updateRound(db: Executor, id: number, set: Updateable<Database['project_rounds']>): Promise<void> {
  await db.updateTable('project_rounds').set(set).where('id', '=', id).execute();
}
export function openRounds(db: Executor, districtId: number) {
  return db.selectFrom('project_rounds as r').innerJoin('projects as pr', 'pr.id', 'r.project_id').innerJoin('places as pl', 'pl.id', 'pr.place_id')
    .select(['r.id', 'r.project_id', 'r.call_text', 'r.status', 'pr.title', 'pr.category', 'pr.budget_total', 'pl.name as place_name'])
    .where('r.district_id', '=', districtId).where('r.status', '=', 'open').orderBy('r.id', 'desc').execute();
}

export async function insertApplication(db: Executor, row: Insertable<Database['round_applications']>): Promise<number | undefined> {
  const r = await db.insertInto('round_applications').values(row).onConflict((oc) => oc.columns(['round_id', 'organisation_id']).doNothing()).returning('id').executeTakeFirst();
  return r?.id;
}
export function findApplication(db: Executor, id: number) {
  return db.selectFrom('round_applications').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Applications with their average score (whole points, rounded) and the number of experts who scored. */
export function applicationsOf(db: Executor, roundId: number) {
  return db.selectFrom('round_applications as a').innerJoin('organisations as o', 'o.id', 'a.organisation_id')
    .select(['a.id', 'a.organisation_id', 'o.name as organisation_name', 'a.proposal', 'a.amount', 'a.created_at',
      sql<number | null>`(select round(avg(s.total), 1) from round_scores s where s.application_id = a.id)`.as('average'),
      sql<number>`(select count(*) from round_scores s where s.application_id = a.id)`.as('scorers')])
    .where('a.round_id', '=', roundId).orderBy('a.id').execute();
}
export function scoresBy(db: Executor, roundId: number, expertId: number) {
  return db.selectFrom('round_scores as s').innerJoin('round_applications as a', 'a.id', 's.application_id').select(['s.application_id', 's.total']).where('a.round_id', '=', roundId).where('s.expert_id', '=', expertId).execute();
}
export async function insertScore(db: Executor, row: Insertable<Database['round_scores']>): Promise<boolean> {
  const r = await db.insertInto('round_scores').values(row).onConflict((oc) => oc.columns(['application_id', 'expert_id']).doNothing()).returning('application_id').executeTakeFirst();
  return r !== undefined;
}

// Contract, tranches, reports, evaluations, ratings
export function contractOf(db: Executor, projectId: number) {
  return db.selectFrom('project_contracts').select(['id', 'organisation_id', sql<string>`to_char(starts_on, 'YYYY-MM-DD')`.as('starts_on'), sql<string>`to_char(ends_on, 'YYYY-MM-DD')`.as('ends_on'), 'term_reason', 'amount', 'signed_at'])
    .where('project_id', '=', projectId).executeTakeFirst();
}
export async function insertContract(db: Executor, row: Insertable<Database['project_contracts']>): Promise<void> {
  await db.insertInto('project_contracts').values(row).execute();
}
export async function insertTranches(db: Executor, rows: Insertable<Database['project_tranches']>[]): Promise<void> {
  await db.insertInto('project_tranches').values(rows).execute();
}
export function tranchesOf(db: Executor, projectId: number) {
  return db.selectFrom('project_tranches').select(['id', 'seq', 'title', 'amount', sql<string>`to_char(due_on, 'YYYY-MM-DD')`.as('due_on'), 'after_evaluation', 'paid_at', 'paid_entry_id'])
    .where('project_id', '=', projectId).orderBy('seq').execute();
}
export function lockTranche(db: Executor, projectId: number, seq: number) {
  return db.selectFrom('project_tranches').select(['id', 'seq', 'title', 'amount', 'after_evaluation', 'paid_at']).where('project_id', '=', projectId).where('seq', '=', seq).forUpdate().executeTakeFirst();
}
export async function markTranchePaid(db: Executor, id: number, at: Date, entryId: number): Promise<void> {
  await db.updateTable('project_tranches').set({ paid_at: at, paid_entry_id: entryId }).where('id', '=', id).execute();
}
export async function insertReport(db: Executor, row: Insertable<Database['project_reports']>): Promise<number> {
  return (await db.insertInto('project_reports').values(row).returning('id').executeTakeFirstOrThrow()).id;
}
export function reportsOf(db: Executor, projectId: number) {
  return db.selectFrom('project_reports as r').leftJoin('people as p', 'p.id', 'r.created_by').select(['r.id', 'r.body', 'r.participants', 'r.activity_ref', 'r.created_at', 'p.name as author'])
    .where('r.project_id', '=', projectId).orderBy('r.id', 'desc').execute();
}
export async function insertEvaluation(db: Executor, row: Insertable<Database['project_evaluations']>): Promise<number> {
  return (await db.insertInto('project_evaluations').values(row).returning('id').executeTakeFirstOrThrow()).id;
}
export function evaluationsOf(db: Executor, projectId: number) {
  return db.selectFrom('project_evaluations').select(['id', 'residents_ratings', 'residents_score', 'community_score', 'expert_score', 'score', 'passed', 'note', 'created_at']).where('project_id', '=', projectId).orderBy('id').execute();
}
export async function hasPassingEvaluation(db: Executor, projectId: number): Promise<boolean> {
  return (await db.selectFrom('project_evaluations').select('id').where('project_id', '=', projectId).where('passed', '=', true).executeTakeFirst()) !== undefined;
}
export async function insertRating(db: Executor, row: Insertable<Database['project_ratings']>): Promise<boolean> {
  const r = await db.insertInto('project_ratings').values(row).onConflict((oc) => oc.columns(['project_id', 'person_id']).doNothing()).returning('person_id').executeTakeFirst();
  return r !== undefined;
}
export async function ratingSummary(db: Executor, projectId: number, personId: number | null) {
  const r = await db.selectFrom('project_ratings').select([(eb) => eb.fn.avg<number>('stars').as('avg'), (eb) => eb.fn.countAll<number>().as('n'),
    sql<number | null>`max(case when person_id = ${personId ?? 0} then stars end)`.as('mine')]).where('project_id', '=', projectId).executeTakeFirstOrThrow();
  return { average: r.avg === null ? null : Math.round(Number(r.avg) * 10) / 10, count: Number(r.n), mine: r.mine === null ? null : Number(r.mine) };
}
export function residentPlaces(db: Executor, personId: number, now: Date) {
  return db.selectFrom('role_assignments').select(['place_path']).where('person_id', '=', personId).where('role', 'in', ['resident', 'owner'])
    .where('valid_from', '<=', now).where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', now)])).execute();
}

/** Whether `personId` is a member of an organisation that applied to this project's round. */
export async function appliedBy(db: Executor, projectId: number, personId: number): Promise<boolean> {
  const r = await db.selectFrom('round_applications as a').innerJoin('project_rounds as r', 'r.id', 'a.round_id')
    .innerJoin('organisation_members as m', 'm.organisation_id', 'a.organisation_id')
    .select('a.id').where('r.project_id', '=', projectId).where('m.person_id', '=', personId).executeTakeFirst();
  return r !== undefined;
}

/** What a project's account received net of releases (allocations are never more than the budget). */
export async function allocatedTo(db: Executor, projectAccountId: number): Promise<number> {
  const { rows: [r] } = await sql<{ n: number }>`
    select coalesce(sum(amount) filter (where kind = 'allocate' and credit_account_id = ${projectAccountId}), 0)
      - coalesce(sum(amount) filter (where kind = 'release' and debit_account_id = ${projectAccountId}), 0) as n
    from fund_entries where credit_account_id = ${projectAccountId} or debit_account_id = ${projectAccountId}`.execute(db);
  return Number(r?.n ?? 0);
}

export async function roundIsOpen(db: Executor, projectId: number): Promise<boolean> {
  return (await db.selectFrom('project_rounds').select('id').where('project_id', '=', projectId).where('status', '=', 'open').executeTakeFirst()) !== undefined;
}

/** The residents' component of an evaluation from their ratings: average stars × 20 (0–100), or null with none. */
export async function residentsComponent(db: Executor, projectId: number): Promise<{ score: number | null; count: number }> {
  const r = await db.selectFrom('project_ratings').select([(eb) => eb.fn.avg<number>('stars').as('avg'), (eb) => eb.fn.countAll<number>().as('n')]).where('project_id', '=', projectId).executeTakeFirstOrThrow();
  const count = Number(r.n);
  return { score: count === 0 ? null : Math.round(Number(r.avg) * 20), count };
}
