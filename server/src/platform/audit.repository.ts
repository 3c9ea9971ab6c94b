import type { Db } from '../db/create-db.ts';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

export type Executor = Db | Transaction<Database>;

export type AuditEntry = {
  districtId: number;
  actorId: number | null;
  action: string;
  targetType?: string | null;
  targetId?: string | number | null;
  result: 'ok' | 'denied' | 'failed';
  ip?: string | null;
  detail?: Record<string, unknown> | null;
  at?: Date;
};

/** Appends to the audit log (the table itself refuses updates and deletes). */
export async function insertAudit(db: Executor, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      district_id: e.districtId,
      actor_id: e.actorId,
      action: e.action,
      target_type: e.targetType ?? null,
      target_id: e.targetId == null ? null : String(e.targetId),
      result: e.result,
      ip: e.ip ?? null,
      detail: e.detail ? JSON.stringify(e.detail) : null,
      ...(e.at ? { at: e.at } : {}),
    })
    .execute();
}
