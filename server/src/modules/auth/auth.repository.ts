import { sql } from 'kysely';
import type { Executor } from '../../platform/audit.repository.ts';

export function findPersonByPhoneHash(db: Executor, phoneHash: string) {
  return db
    .selectFrom('people')
    .select(['id', 'district_id', 'name', 'password_hash', 'failed_logins', 'locked_until'])
    .where('phone_hash', '=', phoneHash)
    .executeTakeFirst();
}

/**
 * Counts a failed sign-in in one statement (safe under parallel attempts): the fifth failure locks the account
 * until `lockUntil` and starts the count again.
 */
export async function recordFailedLogin(db: Executor, personId: number, maxFailures: number, lockUntil: Date) {
  return db
    .updateTable('people')
    .set({
      failed_logins: sql`case when failed_logins + 1 >= ${maxFailures} then 0 else failed_logins + 1 end`,
      locked_until: sql`case when failed_logins + 1 >= ${maxFailures} then ${lockUntil}::timestamptz else locked_until end`,
    })
    .where('id', '=', personId)
    .returning(['failed_logins', 'locked_until'])
    .executeTakeFirstOrThrow();
}

export async function clearFailedLogins(db: Executor, personId: number): Promise<void> {
  await db.updateTable('people').set({ failed_logins: 0, locked_until: null }).where('id', '=', personId).execute();
}

export async function updatePasswordHash(db: Executor, personId: number, hash: string, now: Date): Promise<void> {
  await db.updateTable('people').set({ password_hash: hash, updated_at: now }).where('id', '=', personId).execute();
}

export function findPasswordHash(db: Executor, personId: number) {
  return db.selectFrom('people').select(['password_hash']).where('id', '=', personId).executeTakeFirstOrThrow();
}

export function countRecentSmsCodes(db: Executor, phoneHash: string, since: Date) {
  return db
    .selectFrom('sms_codes')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('created_at').as('latest')])
    .where('phone_hash', '=', phoneHash)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
}

export async function insertSmsCode(
  db: Executor,
  c: { districtId: number; phoneHash: string; codeHash: string; now: Date; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('sms_codes')
    .values({
      district_id: c.districtId,
      phone_hash: c.phoneHash,
      code_hash: c.codeHash,
      created_at: c.now,
      expires_at: c.expiresAt,
    })
    .execute();
}

/** The newest code still usable for this phone. */
export function findLiveSmsCode(db: Executor, phoneHash: string, now: Date) {
  return db
    .selectFrom('sms_codes')
    .select(['id', 'code_hash', 'attempts'])
    .where('phone_hash', '=', phoneHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function markSmsCodeAttempt(db: Executor, id: number, used: boolean, now: Date): Promise<void> {
  await db
    .updateTable('sms_codes')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), ...(used ? { used_at: now } : {}) }))
    .where('id', '=', id)
    .execute();
}
