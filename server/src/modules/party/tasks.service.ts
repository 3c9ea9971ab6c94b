import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { notifyPerson } from '../../platform/notifications.ts';
import { assertInScope, scopeFor } from '../../platform/scope.ts';
import { communityInScope, named, placeInScope } from './access.ts';
import * as repo from './party.repository.ts';
import type { CreateTaskInput, RecordServiceInput, TaskDto } from './party.schemas.ts';

/**
 * Tasks (认领任务): the community posts tasks for its registered party members (a duty at the service point, a
 * visit, a clean-up); members claim places; a manager records the service actually given, in minutes, which is what
 * the reports add up. Wishes are claimed on the wishes wall, not here.
 */

type Claim = Awaited<ReturnType<typeof repo.claimsOfTasks>>[number];

function taskDto(t: repo.TaskRow, claims: Claim[], callerId: number, withNames: boolean): TaskDto {
  const mine = claims.filter((c) => c.task_id === t.id);
  return {
    id: t.id, community: named(t.community_id, t.community_name), title: t.title, description: t.description, slots: t.slots, taken: mine.length,
    startsAt: t.starts_at.toISOString(), status: t.status as TaskDto['status'], claimedByMe: mine.some((c) => c.person_id === callerId),
    claims: withNames ? mine.map((c) => ({ memberId: c.member_id, name: c.name, status: c.status as 'claimed', minutes: c.minutes })) : [],
  };
}

export async function createTask(deps: Deps, caller: Caller, input: CreateTaskInput): Promise<TaskDto> {
  const community = await communityInScope(deps, caller, 'party.manage', input.communityId);
  const now = deps.clock.now();
  const id = await deps.db.transaction().execute(async (trx) => {
    const taskId = await repo.insertTask(trx, {
      district_id: community.district_id, community_id: community.id, community_path: community.path, title: input.title, description: input.description ?? null,
      slots: input.slots, starts_at: new Date(input.startsAt), created_by: caller.personId, created_at: now,
    });
    await emitEvent(trx, community.district_id, 'party.task_created', { taskId, communityId: community.id });
    await auditAction(trx, caller, 'party.task.create', { type: 'party_task', id: taskId }, { communityId: community.id, slots: input.slots });
    return taskId;
  });
  const [row] = await repo.listTasks(deps.db, { id });
  return taskDto(row!, [], caller.personId, true);
}

/** Managers see the tasks of their communities with who claimed them (names of party members: audited). */
export async function listTasks(deps: Deps, caller: Caller, placeId: number | undefined) {
  const scope = scopeFor(caller.roles, 'party.manage');
  const place = placeId === undefined ? undefined : await placeInScope(deps, scope, placeId);
  const rows = await repo.listTasks(deps.db, { scope, communityPath: place?.path });
  const claims = await repo.claimsOfTasks(deps.db, rows.map((t) => t.id));
  if (claims.length > 0) await auditAction(deps.db, caller, 'party.tasks.read', { type: 'place', id: place?.id ?? null }, { tasks: rows.length, claims: claims.length });
  return { items: rows.map((t) => taskDto(t, claims, caller.personId, true)) };
}

/** The open tasks of a member's community, without the other claimers' names. */
export async function openTasksFor(deps: Deps, caller: Caller, communityPath: string): Promise<TaskDto[]> {
  const rows = await repo.listTasks(deps.db, { communityPath, openOnly: true });
  const claims = await repo.claimsOfTasks(deps.db, rows.map((t) => t.id));
  return rows.map((t) => taskDto(t, claims, caller.personId, false));
}

async function approvedMember(deps: Deps, caller: Caller) {
  const m = await repo.findLiveMemberOf(deps.db, caller.personId);
  if (!m || m.status !== 'approved') throw new AppError('PARTY_NOT_MEMBER');
  return m;
}

/** 认领任务: an approved member of the task's community takes one of its places. */
export async function claimTask(deps: Deps, caller: Caller, taskId: number): Promise<TaskDto> {
  const member = await approvedMember(deps, caller);
  const [task] = await repo.listTasks(deps.db, { id: taskId });
  if (!task || task.district_id !== caller.districtId || task.community_id !== member.community_id) throw new AppError('NOT_FOUND');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const locked = (await repo.lockTask(trx, taskId))!;
    if (locked.status !== 'open') throw new AppError('PARTY_TASK_CLOSED');
    if (await repo.findClaim(trx, taskId, member.id)) throw new AppError('PARTY_TASK_ALREADY_CLAIMED');
    if ((await repo.countClaims(trx, taskId)) >= locked.slots) throw new AppError('PARTY_TASK_FULL', { slots: locked.slots });
    await repo.insertClaim(trx, { district_id: task.district_id, task_id: taskId, member_id: member.id, person_id: caller.personId, claimed_at: now });
    await emitEvent(trx, task.district_id, 'party.task_claimed', { taskId, memberId: member.id });
    await auditAction(trx, caller, 'party.task.claim', { type: 'party_task', id: taskId });
  });
  return (await openTasksFor(deps, caller, member.community_path)).find((t) => t.id === taskId) ?? taskDto(task, await repo.claimsOfTasks(deps.db, [taskId]), caller.personId, false);
}

async function taskInScope(deps: Deps, caller: Caller, taskId: number) {
  const [task] = await repo.listTasks(deps.db, { id: taskId });
  assertInScope(scopeFor(caller.roles, 'party.manage'), task && task.district_id === caller.districtId ? task.community_path : undefined);
  return task!;
}

/** 登记服务: the manager records the minutes a member actually served on a claimed task; once per claim. */
export async function recordService(deps: Deps, caller: Caller, taskId: number, input: RecordServiceInput): Promise<TaskDto> {
  const task = await taskInScope(deps, caller, taskId);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const claim = await repo.findClaim(trx, taskId, input.memberId);
    if (!claim) throw new AppError('NOT_FOUND');
    if (claim.status !== 'claimed') throw new AppError('PARTY_WRONG_STATUS', { status: claim.status });
    await repo.updateClaim(trx, claim.id, { status: 'done', minutes: input.minutes, done_at: now, recorded_by: caller.personId, note: input.note ?? null });
    await notifyPerson(trx, task.district_id, claim.person_id, { kind: 'party.service_recorded', title: `已登记您的服务：${task.title}（${input.minutes} 分钟）`, link: '/h5/party' }, now);
    await emitEvent(trx, task.district_id, 'party.service_recorded', { taskId, memberId: input.memberId, minutes: input.minutes });
    await auditAction(trx, caller, 'party.service.record', { type: 'party_task', id: taskId }, { memberId: input.memberId, minutes: input.minutes });
  });
  const claims = await repo.claimsOfTasks(deps.db, [taskId]);
  return taskDto(task, claims, caller.personId, true);
}

export async function closeTask(deps: Deps, caller: Caller, taskId: number): Promise<TaskDto> {
  await taskInScope(deps, caller, taskId);
  await deps.db.transaction().execute(async (trx) => {
    const locked = (await repo.lockTask(trx, taskId))!;
    if (locked.status !== 'open') throw new AppError('PARTY_TASK_CLOSED');
    await repo.closeTask(trx, taskId);
    await auditAction(trx, caller, 'party.task.close', { type: 'party_task', id: taskId });
  });
  const [row] = await repo.listTasks(deps.db, { id: taskId });
  return taskDto(row!, await repo.claimsOfTasks(deps.db, [taskId]), caller.personId, true);
}
