import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { notifyPerson } from '../../platform/notifications.ts';
import { assertInScope, hasPermission, scopeFor } from '../../platform/scope.ts';
import { communityInScope, named } from './access.ts';
import * as repo from './party.repository.ts';
import { buildReport } from './reports.service.ts';
import type { CreateLiaisonInput } from './party.schemas.ts';

/** 联点: the district links its leaders to demonstration communities; a leader follows their communities' reports. */

const liaisonDto = (l: repo.LiaisonRow) => ({ id: l.id, person: named(l.person_id, l.person_name), community: named(l.community_id, l.community_name), post: l.post, since: l.since.toISOString() });

export async function listLiaisons(deps: Deps, caller: Caller) {
  const permission = hasPermission(caller.roles, 'party.liaisons') ? 'party.liaisons' : 'party.manage';
  const scope = scopeFor(caller.roles, permission);
  return { items: (await repo.listLiaisons(deps.db, { districtId: caller.districtId, scope })).map(liaisonDto) };
}

export async function createLiaison(deps: Deps, caller: Caller, input: CreateLiaisonInput) {
  const community = await communityInScope(deps, caller, 'party.liaisons', input.communityId);
  const leader = await repo.findPersonName(deps.db, input.personId);
  if (!leader || leader.district_id !== community.district_id) throw new AppError('NOT_FOUND');
  const now = deps.clock.now();
  const id = await deps.db.transaction().execute(async (trx) => {
    if (await repo.findLiveLiaison(trx, input.personId, community.id)) throw new AppError('PARTY_LIAISON_EXISTS');
    let liaisonId: number;
    try {
      liaisonId = await repo.insertLiaison(trx, {
        district_id: community.district_id, person_id: input.personId, community_id: community.id, community_path: community.path, post: input.post,
        since: now, created_by: caller.personId, created_at: now,
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw new AppError('PARTY_LIAISON_EXISTS');
      throw err;
    }
    await notifyPerson(trx, community.district_id, input.personId, { kind: 'party.liaison', title: `您已联点示范社区：${community.name}`, link: '/party?tab=follow' }, now);
    await emitEvent(trx, community.district_id, 'party.liaison_linked', { liaisonId, personId: input.personId, communityId: community.id });
    await auditAction(trx, caller, 'party.liaison.create', { type: 'party_liaison', id: liaisonId }, { personId: input.personId, communityId: community.id });
    return liaisonId;
  });
  const [row] = (await repo.listLiaisons(deps.db, { districtId: caller.districtId, personId: input.personId })).filter((l) => l.id === id);
  return liaisonDto(row!);
}

export async function endLiaison(deps: Deps, caller: Caller, id: number): Promise<void> {
  const l = await repo.findLiaison(deps.db, id);
  assertInScope(scopeFor(caller.roles, 'party.liaisons'), l && l.district_id === caller.districtId && l.ended_at === null ? l.community_path : undefined);
  await deps.db.transaction().execute(async (trx) => {
    await repo.endLiaison(trx, id, deps.clock.now());
    await auditAction(trx, caller, 'party.liaison.end', { type: 'party_liaison', id });
  });
}

/** The communities I follow as a 联点 leader, each with its report (counts only). */
export async function myLiaisons(deps: Deps, caller: Caller) {
  const rows = await repo.listLiaisons(deps.db, { districtId: caller.districtId, personId: caller.personId });
  const items = [];
  for (const l of rows) {
    const place = (await repo.findPlace(deps.db, l.community_id))!;
    items.push({ liaison: liaisonDto(l), report: await buildReport(deps, place) });
  }
  return { items };
}
