import { sql } from 'kysely';
import type { Db } from '../db/create-db.ts';
import { insertAudit } from '../platform/audit.repository.ts';

/** District codes follow the national administrative division code (6 digits), or a local code of letters/digits. */
const CODE = /^[A-Za-z0-9-]{2,32}$/;

/**
 * An operator creates the root of a new deployment's tree from the shell: the district (区) itself. Streets and
 * below come from the place import; request categories and the holiday table are created with defaults the first
 * time the district uses them. Refuses a code that is already taken.
 */
export async function createDistrict(deps: { db: Db }, input: { code: string; name: string }): Promise<number> {
  const name = input.name.trim();
  if (!CODE.test(input.code)) throw new Error('--code must be 2–32 letters, digits or dashes (the division code, e.g. 330105)');
  if (!name || name.length > 64) throw new Error('--name is required (≤ 64 characters)');
  return deps.db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('places').select('id').where('kind', '=', 'district').where('code', '=', input.code).executeTakeFirst();
    if (taken) throw new Error(`a district with code ${input.code} already exists (id ${taken.id})`);
    // A district is its own shard key: its id is drawn first so district_id and path can name it.
    const { rows } = await sql<{ id: string }>`select nextval('places_id_seq')::bigint as id`.execute(trx);
    const id = Number(rows[0]!.id);
    await trx.insertInto('places').values({ id, district_id: id, parent_id: null, kind: 'district', name, code: input.code, path: `/${id}/`, depth: 1 }).execute();
    await insertAudit(trx, { districtId: id, actorId: null, action: 'cli.create_district', targetType: 'place', targetId: id, result: 'ok', detail: { code: input.code, name } });
    return id;
  });
}
