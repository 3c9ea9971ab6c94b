import type { z } from 'zod';
import type { Caller, Deps } from '../../platform/context.ts';
import { auditAction } from '../../platform/audit.ts';
import { scopeFor } from '../../platform/scope.ts';
import { listAudit } from './audit.repository.ts';
import type { AuditQuery, auditPageSchema } from './audit.schemas.ts';

/**
 * The audit viewer, for the audit administrator only (三权分立). It covers the districts where the caller holds
 * that role, plus platform-level events (district 0: sign-in attempts on unknown phones). Reading the log is
 * itself logged.
 */
export async function viewAudit(deps: Deps, caller: Caller, q: AuditQuery): Promise<z.infer<typeof auditPageSchema>> {
  scopeFor(caller.roles, 'audit.read');
  const districts = [...new Set(caller.roles.filter((r) => r.role === 'audit_admin').map((r) => r.districtId)), 0];
  const rows = await listAudit(deps.db, districts, q);
  const page = rows.slice(0, q.limit);
  await auditAction(deps.db, caller, 'audit.read', { type: 'audit_log', id: null }, { filters: { ...q, limit: undefined } });
  return {
    items: page.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actorId: r.actor_id,
      actorName: r.actor_name,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      result: r.result,
      ip: r.ip,
      detail: (r.detail as Record<string, unknown> | null) ?? null,
    })),
    nextCursor: rows.length > q.limit ? String(page[page.length - 1]!.id) : null,
  };
}
