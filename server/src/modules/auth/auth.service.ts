import crypto from 'node:crypto';
import { insertAudit } from '../../platform/audit.repository.ts';
import { auditAction } from '../../platform/audit.ts';
import {
  endAllSessions,
  endSession,
  findActiveRoles,
  insertSession,
} from '../../platform/auth/sessions.repository.ts';
import { newToken, sessionIdOf } from '../../platform/auth/session-token.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { isStrongPassword } from '../../platform/identity.ts';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from '../../platform/password.ts';
import { maskPhone } from '../../platform/personal-data.ts';
import {
  clearFailedLogins,
  countRecentSmsCodes,
  findLiveSmsCode,
  findPasswordHash,
  findPersonByPhoneHash,
  insertSmsCode,
  markSmsCodeAttempt,
  recordFailedLogin,
  updatePasswordHash,
} from './auth.repository.ts';
import type { RoleAssignmentDto, SessionDto } from './auth.schemas.ts';
import { answerChallenge, requireSecondStepIfEnrolled } from './totp.service.ts';
import type { PlaceKind } from '../../db/schema.ts';
import type { RoleName } from '../../platform/roles.ts';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 30;
const SMS_CODE_TTL_MS = 5 * 60 * 1000;
const SMS_MIN_INTERVAL_MS = 60 * 1000;
const SMS_MAX_PER_DAY = 10;
const SMS_MAX_ATTEMPTS = 5;

type Client = { ip: string | null; userAgent: string | null };
export type SignIn = { token: string; session: SessionDto };

/** Phone + password sign-in: 5 failures lock the account for 30 minutes, and a locked account refuses even the right password. */
export async function signInWithPassword(deps: Deps, phone: string, password: string, client: Client): Promise<SignIn> {
  const now = deps.clock.now();
  const phoneHash = deps.cipher.lookupHash('phone', phone);
  const person = await findPersonByPhoneHash(deps.db, phoneHash);
  if (!person) {
    await verifyPassword(password, DUMMY_PASSWORD_HASH); // same time as a wrong password
    await insertAudit(deps.db, { districtId: 0, actorId: null, action: 'auth.login', result: 'failed', ip: client.ip, detail: { reason: 'unknown_phone' } });
    throw new AppError('INVALID_CREDENTIALS');
  }
  const base = { districtId: person.district_id, actorId: person.id, action: 'auth.login', targetType: 'person', targetId: person.id, ip: client.ip };
  if (person.locked_until && person.locked_until > now) {
    await insertAudit(deps.db, { ...base, result: 'denied', detail: { reason: 'locked' } });
    throw lockedError(person.locked_until);
  }
  const ok = person.password_hash ? await verifyPassword(password, person.password_hash) : false;
  if (!ok) {
    const lockUntil = new Date(now.getTime() + LOCK_MINUTES * 60 * 1000);
    const after = await deps.db.transaction().execute(async (trx) => {
      const r = await recordFailedLogin(trx, person.id, MAX_FAILED_LOGINS, lockUntil);
      const locked = r.locked_until !== null && r.locked_until > now;
      await insertAudit(trx, { ...base, result: 'failed', detail: { reason: 'wrong_password', locked } });
      return { locked, until: r.locked_until };
    });
    if (after.locked && after.until) throw lockedError(after.until);
    throw new AppError('INVALID_CREDENTIALS');
  }
  await requireSecondStepIfEnrolled(deps, person, 'password', client.ip);
  return openSession(deps, person.id, person.district_id, client, 'password');
}

function lockedError(until: Date): AppError {
  const shanghai = until.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
  return new AppError('ACCOUNT_LOCKED', { until: shanghai }, { lockedUntil: until.toISOString() });
}

async function openSession(deps: Deps, personId: number, districtId: number, client: Client, method: string, secondFactor = false): Promise<SignIn> {
  const now = deps.clock.now();
  const token = newToken();
  const csrfToken = newToken();
  await deps.db.transaction().execute(async (trx) => {
    await clearFailedLogins(trx, personId);
    await insertSession(trx, { id: sessionIdOf(token), districtId, personId, csrfToken, ip: client.ip, userAgent: client.userAgent, now, secondFactor });
    await insertAudit(trx, { districtId, actorId: personId, action: 'auth.login', targetType: 'person', targetId: personId, result: 'ok', ip: client.ip, detail: { method } });
  });
  return { token, session: await sessionDto(deps, personId, csrfToken) };
}

/** What the faces need to know about who is signed in: name, masked phone, roles, the CSRF token. */
export async function sessionDto(deps: Deps, personId: number, csrfToken: string): Promise<SessionDto> {
  const person = await deps.db.selectFrom('people').select(['id', 'name', 'phone_cipher']).where('id', '=', personId).executeTakeFirstOrThrow();
  const roles = await findActiveRoles(deps.db, personId, deps.clock.now());
  return {
    person: { id: person.id, name: person.name, phoneMasked: maskPhone(deps.cipher.decrypt(person.phone_cipher)) },
    roles: roles.map(roleAssignmentDto),
    csrfToken,
  };
}

