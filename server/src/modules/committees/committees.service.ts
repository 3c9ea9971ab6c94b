import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { assertInScope, hasPermission, pathInScope, scopeFor } from '../../platform/scope.ts';
import { livesUnder, ownersRegisterUnder } from '../people/index.ts';
import { draftLinkedVote, isDeveloperOf, linkedVoteStates, participantsOf, takePartOnline, voterKeyIn } from '../votes/index.ts';
import { countElection, seatsValid, type ElectionCount } from './committee-count.ts';
import * as repo from './committees.repository.ts';
import type { CompoundCommitteeDto, CreateElectionInput, ElectionDto } from './committees.schemas.ts';

/**
 * Committees (业主委员会; where none exists, the self-management committee 自管会, in law an interim 物业管理委员会).
 * An election: staff open it for a compound with an odd number of seats (业委会 5–11, 自管会 7–11); owners nominate
 * themselves or another owner (a 自管会 may also take residents who are not owners); staff review eligibility; the
 * approved candidates stand in an owners' vote on art. 278 item 3 (drafted here, announced and opened like any
 * other vote), where each owner picks up to `seats` candidates; once the vote's result is published staff settle
 * it (committee-count.ts) and the elected form the roster with a term of at most 5 years.
 */

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const homePaths = (caller: Caller) => caller.roles.filter((r) => r.role === 'resident' || r.role === 'owner').map((r) => r.placePath);
const managedBy = (caller: Caller, path: string) => hasPermission(caller.roles, 'committees.manage') && pathInScope(scopeFor(caller.roles, 'committees.manage'), path);
const dayOf = (d: unknown) => (typeof d === 'string' ? d.slice(0, 10) : (d as Date).toISOString().slice(0, 10));
/** A calendar day in China (the term is counted in days there). */
const shanghaiDay = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/** The term: from the day the result is settled, for `years` years (the day before the anniversary is the last). */
export function termOf(start: string, years: number): { start: string; end: string } {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  const end = new Date(Date.UTC(y + years, m - 1, d) - 86_400_000);
  return { start, end: end.toISOString().slice(0, 10) };
}

