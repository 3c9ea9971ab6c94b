import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { notifyRoleHolders } from '../../platform/notifications.ts';
import { assertInScope, hasPermission, scopeFor } from '../../platform/scope.ts';
import { livesUnder } from '../people/index.ts';
import * as repo from './calls.repository.ts';
import type { CallsQuery } from './calls.schemas.ts';

/**
 * 一键呼叫专员: a resident or owner of the compound gets its commissioners' names and phones to call, and the call
 * is recorded and put in front of the commissioners (in-app, live). The phones are the commissioners' work
 * numbers, published at the service point; the audit log records who asked.
 */
export async function callMyCommissioner(deps: Deps, caller: Caller, compoundId: number) {
  if (!hasPermission(caller.roles, 'requests.raise')) throw new AppError('FORBIDDEN');
  const now = deps.clock.now();
  const compound = await repo.findPlace(deps.db, compoundId);
  if (!compound || compound.kind !== 'compound' || compound.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
  if (!(await livesUnder(deps.db, caller.personId, compound.path, now))) throw new AppError('NOT_A_RESIDENT');
  const commissioners = await repo.commissionersOf(deps.db, compound.id, now);
  await deps.db.transaction().execute(async (trx) => {
    const id = await repo.insertCall(trx, { district_id: compound.district_id, compound_id: compound.id, compound_path: compound.path, resident_id: caller.personId, called_at: now });
    await notifyRoleHolders(trx, compound.district_id, 'commissioner', [compound.id], { kind: 'commissioner.called', title: `居民 ${caller.name} 呼叫专员`, body: compound.name, link: `/commissioner-calls?callId=${id}` }, now);
    await auditAction(trx, caller, 'commissioner.call', { type: 'compound', id: compound.id }, { callId: id, commissioners: commissioners.map((c) => c.id) });
  });
  return { commissioners: commissioners.map((c) => ({ name: c.name, phone: deps.cipher.decrypt(c.phone_cipher) })) };
}

/** Recent calls in the places the caller serves (commissioners and above: first receivers, 首接负责). */
export async function listCalls(deps: Deps, caller: Caller, q: CallsQuery) {
  const scope = scopeFor(caller.roles, 'requests.handle');
  let placePath: string | undefined;
  if (q.placeId !== undefined) {
    const place = await repo.findPlace(deps.db, q.placeId);
    assertInScope(scope, place?.path);
    placePath = place!.path;
  }
  const rows = await repo.listCalls(deps.db, scope, { placePath, before: q.cursor, limit: q.limit + 1 });
  const items = rows.slice(0, q.limit).map((r) => ({
    id: r.id, compoundId: r.compound_id, compoundName: r.compound_name, residentId: r.resident_id, residentName: r.resident_name, calledAt: r.called_at.toISOString(),
  }));
  return { items, nextCursor: rows.length > q.limit ? items.at(-1)!.id : null };
}

