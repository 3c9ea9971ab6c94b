import { insertAudit, type Executor } from './audit.repository.ts';
import type { Caller } from './context.ts';

export type { Executor } from './audit.repository.ts';

/** Records what a caller did (writes and sensitive reads), inside the caller's transaction. */
export function auditAction(
  db: Executor,
  caller: Caller,
  action: string,
  target: { type: string; id: string | number | null },
  detail?: Record<string, unknown>,
  result: 'ok' | 'denied' | 'failed' = 'ok',
): Promise<void> {
  return insertAudit(db, {
    districtId: caller.districtId,
    actorId: caller.personId,
    action,
    targetType: target.type,
    targetId: target.id,
    result,
    ip: caller.ip,
    detail: detail ?? null,
  });
}
