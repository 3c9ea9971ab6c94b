import type { Executor } from '../../platform/audit.repository.ts';

/** SQL of 公示异议: objections raised while a round's result is on public notice, and staff's answers. */

export async function insertObjection(db: Executor, row: { district_id: number; project_id: number; round_id: number; raised_by: number; reason: string; raised_at: Date }): Promise<number> {
  return (await db.insertInto('project_objections').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function objectionsOf(db: Executor, roundId: number) {
  return db.selectFrom('project_objections as o').innerJoin('people as p', 'p.id', 'o.raised_by').leftJoin('people as a', 'a.id', 'o.answered_by')
    .select(['o.id', 'o.raised_by', 'p.name as raised_by_name', 'o.reason', 'o.raised_at', 'o.answer', 'a.name as answered_by_name', 'o.answered_at'])
    .where('o.round_id', '=', roundId).orderBy('o.id').execute();
}
export type ObjectionRow = Awaited<ReturnType<typeof objectionsOf>>[number];

export function lockObjection(db: Executor, projectId: number, id: number) {
  return db.selectFrom('project_objections').select(['id', 'raised_by', 'answered_at']).where('id', '=', id).where('project_id', '=', projectId).forUpdate().executeTakeFirst();
}

export async function answerObjection(db: Executor, id: number, set: { answer: string; answered_by: number; answered_at: Date }): Promise<void> {
  await db.updateTable('project_objections').set(set).where('id', '=', id).execute();
}

export async function unansweredCount(db: Executor, roundId: number): Promise<number> {
  const r = await db.selectFrom('project_objections').select((eb) => eb.fn.countAll<number>().as('n')).where('round_id', '=', roundId).where('answered_at', 'is', null).executeTakeFirstOrThrow();
  return Number(r.n);
}
