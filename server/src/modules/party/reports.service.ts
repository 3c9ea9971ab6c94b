import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { hasPermission, pathInScope, scopeFor } from '../../platform/scope.ts';
import { claimCountsByClaimer } from '../wishes/index.ts';
import { named } from './access.ts';
import * as repo from './party.repository.ts';
import type { ReportDto, ReportRow } from './party.schemas.ts';

/**
 * Reports per unit and per community: units, registered members, wishes their members claimed and fulfilled (read
 * from the wishes module), tasks done and minutes served. Counts only — no member is named — so a 联点 leader may
 * read the report of a community they follow without seeing anyone's party membership.
 */

type Figures = Omit<ReportRow, 'kind' | 'id' | 'name'>;
const zero = (): Figures => ({ units: 0, members: 0, pending: 0, wishesClaimed: 0, wishesFulfilled: 0, wishesFulfilledValueFen: 0, tasksDone: 0, serviceMinutes: 0 });

type Place = { id: number; name: string; path: string; kind: string; district_id: number };

export async function buildReport(deps: Deps, place: Place): Promise<ReportDto> {
  const [members, units] = await Promise.all([repo.reportMembers(deps.db, place.district_id, place.path), repo.reportUnits(deps.db, place.district_id, place.path)]);
  const approved = members.filter((m) => m.status === 'approved');
  const wishes = new Map((await claimCountsByClaimer(deps.db, place.district_id, place.path, approved.map((m) => m.person_id))).map((w) => [w.claimerId, w]));
  const add = (f: Figures, m: (typeof members)[number]) => {
    if (m.status === 'pending') {
      f.pending++;
      return;
    }
    const w = wishes.get(m.person_id);
    f.members++;
    f.wishesClaimed += w?.claimed ?? 0;
    f.wishesFulfilled += w?.fulfilled ?? 0;
    f.wishesFulfilledValueFen += w?.fulfilledValueFen ?? 0;
    f.tasksDone += Number(m.tasks_done ?? 0);
    f.serviceMinutes += Number(m.minutes ?? 0);
  };
  const total = zero();
  total.units = units.length;
  for (const m of members) add(total, m);

  let rows: ReportRow[];
  if (place.kind === 'community') {
    // Per unit of this committee; members whose unit has not joined it form one more row.
    const byUnit = new Map(units.map((u) => [u.id, { kind: 'unit' as const, id: u.id, name: u.name, ...zero(), units: 1 }]));
    const other: ReportRow = { kind: 'unaffiliated', id: null, name: '', ...zero() };
    for (const m of members) add((m.unit_id !== null && byUnit.get(m.unit_id)) || other, m);
    rows = [...byUnit.values(), ...(other.members + other.pending > 0 ? [other] : [])];
  } else {
    const communities = await repo.communitiesUnder(deps.db, place.district_id, place.path);
    const byCommunity = new Map(communities.map((c) => [c.id, { kind: 'community' as const, id: c.id, name: c.name, ...zero() }]));
    for (const u of units) byCommunity.get(u.community_id)!.units++;
    for (const m of members) add(byCommunity.get(m.community_id)!, m);
    rows = [...byCommunity.values()].filter((r) => r.units + r.members + r.pending > 0);
  }
  return { place: named(place.id, place.name), total, rows };
}

/** Managers read the report of any place in their scope; a 联点 leader that of a community they follow. */
export async function report(deps: Deps, caller: Caller, placeId: number | undefined): Promise<ReportDto> {
  const managing = hasPermission(caller.roles, 'party.manage') ? scopeFor(caller.roles, 'party.manage') : null;
  const id = placeId ?? (managing ? Number(managing.paths[0]!.split('/').filter(Boolean).at(-1)) : undefined);
  if (id === undefined) throw new AppError('FORBIDDEN');
  const place = await repo.findPlace(deps.db, id);
  if (!place || place.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
  const follows = async () => (await repo.listLiaisons(deps.db, { districtId: caller.districtId, personId: caller.personId })).some((l) => l.community_id === place.id);
  if (!(managing && pathInScope(managing, place.path)) && !(await follows())) throw new AppError('NOT_FOUND');
  return buildReport(deps, place);
}
