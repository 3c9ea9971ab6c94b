import { sql } from 'kysely';
import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { maskPhone } from '../../platform/personal-data.ts';
import { scopeFor } from '../../platform/scope.ts';

/**
 * 重置双因素认证: a staff member lost their phone and their recovery codes. The security administrator (安全管理员,
 * and only they: not the system or audit administrator, 三权分立) removes the credential, with a reason that goes
 * into the audit log. Their open sessions end and pending sign-in challenges go, so the next sign-in is by password
 * and — where the second factor is enforced — lands on enrolment again. Nobody resets their own.
 */

/** The districts where the caller is security administrator (FORBIDDEN when none). */
function securityDistricts(caller: Caller): number[] {
  scopeFor(caller.roles, 'security.totp_reset');
  return [...new Set(caller.roles.filter((r) => r.role === 'security_admin').map((r) => r.districtId))];
}

/** Who has an authenticator linked (or half-linked) in the caller's district: names and masked phones, audited. */
export async function listEnrolments(deps: Deps, caller: Caller) {
  const districts = securityDistricts(caller);
  const rows = await deps.db
    .selectFrom('totp_credentials as c')
    .innerJoin('people as p', 'p.id', 'c.person_id')
    .select(['p.id', 'p.name', 'p.phone_cipher', 'c.confirmed_at', 'c.created_at', 'c.recovery_hashes'])
    .select((eb) =>
      eb
        .selectFrom('role_assignments as r')
        .whereRef('r.person_id', '=', 'p.id')
        .where('r.valid_from', '<=', deps.clock.now())
        .where((w) => w.or([w('r.valid_to', 'is', null), w('r.valid_to', '>', deps.clock.now())]))
        .select(sql<string[]>`coalesce(array_agg(distinct r.role order by r.role), '{}')`.as('roles'))
        .as('roles'),
    )
    .where('c.district_id', 'in', districts)
    .orderBy('p.name')
    .orderBy('p.id')
    .limit(500)
    .execute();
  await auditAction(deps.db, caller, 'auth.totp_enrolments_read', { type: 'totp_credentials', id: null }, { count: rows.length });
  return {
    items: rows.map((r) => ({
      personId: r.id,
      name: r.name,
      phoneMasked: maskPhone(deps.cipher.decrypt(r.phone_cipher)),
      roles: r.roles ?? [],
      enabled: r.confirmed_at !== null,
      enabledAt: r.confirmed_at?.toISOString() ?? null,
      startedAt: r.created_at.toISOString(),
      recoveryCodesLeft: r.confirmed_at ? (r.recovery_hashes as string[]).length : 0,
    })),
  };
}

/** Removes the person's credential, ends their sessions and challenges; one transaction, audited with the reason. */
export async function resetTotp(deps: Deps, caller: Caller, personId: number, reason: string) {
  const districts = securityDistricts(caller);
  if (personId === caller.personId) throw new AppError('TOTP_RESET_OWN');
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const person = await trx.selectFrom('people').select(['id', 'district_id']).where('id', '=', personId).forUpdate().executeTakeFirst();
    // Another district's person answers like a missing one.
    if (!person || !districts.includes(person.district_id)) throw new AppError('NOT_FOUND');
    const removed = await trx.deleteFrom('totp_credentials').where('person_id', '=', personId).returning(['confirmed_at']).executeTakeFirst();
    if (!removed) throw new AppError('TOTP_RESET_NOTHING');
    await trx.deleteFrom('totp_challenges').where('person_id', '=', personId).execute();
    const ended = await trx.updateTable('sessions').set({ ended_at: now }).where('person_id', '=', personId).where('ended_at', 'is', null).executeTakeFirst();
    const sessionsEnded = Number(ended.numUpdatedRows);
    await auditAction(trx, caller, 'auth.totp_reset', { type: 'person', id: personId }, { reason, wasEnabled: removed.confirmed_at !== null, sessionsEnded });
    return { personId, resetAt: now.toISOString(), sessionsEnded };
  });
}