type RoleRow = { id: number; role: string; place_id: number; place_name: string; place_kind: string; is_local: boolean; valid_from: Date; valid_to: Date | null };

/** The one mapping of a role assignment row to what the API returns. */
export function roleAssignmentDto(r: RoleRow): RoleAssignmentDto {
  return {
    id: r.id,
    role: r.role as RoleName,
    placeId: r.place_id,
    placeName: r.place_name,
    placeKind: r.place_kind as PlaceKind,
    local: r.is_local,
    validFrom: r.valid_from.toISOString(),
    validTo: r.valid_to ? r.valid_to.toISOString() : null,
  };
}

/**
 * Sends a 6-digit code. The answer is the same whether or not the phone has an account (no enumeration);
 * at most one code a minute and ten a day per phone.
 */
export async function requestSmsCode(deps: Deps, phone: string, client: Client): Promise<void> {
  const now = deps.clock.now();
  const phoneHash = deps.cipher.lookupHash('phone', phone);
  const person = await findPersonByPhoneHash(deps.db, phoneHash);
  if (!person) return;
  const recent = await countRecentSmsCodes(deps.db, phoneHash, new Date(now.getTime() - 24 * 3600 * 1000));
  const latest = recent.latest ? new Date(recent.latest as Date | string) : null;
  if (Number(recent.n) >= SMS_MAX_PER_DAY || (latest && now.getTime() - latest.getTime() < SMS_MIN_INTERVAL_MS)) {
    throw new AppError('TOO_MANY_REQUESTS');
  }
  const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
  await insertSmsCode(deps.db, {
    districtId: person.district_id,
    phoneHash,
    codeHash: smsCodeHash(phoneHash, code),
    now,
    expiresAt: new Date(now.getTime() + SMS_CODE_TTL_MS),
  });
  await insertAudit(deps.db, { districtId: person.district_id, actorId: person.id, action: 'auth.sms_code', targetType: 'person', targetId: person.id, result: 'ok', ip: client.ip });
  await deps.sms.send(phone, `【共治】您的登录验证码是 ${code}，5分钟内有效。如非本人操作请忽略。`);
}

function smsCodeHash(phoneHash: string, code: string): string {
  return crypto.createHash('sha256').update(`${phoneHash}:${code}`).digest('hex');
}

export async function signInWithSmsCode(deps: Deps, phone: string, code: string, client: Client): Promise<SignIn> {
  const now = deps.clock.now();
  const phoneHash = deps.cipher.lookupHash('phone', phone);
  const person = await findPersonByPhoneHash(deps.db, phoneHash);
  const live = person ? await findLiveSmsCode(deps.db, phoneHash, now) : undefined;
  if (!person || !live || live.attempts >= SMS_MAX_ATTEMPTS) throw new AppError('INVALID_SMS_CODE');
  if (person.locked_until && person.locked_until > now) throw lockedError(person.locked_until);
  const matches = live.code_hash === smsCodeHash(phoneHash, code);
  await markSmsCodeAttempt(deps.db, live.id, matches, now);
  if (!matches) {
    await insertAudit(deps.db, { districtId: person.district_id, actorId: person.id, action: 'auth.login', targetType: 'person', targetId: person.id, result: 'failed', ip: client.ip, detail: { method: 'sms', reason: 'wrong_code' } });
    throw new AppError('INVALID_SMS_CODE');
  }
  await requireSecondStepIfEnrolled(deps, person, 'sms', client.ip);
  return openSession(deps, person.id, person.district_id, client, 'sms');
}

/** The second step of a sign-in (双因素认证): the challenge from TOTP_REQUIRED and a code; a session when it matches. */
export async function signInWithTotp(deps: Deps, challenge: string, code: string, client: Client): Promise<SignIn> {
  const ok = await answerChallenge(deps, challenge, code, client.ip);
  return openSession(deps, ok.personId, ok.districtId, client, ok.method, true);
}

export async function signOut(deps: Deps, caller: Caller): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await endSession(trx, caller.sessionId, deps.clock.now());
    await auditAction(trx, caller, 'auth.logout', { type: 'person', id: caller.personId });
  });
}

/** Ends every open session of the caller, on every device. */
export async function signOutEverywhere(deps: Deps, caller: Caller): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const n = await endAllSessions(trx, caller.personId, deps.clock.now());
    await auditAction(trx, caller, 'auth.logout_all', { type: 'person', id: caller.personId }, { sessions: n });
  });
}

export async function changePassword(deps: Deps, caller: Caller, current: string, next: string): Promise<void> {
  if (!isStrongPassword(next)) throw new AppError('WEAK_PASSWORD');
  const { password_hash } = await findPasswordHash(deps.db, caller.personId);
  if (!password_hash || !(await verifyPassword(current, password_hash))) throw new AppError('INVALID_CREDENTIALS');
  const hash = await hashPassword(next);
  await deps.db.transaction().execute(async (trx) => {
    await updatePasswordHash(trx, caller.personId, hash, deps.clock.now());
    await auditAction(trx, caller, 'auth.password_change', { type: 'person', id: caller.personId });
  });
}
