import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { assertInScope, scopeFor } from '../../platform/scope.ts';
import { communityInScope, named, placeInScope } from './access.ts';
import * as repo from './party.repository.ts';
import type { CreateUnitInput, UnitDto } from './party.schemas.ts';

/** 大党委成员单位: government bodies, institutions, enterprises and social organisations join a community's committee. */

function unitDto(u: repo.UnitRow): UnitDto {
  return {
    id: u.id, community: named(u.community_id, u.community_name), name: u.name, kind: u.kind as UnitDto['kind'],
    contactName: u.contact_name, note: u.note, joinedAt: u.joined_at.toISOString(), members: Number(u.members ?? 0),
  };
}

export async function listUnits(deps: Deps, caller: Caller, placeId: number | undefined) {
  const scope = scopeFor(caller.roles, 'party.manage');
  const place = placeId === undefined ? undefined : await placeInScope(deps, scope, placeId);
  return { items: (await repo.listUnits(deps.db, scope, place?.path)).map(unitDto) };
}

export async function createUnit(deps: Deps, caller: Caller, input: CreateUnitInput): Promise<UnitDto> {
  const community = await communityInScope(deps, caller, 'party.manage', input.communityId);
  const now = deps.clock.now();
  const id = await deps.db.transaction().execute(async (trx) => {
    if (await repo.findLiveUnitByName(trx, community.id, input.name)) throw new AppError('PARTY_UNIT_TAKEN', { name: input.name });
    let unitId: number;
    try {
      unitId = await repo.insertUnit(trx, {
        district_id: community.district_id, community_id: community.id, community_path: community.path, name: input.name, kind: input.kind,
        contact_name: input.contactName ?? null, note: input.note ?? null, joined_at: now, created_by: caller.personId, created_at: now,
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw new AppError('PARTY_UNIT_TAKEN', { name: input.name });
      throw err;
    }
    await emitEvent(trx, community.district_id, 'party.unit_joined', { unitId, communityId: community.id, kind: input.kind });
    await auditAction(trx, caller, 'party.unit.create', { type: 'party_unit', id: unitId }, { communityId: community.id, kind: input.kind });
    return unitId;
  });
  const [row] = (await repo.listUnits(deps.db, scopeFor(caller.roles, 'party.manage'), community.path)).filter((u) => u.id === id);
  return unitDto(row!);
}

/** A unit leaves the committee; its members' registrations stay (their unit name is kept on them). */
export async function removeUnit(deps: Deps, caller: Caller, id: number): Promise<void> {
  const unit = await repo.findUnit(deps.db, id);
  assertInScope(scopeFor(caller.roles, 'party.manage'), unit && unit.district_id === caller.districtId && unit.left_at === null ? unit.community_path : undefined);
  await deps.db.transaction().execute(async (trx) => {
    await repo.endUnit(trx, id, deps.clock.now());
    await emitEvent(trx, unit!.district_id, 'party.unit_left', { unitId: id, communityId: unit!.community_id });
    await auditAction(trx, caller, 'party.unit.remove', { type: 'party_unit', id });
  });
}

/** The communities the caller manages (for pickers). */
export async function myCommunities(deps: Deps, caller: Caller) {
  return { items: await repo.communitiesInScope(deps.db, scopeFor(caller.roles, 'party.manage')) };
}
