import type { Insertable } from 'kysely';
import type { Executor } from '../../platform/audit.repository.ts';
import type { Database } from '../../db/schema.ts';

export async function insertPhoto(db: Executor, p: Insertable<Database['request_photos']>): Promise<void> {
  await db.insertInto('request_photos').values(p).execute();
}

/** Who may see a photo is decided from these; the bytes are read only once that is settled. */
export function findPhotoMeta(db: Executor, id: string) {
  return db.selectFrom('request_photos').select(['id', 'district_id', 'request_id', 'uploaded_by', 'mime', 'bytes']).where('id', '=', id).executeTakeFirst();
}

export async function findPhotoContent(db: Executor, id: string): Promise<Uint8Array | undefined> {
  return (await db.selectFrom('request_photos').select('content').where('id', '=', id).executeTakeFirst())?.content;
}

/** Deletes up to `limit` photos of the district uploaded before `before` and never attached to a request. */
export async function deleteUnattachedBefore(db: Executor, districtId: number, before: Date, limit: number): Promise<number> {
  const r = await db
    .deleteFrom('request_photos')
    .where('id', 'in', (eb) =>
      eb.selectFrom('request_photos').select('id').where('district_id', '=', districtId).where('request_id', 'is', null).where('created_at', '<', before).limit(limit),
    )
    .where('request_id', 'is', null)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