export async function createElection(deps: Deps, caller: Caller, input: CreateElectionInput): Promise<ElectionDto> {
  const place = await repo.findPlace(deps.db, input.compoundId);
  if (!place || place.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
  assertInScope(scopeFor(caller.roles, 'committees.manage'), place.path);
  if (place.kind !== 'compound') throw new AppError('PLACE_KIND_MISMATCH', { expected: 'compound' });
  if (!seatsValid(input.kind, input.seats)) throw new AppError('COMMITTEE_SEATS_INVALID');
  const id = await deps.db.transaction().execute(async (trx) => {
    const electionId = await repo.insertElection(trx, { districtId: place.district_id, compoundId: place.id, compoundPath: place.path, kind: input.kind, seats: input.seats, termYears: input.termYears, by: caller.personId, now: deps.clock.now() });
    await auditAction(trx, caller, 'committee.election.create', { type: 'committee_election', id: electionId }, { kind: input.kind, seats: input.seats });
    return electionId;
  });
  return getElection(deps, caller, id);
}

/** Who may stand: an owner of the compound; for a 自管会 also a resident living there (recorded as not an owner). */
async function eligibility(deps: Deps, e: repo.ElectionRow, personId: number): Promise<{ isOwner: boolean }> {
  const now = deps.clock.now();
  // The developer (建设单位) holds unsold units as a company; it votes as one owner but does not sit on the committee.
  if (await isDeveloperOf(deps.db, e.compound_id, personId)) throw new AppError('COMMITTEE_NOT_ELIGIBLE', { reason: '建设单位不能作为委员候选人' });
  const owners = new Set((await ownersRegisterUnder(deps.db, e.compound_path, now)).map((u) => u.ownerId));
  if (owners.has(personId)) return { isOwner: true };
  if (e.kind === 'self_management_committee' && (await livesUnder(deps.db, personId, e.compound_path, now))) return { isOwner: false };
  throw new AppError('COMMITTEE_NOT_ELIGIBLE', { reason: e.kind === 'owners_committee' ? '业主委员会委员须为本小区业主' : '自管会成员须为本小区业主或居民' });
}

/** 提名: an owner nominates themselves or another owner; staff may nominate anyone eligible. One nomination per person. */
export async function nominate(deps: Deps, caller: Caller, id: number, input: { personId?: number; statement: string }): Promise<ElectionDto> {
  const e = await visibleElection(deps, caller, id);
  const nomineeId = input.personId ?? caller.personId;
  const staff = managedBy(caller, e.compound_path);
  if (!staff) {
    // A resident nominates only as an owner (or, for a 自管会, as someone living there) of this compound.
    await eligibility(deps, e, caller.personId);
  }
  if (!(await repo.personName(deps.db, nomineeId, e.district_id))) throw new AppError('NOT_FOUND');
  const { isOwner } = await eligibility(deps, e, nomineeId);
  await deps.db.transaction().execute(async (trx) => {
    const locked = await repo.lockElection(trx, id);
    if (locked!.status !== 'nominating') throw new AppError('COMMITTEE_WRONG_STATUS', { status: locked!.status });
    const nominationId = await repo.insertNomination(trx, { districtId: e.district_id, electionId: id, personId: nomineeId, by: caller.personId, statement: input.statement, isOwner, now: deps.clock.now() });
    if (nominationId === null) throw new AppError('COMMITTEE_ALREADY_NOMINATED');
    await auditAction(trx, caller, 'committee.nominate', { type: 'committee_nomination', id: nominationId }, { electionId: id, self: nomineeId === caller.personId });
  });
  return getElection(deps, caller, id);
}

/** 资格审查: staff approve a nominee (eligibility checked again, as of now) or reject with a reason. */
export async function reviewNomination(deps: Deps, caller: Caller, nominationId: number, input: { approve: boolean; note: string }): Promise<ElectionDto> {
  const n = await repo.findNomination(deps.db, nominationId);
  if (!n) throw new AppError('NOT_FOUND');
  const e = await managedElection(deps, caller, Number(n.election_id));
  if (input.approve) await eligibility(deps, e, Number(n.person_id));
  await deps.db.transaction().execute(async (trx) => {
    const locked = await repo.lockElection(trx, e.id);
    if (locked!.status !== 'nominating') throw new AppError('COMMITTEE_WRONG_STATUS', { status: locked!.status });
    await repo.reviewNomination(trx, nominationId, { status: input.approve ? 'approved' : 'rejected', by: caller.personId, now: deps.clock.now(), note: input.note || null });
    await auditAction(trx, caller, input.approve ? 'committee.nomination.approve' : 'committee.nomination.reject', { type: 'committee_nomination', id: nominationId });
  });
  return getElection(deps, caller, e.id);
}

/** The candidate list closes and an owners' vote on item 3 is drafted; staff announce and open it in 业主表决. */
export async function startVote(deps: Deps, caller: Caller, id: number, input: { windowDays: number }): Promise<ElectionDto> {
  const e = await managedElection(deps, caller, id);
  const approved = (await repo.nominationsOf(deps.db, [id])).filter((n) => n.status === 'approved');
  await deps.db.transaction().execute(async (trx) => {
    const locked = await repo.lockElection(trx, id);
    if (locked!.status !== 'nominating') throw new AppError('COMMITTEE_WRONG_STATUS', { status: locked!.status });
    if (approved.length < e.seats) throw new AppError('COMMITTEE_TOO_FEW_CANDIDATES', { count: approved.length, seats: e.seats });
    const label = e.kind === 'owners_committee' ? '业主委员会' : '自管会';
    const voteId = await draftLinkedVote(trx, {
      districtId: e.district_id, compound: { id: e.compound_id, path: e.compound_path }, item: 3, title: `选举${e.compound_name}${label}（${e.seats}名）`.slice(0, 100),
      description: `选举${label}委员（民法典第278条第三项）。候选人：${approved.map((n) => n.name).join('、')}。每位业主至多选 ${e.seats} 名；候选人须获参与表决业主专有部分面积过半且人数过半方可当选。`,
      windowDays: input.windowDays, createdBy: caller.personId, now: deps.clock.now(),
    });
    await repo.updateElection(trx, id, { status: 'voting', ownerVoteId: voteId });
    await auditAction(trx, caller, 'committee.election.vote', { type: 'committee_election', id }, { voteId, candidates: approved.length });
  });
  return getElection(deps, caller, id);
}

/** An owner's ballot: up to `seats` approved candidates; changeable (replaced) until the vote closes. */
export async function castPicks(deps: Deps, caller: Caller, id: number, input: { nominationIds: number[] }): Promise<ElectionDto> {
  const e = await visibleElection(deps, caller, id);
  if (e.status !== 'voting' || !e.owner_vote_id) throw new AppError('COMMITTEE_WRONG_STATUS', { status: e.status });
  const picks = [...new Set(input.nominationIds)];
  if (picks.length > e.seats) throw new AppError('COMMITTEE_TOO_MANY_PICKS', { seats: e.seats });
  const approved = new Set((await repo.nominationsOf(deps.db, [id])).filter((n) => n.status === 'approved').map((n) => Number(n.id)));
  if (picks.some((p) => !approved.has(p))) throw new AppError('COMMITTEE_NOT_CANDIDATE');
  const voteId = Number(e.owner_vote_id);
  // Before the vote opens there is no frozen electorate yet: say that the vote is not open, not that one is no voter.
  if ((await linkedVoteStates(deps.db, [voteId])).get(voteId)?.status !== 'open') throw new AppError('VOTE_NOT_OPEN');
  const voterKey = await voterKeyIn(deps.db, voteId, caller.personId);
  if (!voterKey) throw new AppError('VOTE_NOT_IN_ELECTORATE');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await takePartOnline(trx, { voteId, voterKey, castBy: caller.personId, now });
    await repo.replacePicks(trx, { districtId: e.district_id, electionId: id, voterKey, nominationIds: picks, now });
    await auditAction(trx, caller, 'committee.ballot', { type: 'committee_election', id }, { voter: voterKey, picks });
  });
  return getElection(deps, caller, id);
}

