import crypto from 'node:crypto';
import type { Db } from '../../db/create-db.ts';
import { insertAudit } from '../../platform/audit.repository.ts';
import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { PersonalDataCipher } from '../../platform/personal-data.ts';
// The people module has no service for system persons yet; the create-admin CLI writes people the same way.
import { insertPerson } from '../people/people.repository.ts';
import * as repo from './open311.repository.ts';
import type { Open311Key } from './open311.schemas.ts';

/**
 * Open311 API keys. A key is `gz311_` and 43 random base64url characters, shown once; only its SHA-256 is kept.
 * Each key gets its own system person (no password, no phone, no roles: it cannot sign in or see anything) whom its
 * requests are raised as, so the timeline and the audit log name the client ("Open311：name"), never an admin.
 */
const KEY_PREFIX = 'gz311_';

export const hashKey = (key: string) => crypto.createHash('sha256').update(key, 'utf8').digest('hex');

/** Administrators of the district itself: a district admin or a system admin, at the district. */
export function assertMayManageKeys(caller: Caller): void {
  const ok = caller.roles.some((r) => (r.role === 'district_admin' || r.role === 'system_admin') && r.placeId === caller.districtId);
  if (!ok) throw new AppError('FORBIDDEN');
}

export function keyDto(k: repo.KeyRow): Open311Key {
  return {
    id: k.id,
    name: k.name,
    keyPrefix: k.key_prefix,
    createdBy: k.created_by_name ?? null,
    createdAt: k.created_at.toISOString(),
    revokedAt: k.revoked_at ? k.revoked_at.toISOString() : null,
    lastUsedAt: k.last_used_at ? k.last_used_at.toISOString() : null,
  };
}

function cleanName(name: string): string {
  const n = name.trim();
  if (n.length < 1 || n.length > 40) throw new AppError('VALIDATION_FAILED', {}, { issues: [{ path: ['name'], message: '1–40 characters' }] });
  return n;
}

async function issueKey(
  deps: { db: Db; cipher: PersonalDataCipher },
  input: { districtId: number; name: string; createdBy: number | null; now: Date; audit: (trx: Parameters<typeof insertAudit>[0], keyId: number) => Promise<void> },
): Promise<{ id: number; key: string }> {
  const name = cleanName(input.name);
  const key = `${KEY_PREFIX}${crypto.randomBytes(32).toString('base64url')}`;
  return deps.db.transaction().execute(async (trx) => {
    const personId = await insertPerson(trx, {
      districtId: input.districtId,
      name: `Open311：${name}`,
      phoneCipher: deps.cipher.encrypt(''),
      // Not a keyed hash of any phone number (those are 64 hex digits), so no sign-in can ever find this person.
      phoneHash: `open311-client:${crypto.randomUUID()}`,
      idNumberCipher: null,
      idNumberHash: null,
      flagsCipher: null,
      passwordHash: null,
    });
    const id = await repo.insertKey(trx, { districtId: input.districtId, name, keyPrefix: key.slice(0, KEY_PREFIX.length + 4), keyHash: hashKey(key), personId, createdBy: input.createdBy, now: input.now });
    await input.audit(trx, id);
    return { id, key };
  });
}

/** POST /api/open311/keys: the key is in this answer and nowhere else, ever. */
export async function createKey(deps: Deps, caller: Caller, name: string) {
  assertMayManageKeys(caller);
  const now = deps.clock.now();
  const { id, key } = await issueKey(deps, {
    districtId: caller.districtId, name, createdBy: caller.personId, now,
    audit: (trx, keyId) => auditAction(trx, caller, 'open311.key_create', { type: 'open311_key', id: keyId }, { name: name.trim() }),
  });
  return { ...keyDto((await repo.findKey(deps.db, caller.districtId, id))!), key };
}

export async function listKeys(deps: Deps, caller: Caller) {
  assertMayManageKeys(caller);
  return (await repo.listKeys(deps.db, caller.districtId)).map(keyDto);
}

export async function revokeKey(deps: Deps, caller: Caller, id: number) {
  assertMayManageKeys(caller);
  const existing = await repo.findKey(deps.db, caller.districtId, id);
  if (!existing) throw new AppError('NOT_FOUND');
  await deps.db.transaction().execute(async (trx) => {
    await repo.revokeKey(trx, id, deps.clock.now());
    await auditAction(trx, caller, 'open311.key_revoke', { type: 'open311_key', id });
  });
  return keyDto((await repo.findKey(deps.db, caller.districtId, id))!);
}

/** The key a client presented, or 403 as the specification says (missing, unknown or revoked all look the same). */
export async function authenticateKey(deps: Deps, key: string | undefined) {
  if (!key || !key.startsWith(KEY_PREFIX) || key.length > 100) throw new AppError('FORBIDDEN', {}, { description: 'api_key was not provided or is not valid' });
  const found = await repo.findActiveKeyByHash(deps.db, hashKey(key));
  if (!found) throw new AppError('FORBIDDEN', {}, { description: 'api_key was not provided or is not valid' });
  await repo.touchKey(deps.db, found.id, deps.clock.now());
  return { keyId: found.id, districtId: found.district_id, personId: found.person_id };
}

export async function recordToken(deps: Deps, t: { districtId: number; keyId: number; requestId: number }): Promise<string> {
  const token = crypto.randomBytes(18).toString('base64url');
  await repo.insertToken(deps.db, { token, ...t, now: deps.clock.now() });
  return token;
}

export function findToken(deps: Deps, districtId: number, token: string) {
  return repo.findToken(deps.db, districtId, token);
}

// The operator's CLI -------------------------------------------------------------------------------------------

/** `gongzhi open311 key create`: written to the audit log as a CLI action (no signed-in actor). */
export async function createKeyFromCli(deps: { db: Db; cipher: PersonalDataCipher }, input: { districtId: number; name: string }) {
  const now = new Date();
  const { id, key } = await issueKey(deps, {
    districtId: input.districtId, name: input.name, createdBy: null, now,
    audit: (trx, keyId) => insertAudit(trx, { districtId: input.districtId, actorId: null, action: 'cli.open311_key_create', targetType: 'open311_key', targetId: keyId, result: 'ok', detail: { name: input.name.trim() } }),
  });
  return { ...keyDto((await repo.findKey(deps.db, input.districtId, id))!), key };
}

export async function listKeysForCli(db: Db, districtId: number) {
  return (await repo.listKeys(db, districtId)).map(keyDto);
}
