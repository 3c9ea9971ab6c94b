import type { Caller, Deps } from '../../platform/context.ts';
import { claimCountsByClaimer } from '../wishes/index.ts';
import { memberDto } from './members.service.ts';
import * as repo from './party.repository.ts';
import { openTasksFor } from './tasks.service.ts';

/** 我的党员服务: my registration, my record (wishes claimed and fulfilled, tasks and minutes) and my community's open tasks. */
export async function myParty(deps: Deps, caller: Caller) {
  const homes = await homeCommunities(deps, caller);
  const m = (await repo.findLiveMemberOf(deps.db, caller.personId)) ?? (await repo.findLatestMemberOf(deps.db, caller.personId));
  const empty = { wishesClaimed: 0, wishesFulfilled: 0, tasksClaimed: 0, tasksDone: 0, serviceMinutes: 0, services: [] };
  if (!m) return { homes, registration: null, record: empty, tasks: [] };
  const [wishes, claims] = await Promise.all([
    claimCountsByClaimer(deps.db, m.district_id, m.community_path, [caller.personId]),
    repo.claimsOfMember(deps.db, m.id),
  ]);
  const record = {
    wishesClaimed: wishes[0]?.claimed ?? 0,
    wishesFulfilled: wishes[0]?.fulfilled ?? 0,
    tasksClaimed: claims.length,
    tasksDone: claims.filter((c) => c.status === 'done').length,
    serviceMinutes: claims.reduce((n, c) => n + (c.minutes ?? 0), 0),
    services: claims.map((c) => ({ taskId: c.task_id, title: c.title, status: c.status as 'claimed', minutes: c.minutes, startsAt: c.starts_at.toISOString() })),
  };
  const tasks = m.status === 'approved' ? await openTasksFor(deps, caller, m.community_path) : [];
  return { homes, registration: memberDto(m), record, tasks };
}

/** The communities I live in (where 双报到 is possible), each with the units of its big party committee to choose from. */
async function homeCommunities(deps: Deps, caller: Caller) {
  const ids = new Set<number>();
  for (const r of caller.roles) {
    if (r.role !== 'resident' && r.role !== 'owner') continue;
    const community = r.placePath.split('/').filter(Boolean)[2];
    if (community) ids.add(Number(community));
  }
  const out = [];
  for (const id of ids) {
    const place = await repo.findPlace(deps.db, id);
    if (!place || place.kind !== 'community') continue;
    out.push({ id: place.id, name: place.name, units: (await repo.unitsOfCommunity(deps.db, place.id)).map((u) => ({ id: u.id, name: u.name })) });
  }
  return out;
}
