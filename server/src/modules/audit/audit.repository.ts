import type { Executor } from '../../platform/audit.repository.ts';
import type { AuditQuery } from './audit.schemas.ts';

/** Newest first, keyset-paged by id, within the given districts. */
export function listAudit(db: Executor, districtIds: readonly number[], q: AuditQuery) {
  return db
    .selectFrom('audit_log as a')
    .leftJoin('people as p', 'p.id', 'a.actor_id')
    .select(['a.id', 'a.at', 'a.actor_id', 'p.name as actor_name', 'a.action', 'a.target_type', 'a.target_id', 'a.result', 'a.ip', 'a.detail'])
    .where('a.district_id', 'in', [...districtIds])
    .$if(q.action !== undefined, (w) => w.where('a.action', 'like', `${q.action!.replace(/[\\%_]/g, (c) => `\\${c}`)}%`))
    .$if(q.actorId !== undefined, (w) => w.where('a.actor_id', '=', q.actorId!))
    .$if(q.result !== undefined, (w) => w.where('a.result', '=', q.result!))
    .$if(q.from !== undefined, (w) => w.where('a.at', '>=', new Date(q.from!)))
    .$if(q.to !== undefined, (w) => w.where('a.at', '<', new Date(q.to!)))
    .$if(q.cursor !== undefined, (w) => w.where('a.id', '<', Number(q.cursor)))
    .orderBy('a.id', 'desc')
    .limit(q.limit + 1)
    .execute();
}
