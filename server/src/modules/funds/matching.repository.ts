import { sql } from 'kysely';
import type { Executor } from '../../platform/audit.repository.ts';
import type { MatchingRule } from './matching.ts';

/** SQL of the matching rule (配套规则) and of the allocation record that says which rule each allocation used. */

type RuleRow = { id: number; street_per_mille: number; cap_per_project: number | null; cap_per_street_year: number | null; note: string | null; set_at: Date; set_by_name: string | null };

const ruleColumns = ['r.id', 'r.street_per_mille', 'r.cap_per_project', 'r.cap_per_street_year', 'r.note', 'r.set_at', 'p.name as set_by_name'] as const;

export function ruleFromRow(r: Pick<RuleRow, 'id' | 'street_per_mille' | 'cap_per_project' | 'cap_per_street_year'>): MatchingRule {
  return {
    id: r.id, streetPerMille: r.street_per_mille,
    capPerProject: r.cap_per_project === null ? null : Number(r.cap_per_project), capPerStreetYear: r.cap_per_street_year === null ? null : Number(r.cap_per_street_year),
  };
}

export function rulesOf(db: Executor, districtId: number, limit: number): Promise<RuleRow[]> {
  return db.selectFrom('fund_matching_rules as r').leftJoin('people as p', 'p.id', 'r.set_by').select(ruleColumns)
    .where('r.district_id', '=', districtId).orderBy('r.id', 'desc').limit(limit).execute();
}

export async function currentRule(db: Executor, districtId: number): Promise<RuleRow | undefined> {
  return (await rulesOf(db, districtId, 1))[0];
}

export async function insertRule(db: Executor, row: { district_id: number; street_per_mille: number; cap_per_project: number | null; cap_per_street_year: number | null; note: string | null; set_by: number; set_at: Date }): Promise<number> {
  return (await db.insertInto('fund_matching_rules').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** What the pool already gave a project, and a street's projects since `from` (matched allocations only). */
export async function poolUsed(db: Executor, projectId: number, districtId: number, streetPlaceId: number, from: Date): Promise<{ poolToProject: number; poolToStreetThisYear: number }> {
  const { rows: [r] } = await sql<{ project: number; street: number }>`
    select
      coalesce(sum(pool_amount) filter (where project_id = ${projectId}), 0) as project,
      coalesce(sum(pool_amount) filter (where street_place_id = ${streetPlaceId} and created_at >= ${from}), 0) as street
    from project_allocations where district_id = ${districtId} and mode = 'matched'
      and (project_id = ${projectId} or street_place_id = ${streetPlaceId})`.execute(db);
  return { poolToProject: Number(r?.project ?? 0), poolToStreetThisYear: Number(r?.street ?? 0) };
}

/** Serialises matched allocations of one street, so two at once cannot both fit under the street's yearly cap. */
export async function lockFundRow(db: Executor, accountId: number): Promise<void> {
  await sql`select id from fund_accounts where id = ${accountId} for update`.execute(db);
}

export async function insertAllocation(db: Executor, row: {
  district_id: number; project_id: number; mode: 'matched' | 'single'; amount: number; fund_id: number | null; pool_amount: number; street_amount: number; street_place_id: number | null;
  rule_id: number | null; street_per_mille: number | null; cap_per_project: number | null; cap_per_street_year: number | null; entry_ids: number[]; created_by: number; created_at: Date;
}): Promise<void> {
  await db.insertInto('project_allocations').values({ ...row, entry_ids: JSON.stringify(row.entry_ids) }).execute();
}

export function allocationsOf(db: Executor, projectId: number) {
  return db.selectFrom('project_allocations as a').leftJoin('fund_accounts as f', 'f.id', 'a.fund_id')
    .select(['a.id', 'a.mode', 'a.amount', 'a.pool_amount', 'a.street_amount', 'a.rule_id', 'a.street_per_mille', 'a.cap_per_project', 'a.cap_per_street_year', 'a.fund_id', 'f.name as fund_name', 'a.created_at'])
    .where('a.project_id', '=', projectId).orderBy('a.id').execute();
}