async function countOf(deps: Deps, e: repo.ElectionRow, quorumMet: boolean): Promise<ElectionCount> {
  const voteId = Number(e.owner_vote_id);
  const [participants, picks, nominations] = await Promise.all([participantsOf(deps.db, voteId), repo.picksOf(deps.db, e.id), repo.nominationsOf(deps.db, [e.id])]);
  const candidates = nominations.filter((n) => n.status === 'approved').map((n) => ({ nominationId: Number(n.id), isOwner: n.is_owner }));
  return countElection({ kind: e.kind, seats: e.seats, quorumMet, participants, picks, candidates });
}

/** 确定当选: once the election vote's result is published, count the picks; the elected form the roster, or none forms. */
export async function settle(deps: Deps, caller: Caller, id: number): Promise<ElectionDto> {
  const e = await managedElection(deps, caller, id);
  if (e.status !== 'voting') throw new AppError('COMMITTEE_WRONG_STATUS', { status: e.status });
  const state = (await linkedVoteStates(deps.db, [Number(e.owner_vote_id)])).get(Number(e.owner_vote_id));
  if (!state?.result) throw new AppError('COMMITTEE_VOTE_NOT_PUBLISHED');
  const count = await countOf(deps, e, state.result.quorum.met);
  const now = deps.clock.now();
  const nominations = await repo.nominationsOf(deps.db, [id]);
  await deps.db.transaction().execute(async (trx) => {
    const locked = await repo.lockElection(trx, id);
    if (locked!.status !== 'voting') throw new AppError('COMMITTEE_WRONG_STATUS', { status: locked!.status });
    const term = termOf(shanghaiDay(now), e.term_years);
    const elected = nominations.filter((n) => count.elected.includes(Number(n.id)));
    await repo.insertMembers(trx, elected.map((n) => ({ district_id: e.district_id, election_id: id, compound_id: e.compound_id, person_id: Number(n.person_id), term_start: term.start, term_end: term.end, created_at: now })));
    await repo.updateElection(trx, id, { status: count.formed ? 'formed' : 'failed', decidedAt: now, outcome: JSON.stringify(count) });
    if (count.formed) await emitEvent(trx, e.district_id, 'committee.formed', { electionId: id, compoundId: e.compound_id, kind: e.kind, members: elected.length });
    await auditAction(trx, caller, 'committee.election.settle', { type: 'committee_election', id }, { formed: count.formed, failure: count.failure, elected: count.elected });
  });
  return getElection(deps, caller, id);
}

