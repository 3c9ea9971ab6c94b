import type { Executor } from './audit.repository.ts';

/** Sets (or moves) the one timer of this kind for this subject; a moved timer may fire again. */
export async function upsertTimer(db: Executor, t: { districtId: number; kind: string; subjectId: number; dueAt: Date }): Promise<void> {
  await db
    .insertInto('timers')
    .values({ district_id: t.districtId, kind: t.kind, subject_id: t.subjectId, due_at: t.dueAt })
    .onConflict((oc) => oc.columns(['kind', 'subject_id']).doUpdateSet({ due_at: t.dueAt, fired_at: null }))
    .execute();
}

/** upsertTimer for several timers in one statement (a new request's response and resolution deadlines). */
export async function upsertTimers(db: Executor, timers: readonly { districtId: number; kind: string; subjectId: number; dueAt: Date }[]): Promise<void> {
  if (timers.length === 0) return;
  await db
    .insertInto('timers')
    .values(timers.map((t) => ({ district_id: t.districtId, kind: t.kind, subject_id: t.subjectId, due_at: t.dueAt })))
    .onConflict((oc) => oc.columns(['kind', 'subject_id']).doUpdateSet((eb) => ({ due_at: eb.ref('excluded.due_at'), fired_at: null })))
    .execute();
}

export async function deleteTimer(db: Executor, kind: string, subjectId: number): Promise<void> {
  await db.deleteFrom('timers').where('kind', '=', kind).where('subject_id', '=', subjectId).where('fired_at', 'is', null).execute();
}

/** Claims one due timer; other instances skip the locked row instead of waiting for it. */
export function claimDueTimer(db: Executor, now: Date) {
  return db
    .selectFrom('timers')
    .select(['id', 'district_id', 'kind', 'subject_id', 'due_at'])
    .where('fired_at', 'is', null)
    .where('due_at', '<=', now)
    .orderBy('due_at')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
}

export async function markTimerFired(db: Executor, id: number, now: Date): Promise<void> {
  await db.updateTable('timers').set({ fired_at: now }).where('id', '=', id).execute();
}

export async function postponeTimer(db: Executor, id: number, dueAt: Date): Promise<void> {
  await db.updateTable('timers').set({ due_at: dueAt }).where('id', '=', id).execute();
}
