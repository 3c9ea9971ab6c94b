import crypto from 'node:crypto';
import { insertAudit } from '../../platform/audit.repository.ts';
import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { base32Encode, hashRecoveryCode, matchRecoveryCode, needsSecondFactor, newRecoveryCodes, newTotpSecret, otpauthUrl, verifyTotp } from '../../platform/totp.ts';
import { maskPhone } from '../../platform/personal-data.ts';
import * as repo from './totp.repository.ts';

/**
 * 双因素认证 (docs/security.md): enrolment, the second step of a sign-in, and turning it off. The algorithm is in
 * platform/totp.ts; here are the stored credential, the challenge between the two steps, and the audit.
 */
const CHALLENGE_TTL_MS = 5 * 60 * 1000;
const CHALLENGE_ATTEMPTS = 5;

const challengeId = (token: string) => crypto.createHash('sha256').update(`gongzhi-totp-challenge:${token}`).digest('hex');

/**
 * Called after the first factor passed. A person with a confirmed credential gets no session yet: a challenge
 * (5 minutes, 5 attempts) comes back as 401 TOTP_REQUIRED, to be answered at POST /api/auth/totp.
 */
export async function requireSecondStepIfEnrolled(deps: Deps, person: { id: number; district_id: number }, method: string, ip: string | null): Promise<void> {
  const credential = await repo.findCredential(deps.db, person.id);
  if (!credential?.confirmed_at) return;
  const token = crypto.randomBytes(24).toString('base64url');
  await repo.insertChallenge(deps.db, { id: challengeId(token), district_id: person.district_id, person_id: person.id, method, expires_at: new Date(deps.clock.now().getTime() + CHALLENGE_TTL_MS) });
  await insertAudit(deps.db, { districtId: person.district_id, actorId: person.id, action: 'auth.login', targetType: 'person', targetId: person.id, result: 'denied', ip, detail: { method, reason: 'second_factor_required' } });
  throw new AppError('TOTP_REQUIRED', {}, { challenge: token });
}

/**
 * The second step: a current code from the app, or one of the recovery codes (each works once). Answers the
 * person and the first factor's method for the caller to open the session with; a wrong code counts against the
 * challenge, and the fifth ends it.
 */
export async function answerChallenge(deps: Deps, token: string, code: string, ip: string | null): Promise<{ personId: number; districtId: number; method: string }> {
  const now = deps.clock.now();
  const outcome = await deps.db.transaction().execute(async (trx) => {
    const c = await repo.lockChallenge(trx, challengeId(token));
    if (!c || c.used_at || c.expires_at <= now || c.attempts >= CHALLENGE_ATTEMPTS) return { ok: false as const, reason: 'TOTP_CHALLENGE_EXPIRED' as const };
    const credential = await repo.lockCredential(trx, c.person_id);
    if (!credential?.confirmed_at) return { ok: false as const, reason: 'TOTP_CHALLENGE_EXPIRED' as const };
    const secret = Buffer.from(deps.cipher.decrypt(credential.secret_cipher), 'base64');
    const step = verifyTotp(secret, code.trim(), deps.clock, { lastUsedStep: credential.last_step });
    let via = 'totp';
    if (step !== null) {
      await repo.recordUse(trx, c.person_id, { last_step: step });
    } else {
      const hashes = credential.recovery_hashes as string[];
      const i = matchRecoveryCode(code, hashes);
      if (i < 0) {
        await repo.updateChallenge(trx, c.id, { attempts: c.attempts + 1 });
        await insertAudit(trx, { districtId: c.district_id, actorId: c.person_id, action: 'auth.login', targetType: 'person', targetId: c.person_id, result: 'failed', ip, detail: { method: c.method, step: 'totp', reason: 'wrong_code' } });
        return { ok: false as const, reason: 'INVALID_TOTP_CODE' as const, left: CHALLENGE_ATTEMPTS - c.attempts - 1 };
      }
      await repo.recordUse(trx, c.person_id, { recovery_hashes: hashes.filter((_, j) => j !== i) });
      via = 'recovery_code';
    }
    await repo.updateChallenge(trx, c.id, { used_at: now });
    return { ok: true as const, personId: c.person_id, districtId: c.district_id, method: `${c.method}+${via}` };
  });
  if (!outcome.ok) throw new AppError(outcome.reason, 'left' in outcome ? { left: outcome.left ?? 0 } : {});
  return outcome;
}

