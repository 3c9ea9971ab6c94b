import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { notifyPerson, notifyRoleHolders } from '../../platform/notifications.ts';
import { assertInScope, hasPermission, scopeFor } from '../../platform/scope.ts';
import { endRoleAssignment, insertRoleAssignment, livesUnder } from '../people/index.ts';
import { named, placeInScope } from './access.ts';
import * as repo from './party.repository.ts';
import type { MemberDto, MemberListQuery, RegisterInput, ReviewInput } from './party.schemas.ts';

/**
 * 双报到: an in-service party member registers at the community they live in, with their unit. Party membership is
 * sensitive personal information: it is processed only with the member's separate consent, read only by the member
 * and the community's managers (party.manage in scope; every read of names audited), and never published — reports
 * carry counts only. Approval grants the 'party_member' role at the community, which is what lets the member claim
 * wishes on its wall (wishes module); withdrawing ends that role.
 */

export function memberDto(m: repo.MemberRow): MemberDto {
  return {
    id: m.id, person: named(m.person_id, m.person_name), community: named(m.community_id, m.community_name),
    unit: m.unit_id !== null ? named(m.unit_id, m.unit_ref_name ?? m.unit_name) : null, unitName: m.unit_name, branch: m.branch,
    status: m.status as MemberDto['status'], reviewNote: m.review_note, createdAt: m.created_at.toISOString(), reviewedAt: m.reviewed_at?.toISOString() ?? null,
  };
}

export async function register(deps: Deps, caller: Caller, input: RegisterInput): Promise<MemberDto> {
  if (!hasPermission(caller.roles, 'party.register')) throw new AppError('FORBIDDEN');
  if (!input.consent) throw new AppError('PARTY_CONSENT_REQUIRED');
  const community = await repo.findPlace(deps.db, input.communityId);
  if (!community || community.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
  if (community.kind !== 'community') throw new AppError('PLACE_KIND_MISMATCH', { expected: 'community' });
  const now = deps.clock.now();
  if (!(await livesUnder(deps.db, caller.personId, community.path, now))) throw new AppError('PARTY_NOT_HOME');
  if (input.unitId !== undefined) {
    const unit = await repo.findUnit(deps.db, input.unitId);
    if (!unit || unit.district_id !== caller.districtId || unit.left_at !== null) throw new AppError('NOT_FOUND');
  }
  if (await repo.findLiveMemberOf(deps.db, caller.personId)) throw new AppError('PARTY_ALREADY_REGISTERED');
  let id: number;
  try {
    id = await deps.db.transaction().execute(async (trx) => {
      const memberId = await repo.insertMember(trx, {
        district_id: community.district_id, person_id: caller.personId, community_id: community.id, community_path: community.path,
        unit_id: input.unitId ?? null, unit_name: input.unitName, branch: input.branch ?? null, consent_at: now, created_at: now, updated_at: now,
      });
      // The notice names no one: the worker opens the queue to see who.
      await notifyRoleHolders(trx, community.district_id, 'community_worker', [community.id], { kind: 'party.registered', title: '有新的在职党员双报到待确认', link: '/party?tab=members' }, now);
      await emitEvent(trx, community.district_id, 'party.registered', { memberId, communityId: community.id });
      await auditAction(trx, caller, 'party.register', { type: 'party_member', id: memberId }, { communityId: community.id, consent: true });
      return memberId;
    });
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw new AppError('PARTY_ALREADY_REGISTERED');
    throw err;
  }
  return memberDto((await repo.findMember(deps.db, id))!);
}

/** The member withdraws their registration; an approved one also ends the party_member role it granted. */
export async function withdraw(deps: Deps, caller: Caller): Promise<MemberDto> {
  const live = await repo.findLiveMemberOf(deps.db, caller.personId);
  if (!live) throw new AppError('NOT_FOUND');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const locked = (await repo.lockMember(trx, live.id))!;
    if (locked.status !== 'pending' && locked.status !== 'approved') throw new AppError('PARTY_WRONG_STATUS', { status: locked.status });
    if (locked.role_assignment_id !== null) await endRoleAssignment(trx, locked.role_assignment_id, now);
    await repo.updateMember(trx, live.id, { status: 'withdrawn', updated_at: now });
    await emitEvent(trx, live.district_id, 'party.withdrawn', { memberId: live.id, communityId: live.community_id });
    await auditAction(trx, caller, 'party.withdraw', { type: 'party_member', id: live.id });
  });
  return memberDto((await repo.findMember(deps.db, live.id))!);
}

async function memberInScope(deps: Deps, caller: Caller, id: number) {
  const m = await repo.findMember(deps.db, id);
  assertInScope(scopeFor(caller.roles, 'party.manage'), m && m.district_id === caller.districtId ? m.community_path : undefined);
  return m!;
}

/** 确认报到: approve (grants the party_member role at the community) or reject with a reason the member sees. */
export async function review(deps: Deps, caller: Caller, id: number, input: ReviewInput): Promise<MemberDto> {
  const m = await memberInScope(deps, caller, id);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const locked = (await repo.lockMember(trx, id))!;
    if (locked.status !== 'pending') throw new AppError('PARTY_WRONG_STATUS', { status: locked.status });
    let roleId: number | null = null;
    if (input.decision === 'approve') {
      const community = (await repo.findPlace(trx, m.community_id))!;
      roleId = await insertRoleAssignment(trx, {
        districtId: m.district_id, personId: m.person_id, role: 'party_member', placeId: community.id, placePath: community.path, local: false, validFrom: now, validTo: null,
      });
    }
    await repo.updateMember(trx, id, {
      status: input.decision === 'approve' ? 'approved' : 'rejected', review_note: input.note ?? null, reviewed_by: caller.personId, reviewed_at: now,
      role_assignment_id: roleId, updated_at: now,
    });
    const notice = input.decision === 'approve'
      ? { kind: 'party.approved', title: `社区已确认您的双报到：${m.community_name}`, link: '/h5/party' }
      : { kind: 'party.rejected', title: '社区未确认您的双报到', body: input.note, link: '/h5/party' };
    await notifyPerson(trx, m.district_id, m.person_id, notice, now);
    await emitEvent(trx, m.district_id, notice.kind, { memberId: id, communityId: m.community_id });
    await auditAction(trx, caller, 'party.review', { type: 'party_member', id }, { decision: input.decision });
  });
  return memberDto((await repo.findMember(deps.db, id))!);
}

/** The registrations of the caller's communities; a read of members' names, so it is audited. */
export async function listMembers(deps: Deps, caller: Caller, q: MemberListQuery) {
  const scope = scopeFor(caller.roles, 'party.manage');
  const place = q.placeId === undefined ? undefined : await placeInScope(deps, scope, q.placeId);
  const page = await repo.listMembers(deps.db, scope, { placePath: place?.path, status: q.status, page: q.page, pageSize: q.pageSize });
  if (page.items.length > 0) {
    await auditAction(deps.db, caller, 'party.members.read', { type: 'place', id: place?.id ?? null }, { memberIds: page.items.map((m) => m.id), status: q.status ?? null });
  }
  return { total: page.total, items: page.items.map(memberDto) };
}
