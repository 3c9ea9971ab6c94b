import type { Executor } from '../../platform/audit.repository.ts';

export function findCredential(db: Executor, personId: number) {
  return db.selectFrom('totp_credentials').selectAll().where('person_id', '=', personId).executeTakeFirst();
}
export function lockCredential(db: Executor, personId: number) {
  return db.selectFrom('totp_credentials').selectAll().where('person_id', '=', personId).forUpdate().executeTakeFirst();
}

/** A new (unconfirmed) secret replaces an unconfirmed one; a confirmed credential is only replaced after disabling. */
export async function putPendingCredential(db: Executor, c: { person_id: number; district_id: number; secret_cipher: string; created_at: Date }): Promise<void> {
  await db
    .insertInto('totp_credentials')
    .values({ ...c, recovery_hashes: JSON.stringify([]) as never, confirmed_at: null, last_step: null })
    .onConflict((oc) => oc.column('person_id').doUpdateSet({ secret_cipher: c.secret_cipher, created_at: c.created_at, confirmed_at: null, last_step: null, recovery_hashes: JSON.stringify([]) as never }))
    .execute();
}

export async function confirmCredential(db: Executor, personId: number, step: number, recoveryHashes: string[], at: Date): Promise<void> {
  await db.updateTable('totp_credentials').set({ confirmed_at: at, last_step: step, recovery_hashes: JSON.stringify(recoveryHashes) as never }).where('person_id', '=', personId).execute();
}

export async function recordUse(db: Executor, personId: number, patch: { last_step?: number; recovery_hashes?: string[] }): Promise<void> {
  await db
    .updateTable('totp_credentials')
    .set({ ...(patch.last_step !== undefined ? { last_step: patch.last_step } : {}), ...(patch.recovery_hashes ? { recovery_hashes: JSON.stringify(patch.recovery_hashes) as never } : {}) })
    .where('person_id', '=', personId)
    .execute();
}

export async function deleteCredential(db: Executor, personId: number): Promise<void> {
  await db.deleteFrom('totp_credentials').where('person_id', '=', personId).execute();
}

export async function insertChallenge(db: Executor, c: { id: string; district_id: number; person_id: number; method: string; expires_at: Date }): Promise<void> {
  await db.insertInto('totp_challenges').values(c).execute();
}
export function lockChallenge(db: Executor, id: string) {
  return db.selectFrom('totp_challenges').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}
export async function updateChallenge(db: Executor, id: string, patch: { attempts?: number; used_at?: Date }): Promise<void> {
  await db.updateTable('totp_challenges').set(patch).where('id', '=', id).execute();
}

export async function markSessionSecondFactor(db: Executor, sessionId: string): Promise<void> {
  await db.updateTable('sessions').set({ second_factor: true }).where('id', '=', sessionId).execute();
}