export async function totpStatus(deps: Deps, caller: Caller) {
  const c = await repo.findCredential(deps.db, caller.personId);
  return {
    enabled: !!c?.confirmed_at,
    enabledAt: c?.confirmed_at?.toISOString() ?? null,
    recoveryCodesLeft: c?.confirmed_at ? (c.recovery_hashes as string[]).length : 0,
    required: needsSecondFactor(caller.roles),
    enforced: deps.config.totpRequired && needsSecondFactor(caller.roles),
  };
}

/** Step 1 of enrolment: a fresh secret for the app to scan (shown once; kept encrypted, unconfirmed until a code matches). */
export async function startEnrolment(deps: Deps, caller: Caller) {
  const existing = await repo.findCredential(deps.db, caller.personId);
  if (existing?.confirmed_at) throw new AppError('TOTP_ALREADY_ENABLED');
  const secret = newTotpSecret();
  const person = await deps.db.selectFrom('people').select('phone_cipher').where('id', '=', caller.personId).executeTakeFirstOrThrow();
  await deps.db.transaction().execute(async (trx) => {
    await repo.putPendingCredential(trx, { person_id: caller.personId, district_id: caller.districtId, secret_cipher: deps.cipher.encrypt(secret.toString('base64')), created_at: deps.clock.now() });
    await auditAction(trx, caller, 'auth.totp_enrol_start', { type: 'person', id: caller.personId });
  });
  return { secret: base32Encode(secret), otpauthUrl: otpauthUrl(secret, maskPhone(deps.cipher.decrypt(person.phone_cipher))) };
}

/**
 * Step 2: a code from the app proves it holds the secret. The credential is on from now; this session counts as
 * having passed the second factor; ten recovery codes come back, shown this once and kept only as hashes.
 */
export async function confirmEnrolment(deps: Deps, caller: Caller, code: string) {
  const recoveryCodes = newRecoveryCodes();
  await deps.db.transaction().execute(async (trx) => {
    const c = await repo.lockCredential(trx, caller.personId);
    if (!c) throw new AppError('TOTP_NOT_STARTED');
    if (c.confirmed_at) throw new AppError('TOTP_ALREADY_ENABLED');
    const step = verifyTotp(Buffer.from(deps.cipher.decrypt(c.secret_cipher), 'base64'), code.trim(), deps.clock);
    if (step === null) throw new AppError('INVALID_TOTP_CODE', { left: '—' });
    await repo.confirmCredential(trx, caller.personId, step, recoveryCodes.map(hashRecoveryCode), deps.clock.now());
    await repo.markSessionSecondFactor(trx, caller.sessionId);
    await auditAction(trx, caller, 'auth.totp_enabled', { type: 'person', id: caller.personId });
  });
  return { recoveryCodes };
}

/** Turning it off takes a current code (or a recovery code): a stolen session alone cannot. Refused where it is enforced. */
export async function disableTotp(deps: Deps, caller: Caller, code: string): Promise<void> {
  if (deps.config.totpRequired && needsSecondFactor(caller.roles)) throw new AppError('TOTP_ENFORCED');
  await deps.db.transaction().execute(async (trx) => {
    const c = await repo.lockCredential(trx, caller.personId);
    if (!c?.confirmed_at) throw new AppError('TOTP_NOT_STARTED');
    const secret = Buffer.from(deps.cipher.decrypt(c.secret_cipher), 'base64');
    const ok = verifyTotp(secret, code.trim(), deps.clock, { lastUsedStep: c.last_step }) !== null || matchRecoveryCode(code, c.recovery_hashes as string[]) >= 0;
    if (!ok) throw new AppError('INVALID_TOTP_CODE', { left: '—' });
    await repo.deleteCredential(trx, caller.personId);
    await auditAction(trx, caller, 'auth.totp_disabled', { type: 'person', id: caller.personId });
  });
}
