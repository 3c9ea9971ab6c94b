import { sql } from 'kysely';
import type { Executor } from '../../platform/audit.repository.ts';

/**
 * The SQL behind the requests module's Open311 face (open311-face.service.ts). It selects public columns only:
 * no people are joined, so no name or phone can reach a response by accident.
 */

export function findDistrictByCode(db: Executor, code: string) {
  return db.selectFrom('places').select(['id', 'code', 'name', 'path']).where('kind', '=', 'district').where('code', '=', code).executeTakeFirst();
}

export function findDistrictById(db: Executor, id: number) {
  return db.selectFrom('places').select(['id', 'code', 'name', 'path']).where('kind', '=', 'district').where('id', '=', id).executeTakeFirst();
}

/** Two at most: enough to tell "the only district" from "several". */
export function firstDistricts(db: Executor) {
  return db.selectFrom('places').select(['id', 'code', 'name', 'path']).where('kind', '=', 'district').orderBy('id').limit(2).execute();
}

/** A compound of the district by its place id or, failing that, its code. */
export async function findCompoundByRef(db: Executor, districtId: number, ref: string) {
  const q = db.selectFrom('places').select(['id', 'name', 'code']).where('district_id', '=', districtId).where('kind', '=', 'compound');
  const byId = /^\d{1,15}$/.test(ref) ? await q.where('id', '=', Number(ref)).executeTakeFirst() : undefined;
  return byId ?? q.where('code', '=', ref).orderBy('id').executeTakeFirst();
}

export type PublicRequestFilter = {
  ids?: number[];
  categoryCode?: string;
  from?: Date;
  to?: Date;
  statuses?: readonly string[];
  channel?: string;
  limit: number;
};

export function listPublicRequests(db: Executor, districtId: number, f: PublicRequestFilter) {
  let q = db
    .selectFrom('requests as r')
    .innerJoin('places as c', 'c.id', 'r.compound_id')
    .innerJoin('request_categories as cat', 'cat.id', 'r.category_id')
    .leftJoin('places as d', 'd.id', 'r.assignee_department_id')
    .select([
      'r.id', 'r.status', 'r.channel', 'r.type', 'r.description', 'r.assignee_party', 'r.created_at', 'r.updated_at', 'r.resolution_due_at',
      'c.id as compound_id', 'c.name as compound_name', 'cat.code as category_code', 'cat.name_zh as category_zh', 'd.name as department_name',
      sql<string | null>`(select e.kind from request_events e where e.request_id = r.id order by e.id desc limit 1)`.as('last_event_kind'),
    ])
    .where('r.district_id', '=', districtId);
  if (f.ids) q = q.where('r.id', 'in', f.ids.length ? f.ids : [-1]);
  if (f.categoryCode) q = q.where('cat.code', '=', f.categoryCode);
  if (f.from) q = q.where('r.created_at', '>=', f.from);
  if (f.to) q = q.where('r.created_at', '<=', f.to);
  if (f.statuses) q = q.where('r.status', 'in', f.statuses.length ? [...f.statuses] : ['-']);
  if (f.channel) q = q.where('r.channel', '=', f.channel);
  return q.orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').limit(f.limit).execute();
}

export type PublicRequestRow = Awaited<ReturnType<typeof listPublicRequests>>[number];
