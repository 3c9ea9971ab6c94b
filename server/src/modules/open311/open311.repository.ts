import type { Executor } from '../../platform/audit.repository.ts';

/** All SQL of the open311 module: its API keys and the tokens handed back for posted requests. */

export async function insertKey(
  db: Executor,
  k: { districtId: number; name: string; keyPrefix: string; keyHash: string; personId: number; createdBy: number | null; now: Date },
): Promise<number> {
  const row = await db
    .insertInto('open311_api_keys')
    .values({ district_id: k.districtId, name: k.name, key_prefix: k.keyPrefix, key_hash: k.keyHash, person_id: k.personId, created_by: k.createdBy, created_at: k.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const keyColumns = ['k.id', 'k.district_id', 'k.name', 'k.key_prefix', 'k.person_id', 'k.created_by', 'k.created_at', 'k.revoked_at', 'k.last_used_at'] as const;

export function listKeys(db: Executor, districtId: number) {
  return db
    .selectFrom('open311_api_keys as k')
    .leftJoin('people as p', 'p.id', 'k.created_by')
    .select([...keyColumns, 'p.name as created_by_name'])
    .where('k.district_id', '=', districtId)
    .orderBy('k.id')
    .execute();
}
export type KeyRow = Awaited<ReturnType<typeof listKeys>>[number];

export function findKey(db: Executor, districtId: number, id: number) {
  return db
    .selectFrom('open311_api_keys as k')
    .leftJoin('people as p', 'p.id', 'k.created_by')
    .select([...keyColumns, 'p.name as created_by_name'])
    .where('k.district_id', '=', districtId)
    .where('k.id', '=', id)
    .executeTakeFirst();
}

/** A key in use: found by its hash, not revoked. */
export function findActiveKeyByHash(db: Executor, keyHash: string) {
  return db
    .selectFrom('open311_api_keys as k')
    .select(['k.id', 'k.district_id', 'k.person_id'])
    .where('k.key_hash', '=', keyHash)
    .where('k.revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function revokeKey(db: Executor, id: number, now: Date): Promise<void> {
  await db.updateTable('open311_api_keys').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

export async function touchKey(db: Executor, id: number, now: Date): Promise<void> {
  await db.updateTable('open311_api_keys').set({ last_used_at: now }).where('id', '=', id).execute();
}

export async function insertToken(db: Executor, t: { token: string; districtId: number; keyId: number; requestId: number; now: Date }): Promise<void> {
  await db.insertInto('open311_tokens').values({ token: t.token, district_id: t.districtId, key_id: t.keyId, request_id: t.requestId, created_at: t.now }).execute();
}

export function findToken(db: Executor, districtId: number, token: string) {
  return db.selectFrom('open311_tokens').select(['token', 'request_id']).where('district_id', '=', districtId).where('token', '=', token).executeTakeFirst();
}