/** 分工: the committee's first meeting elects its chair (主任) and vice-chairs (副主任); staff record it. One chair. */
export async function setRole(deps: Deps, caller: Caller, memberId: number, role: 'chair' | 'vice_chair' | 'member'): Promise<ElectionDto> {
  const m = await repo.findMember(deps.db, memberId);
  if (!m || m.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
  await managedElection(deps, caller, Number(m.election_id));
  await deps.db.transaction().execute(async (trx) => {
    await repo.lockElection(trx, Number(m.election_id));
    const chair = await repo.chairOf(trx, Number(m.election_id));
    if (role === 'chair' && chair && Number(chair.id) !== memberId) throw new AppError('COMMITTEE_ONE_CHAIR');
    await repo.setMemberRole(trx, memberId, role);
    await auditAction(trx, caller, 'committee.member.role', { type: 'committee_member', id: memberId }, { role });
  });
  return getElection(deps, caller, Number(m.election_id));
}

/** The compound profile's committee: the latest formed one, its roster and term, and whether the term has ended. */
export async function compoundCommittee(deps: Deps, caller: Caller, compoundId: number): Promise<CompoundCommitteeDto> {
  const place = await repo.findPlace(deps.db, compoundId);
  if (!place || place.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
  const staff = caller.roles.some((r) => r.role !== 'resident' && r.role !== 'owner' && place.path.startsWith(r.placePath));
  if (!staff && !homePaths(caller).some((h) => h.startsWith(place.path))) throw new AppError('NOT_FOUND');
  const e = await repo.latestFormed(deps.db, compoundId);
  if (!e) return { committee: null };
  const members = await repo.membersOf(deps.db, [e.id]);
  const termStart = dayOf(members[0]!.term_start);
  const termEnd = dayOf(members[0]!.term_end);
  return {
    committee: {
      electionId: e.id, kind: e.kind, termStart, termEnd, expired: shanghaiDay(deps.clock.now()) > termEnd,
      members: members.map((m) => ({ id: Number(m.id), name: m.name, role: m.role, termStart: dayOf(m.term_start), termEnd: dayOf(m.term_end) })),
    },
  };
}

/** For staff nominating: the compound's owners (and for a 自管会 its residents are added by id from the people list). */
export async function eligibleOwners(deps: Deps, caller: Caller, id: number) {
  const e = await managedElection(deps, caller, id);
  const owners = [...new Set((await ownersRegisterUnder(deps.db, e.compound_path, deps.clock.now())).map((u) => u.ownerId))];
  const developer = await Promise.all(owners.map((o) => isDeveloperOf(deps.db, e.compound_id, o)));
  const ids = owners.filter((_, i) => !developer[i]);
  const names = await repo.namesOf(deps.db, ids);
  return { items: ids.map((personId) => ({ personId, name: names.get(personId) ?? '', isOwner: true })).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')) };
}

export async function listElections(deps: Deps, caller: Caller) {
  const rows = await repo.listInScope(deps.db, caller.districtId, scopeFor(caller.roles, 'committees.manage'));
  return { items: await Promise.all(rows.map((r) => toDto(deps, caller, r))) };
}

export async function myElections(deps: Deps, caller: Caller) {
  const rows = await repo.listOver(deps.db, caller.districtId, homePaths(caller));
  return { items: await Promise.all(rows.map((r) => toDto(deps, caller, r))) };
}

export async function getElection(deps: Deps, caller: Caller, id: number): Promise<ElectionDto> {
  return toDto(deps, caller, await visibleElection(deps, caller, id));
}

async function visibleElection(deps: Deps, caller: Caller, id: number): Promise<repo.ElectionRow> {
  const e = await repo.findElection(deps.db, id);
  if (!e || e.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
  if (managedBy(caller, e.compound_path) || homePaths(caller).some((h) => h.startsWith(e.compound_path))) return e;
  throw new AppError('NOT_FOUND');
}

async function managedElection(deps: Deps, caller: Caller, id: number): Promise<repo.ElectionRow> {
  const e = await repo.findElection(deps.db, id);
  if (!e || e.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
  assertInScope(scopeFor(caller.roles, 'committees.manage'), e.compound_path);
  return e;
}

async function toDto(deps: Deps, caller: Caller, e: repo.ElectionRow): Promise<ElectionDto> {
  const managed = managedBy(caller, e.compound_path);
  const voteId = e.owner_vote_id ? Number(e.owner_vote_id) : null;
  const [nominations, members, states] = await Promise.all([repo.nominationsOf(deps.db, [e.id]), repo.membersOf(deps.db, [e.id]), linkedVoteStates(deps.db, voteId ? [voteId] : [])]);
  const state = voteId ? states.get(voteId) : undefined;
  // The stored count once settled (for everyone); a live count for staff while voting (the ballots are open ballots).
  let count = (e.outcome as ElectionCount | null) ?? null;
  if (!count && managed && e.status === 'voting' && state && state.status !== 'draft' && state.status !== 'announced') count = await countOf(deps, e, state.result?.quorum.met ?? false);
  let myPicks: number[] | null = null;
  if (voteId && e.status === 'voting') {
    const key = await voterKeyIn(deps.db, voteId, caller.personId);
    if (key) myPicks = await repo.picksBy(deps.db, e.id, key);
  }
  return {
    id: e.id, compound: { id: e.compound_id, name: e.compound_name }, kind: e.kind, seats: e.seats, termYears: e.term_years, status: e.status,
    vote: state ? { id: state.id, status: state.status, closesAt: iso(state.closesAt) } : null,
    candidates: nominations
      // Residents see the approved candidates (and their own nomination); staff see every nomination to review.
      .filter((n) => managed || n.status === 'approved' || Number(n.person_id) === caller.personId)
      .map((n) => {
        const c = count?.candidates.find((x) => x.nominationId === Number(n.id));
        return {
          nominationId: Number(n.id), personId: Number(n.person_id), name: n.name, isOwner: n.is_owner, selfNominated: Number(n.nominated_by) === Number(n.person_id),
          statement: n.statement, status: n.status, reviewNote: managed || Number(n.person_id) === caller.personId ? n.review_note : null,
          votes: c ? { heads: c.heads, areaCenti: c.areaCenti, elected: e.outcome ? count!.elected.includes(c.nominationId) : false } : null,
        };
      }),
    participating: count?.participating ?? null,
    failure: e.outcome ? count!.failure : null,
    members: members.map((m) => ({ id: Number(m.id), personId: Number(m.person_id), name: m.name, role: m.role, termStart: dayOf(m.term_start), termEnd: dayOf(m.term_end) })),
    managed, myPicks, createdAt: e.created_at.toISOString(), decidedAt: iso(e.decided_at),
  };
}
