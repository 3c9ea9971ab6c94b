import { isDeepStrictEqual } from 'node:util';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { auditAction } from '../../platform/audit.ts';
import { insertAudit } from '../../platform/audit.repository.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { assertInScope, hasPermission, pathInScope, scopeFor } from '../../platform/scope.ts';
import { scheduleTimer } from '../../platform/timers.ts';
import { ownersRegisterUnder } from '../people/index.ts';
import { ballotToken, newBallotKey } from './ballot-secrecy.ts';
import { countWeightedBallots, parseAreaCenti, voterKeyOf, type Art278Item, type Tally } from './owners-vote-tally.ts';
import * as repo from './votes.repository.ts';
import type { CreateVoteInput, TallyDto, VoteDto } from './votes.schemas.ts';

const DAY = 24 * 60 * 60 * 1000;
/** Results are published within 3 days of the close (杭州市物业管理条例). */
export const PUBLISH_WITHIN_DAYS = 3;
/** A submitted ballot can be undone for 10 minutes (适老化: undo of a submission). */
export const UNDO_MS = 10 * 60 * 1000;
export const DEFAULT_NOTICE_DAYS = 15;
export const DEFAULT_EXTRAORDINARY_NOTICE_DAYS = 7;
export const TIMER = { close: 'owner_vote.close', publish: 'owner_vote.publish' } as const;

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const homePaths = (caller: Caller) => caller.roles.filter((r) => r.role === 'resident' || r.role === 'owner').map((r) => r.placePath);

export async function noticeSettings(deps: Deps, districtId: number) {
  const s = await repo.findSettings(deps.db, districtId);
  return { noticeDays: s?.notice_days ?? DEFAULT_NOTICE_DAYS, extraordinaryNoticeDays: s?.extraordinary_notice_days ?? DEFAULT_EXTRAORDINARY_NOTICE_DAYS };
}

export async function setNoticeSettings(deps: Deps, caller: Caller, input: { noticeDays: number; extraordinaryNoticeDays: number }) {
  scopeFor(caller.roles, 'votes.settings');
  await deps.db.transaction().execute(async (trx) => {
    await repo.upsertSettings(trx, caller.districtId, input, caller.personId, deps.clock.now());
    await auditAction(trx, caller, 'vote.settings', { type: 'district', id: caller.districtId }, input);
  });
  return noticeSettings(deps, caller.districtId);
}

/** Staff draft a vote on one art. 278 matter for a compound, a building or a unit. */
export async function createVote(deps: Deps, caller: Caller, input: CreateVoteInput): Promise<VoteDto> {
  const place = await repo.findPlace(deps.db, input.scopePlaceId);
  assertInScope(scopeFor(caller.roles, 'votes.manage'), place?.path);
  if (!['compound', 'building', 'unit'].includes(place!.kind)) throw new AppError('PLACE_KIND_MISMATCH', { expected: 'compound / building / unit' });
  const compound = await repo.compoundOf(deps.db, place!.path);
  if (!compound) throw new AppError('PLACE_KIND_MISMATCH', { expected: 'compound / building / unit' });
  const now = deps.clock.now();
  const id = await deps.db.transaction().execute(async (trx) => {
    const voteId = await repo.insertVote(trx, {
      district_id: place!.district_id, scope_place_id: place!.id, scope_path: place!.path, compound_id: compound.id, item: input.item, title: input.title,
      description: input.description, topic_id: input.topicId ?? null, extraordinary: input.extraordinary, secret: input.secret,
      follow_majority: compound.follow_majority ?? false, window_days: input.windowDays, created_by: caller.personId, created_at: now,
    });
    await auditAction(trx, caller, 'vote.create', { type: 'owner_vote', id: voteId }, { item: input.item, scope: place!.id });
    return voteId;
  });
  return getVote(deps, caller, id);
}

/** 公告: the matter is announced; voting may open when the notice period (15 days, 7 extraordinary) has run. */
export async function announceVote(deps: Deps, caller: Caller, id: number): Promise<VoteDto> {
  const vote = await managedVote(deps, caller, id);
  const { noticeDays, extraordinaryNoticeDays } = await noticeSettings(deps, vote.district_id);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const locked = await repo.lockVote(trx, id, 'update');
    if (locked!.status !== 'draft') throw new AppError('VOTE_WRONG_STATUS', { status: locked!.status });
    // The compound's follow-the-majority flag is fixed when the matter is announced, as owners read it then.
    const compound = await repo.compoundOf(trx, vote.scope_path);
    const days = vote.extraordinary ? extraordinaryNoticeDays : noticeDays;
    await repo.updateVote(trx, id, { status: 'announced', announced_at: now, notice_ends_at: new Date(now.getTime() + days * DAY), follow_majority: compound?.follow_majority ?? false });
    await emitEvent(trx, vote.district_id, 'owner_vote.announced', { voteId: id, scopePlaceId: vote.scope_place_id });
    await auditAction(trx, caller, 'vote.announce', { type: 'owner_vote', id }, { noticeDays: days });
  });
  return getVote(deps, caller, id);
}

/**
 * Opens voting: only an announced matter, only after its notice period. The electorate is frozen from the register
 * now (units, owners, area), so a later change of the register does not change this vote.
 */
export async function openVote(deps: Deps, caller: Caller, id: number): Promise<VoteDto> {
  const vote = await managedVote(deps, caller, id);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const locked = await repo.lockVote(trx, id, 'update');
    if (locked!.status === 'draft') throw new AppError('VOTE_NOT_ANNOUNCED');
    if (locked!.status !== 'announced') throw new AppError('VOTE_WRONG_STATUS', { status: locked!.status });
    if (now < vote.notice_ends_at!) throw new AppError('VOTE_NOTICE_NOT_OVER', { until: vote.notice_ends_at!.toISOString() });
    const developers = new Set((await repo.developersOf(trx, vote.compound_id)).map((d) => Number(d.person_id)));
    const units = await ownersRegisterUnder(trx, vote.scope_path, now);
    if (units.length === 0) throw new AppError('VOTE_NO_ELECTORATE');
    await repo.insertElectorate(trx, units.map((u) => {
      const developerHeld = developers.has(u.ownerId);
      return { district_id: vote.district_id, vote_id: id, unit_id: u.unitId, owner_id: u.ownerId, voter_key: voterKeyOf({ ownerId: u.ownerId, developerHeld }), area_centi: parseAreaCenti(u.area), developer_held: developerHeld };
    }));
    const closesAt = new Date(now.getTime() + vote.window_days * DAY);
    await repo.updateVote(trx, id, { status: 'open', opened_at: now, closes_at: closesAt, ballot_key: newBallotKey() });
    await scheduleTimer(trx, { districtId: vote.district_id, kind: TIMER.close, subjectId: id, dueAt: closesAt });
    await emitEvent(trx, vote.district_id, 'owner_vote.opened', { voteId: id, closesAt: closesAt.toISOString() });
    await auditAction(trx, caller, 'vote.open', { type: 'owner_vote', id }, { units: units.length });
  });
  return getVote(deps, caller, id);
}

/** Staff close a vote once its window has run (the timer does the same on its own). */
export async function closeVote(deps: Deps, caller: Caller, id: number): Promise<VoteDto> {
  const vote = await managedVote(deps, caller, id);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const locked = await repo.lockVote(trx, id, 'update');
    if (locked!.status !== 'open') throw new AppError('VOTE_WRONG_STATUS', { status: locked!.status });
    if (now < locked!.closes_at!) throw new AppError('VOTE_WINDOW_NOT_OVER', { closesAt: locked!.closes_at!.toISOString() });
    await closeNow(trx, id, vote.district_id, now);
    await auditAction(trx, caller, 'vote.close', { type: 'owner_vote', id });
  });
  return getVote(deps, caller, id);
}

/**
 * Closing: the count is made from the ballots and stored; the secret ballot key is destroyed and the secret ballots
 * are rewritten in token order; publication is due within 3 days (a timer publishes if staff have not).
 */
async function closeNow(trx: Transaction<Database>, id: number, districtId: number, now: Date) {
  const locked = (await repo.lockVote(trx, id, 'update'))!;
  const result = await countFromBallots(trx, id, locked.item as Art278Item, locked.follow_majority);
  const publishDue = new Date(now.getTime() + PUBLISH_WITHIN_DAYS * DAY);
  await repo.updateVote(trx, id, { status: 'closed', closed_at: now, publish_due_at: publishDue, ballot_key: null, result: JSON.stringify(result) });
  if (locked.secret) await repo.reshuffleBallots(trx, id);
  await scheduleTimer(trx, { districtId, kind: TIMER.publish, subjectId: id, dueAt: publishDue });
  await emitEvent(trx, districtId, 'owner_vote.closed', { voteId: id });
}

/** The count from what is stored: the frozen electorate's totals and the weighted ballots. */
async function countFromBallots(db: Deps['db'] | Transaction<Database>, id: number, item: Art278Item, followMajority: boolean): Promise<Tally> {
  const electorate = await repo.electorateOf(db, id);
  const voters = new Set(electorate.map((e) => e.voterKey));
  const total = { areaCenti: electorate.reduce((n, e) => n + e.areaCenti, 0), heads: voters.size, units: electorate.length };
  const ballots = await repo.ballotsOf(db, id);
  return countWeightedBallots({ item, electorate: total, ballots, followMajorityAllowed: followMajority });
}

export async function publishVote(deps: Deps, caller: Caller, id: number): Promise<VoteDto> {
  const vote = await managedVote(deps, caller, id);
  await deps.db.transaction().execute(async (trx) => {
    const locked = await repo.lockVote(trx, id, 'update');
    if (locked!.status !== 'closed') throw new AppError('VOTE_WRONG_STATUS', { status: locked!.status });
    await publishNow(trx, id, vote.district_id, deps.clock.now());
    await auditAction(trx, caller, 'vote.publish', { type: 'owner_vote', id });
  });
  return getVote(deps, caller, id);
}

async function publishNow(trx: Transaction<Database>, id: number, districtId: number, now: Date) {
  await repo.updateVote(trx, id, { status: 'published', published_at: now });
  await emitEvent(trx, districtId, 'owner_vote.published', { voteId: id });
}

/** Timer handlers: close at the end of the window, publish at the 3-day deadline; each does nothing if done already. */
export async function closeByTimer(trx: Transaction<Database>, id: number, now: Date): Promise<void> {
  const v = await repo.lockVote(trx, id, 'update');
  if (!v || v.status !== 'open' || now < v.closes_at!) return;
  await closeNow(trx, id, v.district_id, now);
  await insertAudit(trx, { districtId: v.district_id, actorId: null, action: 'vote.close', targetType: 'owner_vote', targetId: id, result: 'ok', ip: null, detail: { by: 'timer' } });
}
export async function publishByTimer(trx: Transaction<Database>, id: number, now: Date): Promise<void> {
  const v = await repo.lockVote(trx, id, 'update');
  if (!v || v.status !== 'closed') return;
  await publishNow(trx, id, v.district_id, now);
  await insertAudit(trx, { districtId: v.district_id, actorId: null, action: 'vote.publish', targetType: 'owner_vote', targetId: id, result: 'ok', ip: null, detail: { by: 'timer' } });
}

/** Anyone who may see the vote can recount it from the ballots and compare with the published result. */
export async function recount(deps: Deps, caller: Caller, id: number) {
  const vote = await visibleVote(deps, caller, id);
  const staff = isStaffFor(caller, vote.scope_path);
  if (!staff && vote.status !== 'published') throw new AppError('VOTE_WRONG_STATUS', { status: vote.status });
  const fresh = await countFromBallots(deps.db, id, vote.item as Art278Item, vote.follow_majority);
  const stored = (vote.result as Tally | null) ?? null;
  const ballots = (await repo.ballotsOf(deps.db, id)).length;
  return { matches: stored !== null && isDeepStrictEqual(stored, JSON.parse(JSON.stringify(fresh))), published: stored as TallyDto | null, recount: fresh as TallyDto, ballots };
}

/** Staff: who has voted and who has not (by owner), and for an open ballot what each chose; never for a secret one. */
export async function participation(deps: Deps, caller: Caller, id: number) {
  const vote = await managedVote(deps, caller, id);
  const rows = await repo.participationList(deps.db, id);
  const choices = new Map<string, 'for' | 'against' | 'abstain'>();
  if (!vote.secret) for (const b of await repo.ballotsOf(deps.db, id)) choices.set(b.token, b.choice);
  await deps.db.transaction().execute((trx) => auditAction(trx, caller, 'vote.participation.read', { type: 'owner_vote', id }));
  return {
    items: rows.filter((r) => r.channel).map((r) => ({ ownerName: r.owner_name, units: r.units, areaCenti: r.area, channel: r.channel!, paperRef: r.paper_ref, choice: choices.get(r.voter_key) ?? null })),
    notVoted: rows.filter((r) => !r.channel).map((r) => ({ ownerName: r.owner_name, ownerId: r.owner_id, units: r.units, areaCenti: r.area })),
  };
}

export async function listVotes(deps: Deps, caller: Caller) {
  const rows = await repo.listVotesInScope(deps.db, scopeFor(caller.roles, 'votes.manage'));
  return { items: await Promise.all(rows.map((r) => toDto(deps, caller, r))) };
}

/** H5: the announced and later votes over the places I live in. */
export async function myVotes(deps: Deps, caller: Caller) {
  const rows = await repo.listVotesOver(deps.db, caller.districtId, homePaths(caller));
  return { items: await Promise.all(rows.map((r) => toDto(deps, caller, r))) };
}

export async function getVote(deps: Deps, caller: Caller, id: number): Promise<VoteDto> {
  return toDto(deps, caller, await visibleVote(deps, caller, id));
}

function isStaffFor(caller: Caller, path: string) {
  return hasPermission(caller.roles, 'votes.manage') && pathInScope(scopeFor(caller.roles, 'votes.manage'), path);
}

/** Staff in scope see every vote; residents and owners see announced votes over where they live. */
export async function visibleVote(deps: Deps, caller: Caller, id: number): Promise<repo.VoteRow> {
  const vote = await repo.findVote(deps.db, id);
  if (!vote || vote.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
  if (isStaffFor(caller, vote.scope_path)) return vote;
  if (vote.status !== 'draft' && homePaths(caller).some((h) => h.startsWith(vote.scope_path))) return vote;
  // A registered authorised agent sees the vote they cast in for an owner.
  if (vote.status !== 'draft' && (await repo.proxiesHeldBy(deps.db, id, caller.personId)).length > 0) return vote;
  throw new AppError('NOT_FOUND');
}

export async function managedVote(deps: Deps, caller: Caller, id: number): Promise<repo.VoteRow> {
  const vote = await repo.findVote(deps.db, id);
  if (!vote || vote.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
  assertInScope(scopeFor(caller.roles, 'votes.manage'), vote.scope_path);
  return vote;
}

async function toDto(deps: Deps, caller: Caller, v: repo.VoteRow): Promise<VoteDto> {
  const staff = isStaffFor(caller, v.scope_path);
  const live = v.status === 'open' || v.status === 'closed';
  let result: TallyDto | null = null;
  // Staff see the count live (a secret vote's tally says nothing about who chose what); owners only once published.
  if (v.status === 'published' || (staff && v.status === 'closed')) result = v.result as TallyDto;
  else if (staff && v.status === 'open') result = (await countFromBallots(deps.db, v.id, v.item as Art278Item, v.follow_majority)) as TallyDto;
  const turnout = live || v.status === 'published' ? await repo.turnoutOf(deps.db, v.id) : null;
  return {
    id: v.id,
    scope: { id: v.scope_place_id, name: v.scope_name, kind: v.scope_kind },
    compoundId: v.compound_id,
    item: v.item,
    title: v.title,
    description: v.description,
    topicId: v.topic_id,
    extraordinary: v.extraordinary,
    secret: v.secret,
    followMajorityAllowed: v.follow_majority,
    windowDays: v.window_days,
    status: v.status,
    announcedAt: iso(v.announced_at),
    noticeEndsAt: iso(v.notice_ends_at),
    openedAt: iso(v.opened_at),
    closesAt: iso(v.closes_at),
    closedAt: iso(v.closed_at),
    publishDueAt: iso(v.publish_due_at),
    publishedAt: iso(v.published_at),
    turnout,
    result,
    mine: v.status === 'draft' || v.status === 'announced' ? null : await mine(deps, caller, v),
  };
}

/** The caller's own part: whether they voted, their choice (recomputed from their key while the vote is open). */
async function mine(deps: Deps, caller: Caller, v: repo.VoteRow): Promise<VoteDto['mine']> {
  const keys = await repo.voterKeysOf(deps.db, v.id, caller.personId);
  const proxyFor = (await repo.proxiesHeldBy(deps.db, v.id, caller.personId)).map((p) => ({ ownerId: Number(p.owner_id), name: p.name }));
  if (keys.length === 0) return proxyFor.length ? { canVote: false, voted: false, choice: null, channel: null, undoUntil: null, proxyFor } : null;
  const key = keys.find((k) => k !== 'developer') ?? keys[0]!;
  const p = await repo.findParticipation(deps.db, v.id, key);
  let choice: 'for' | 'against' | 'abstain' | null = null;
  if (p && v.status === 'open') {
    const locked = await repo.lockVote(deps.db, v.id, 'share');
    choice = (await repo.findBallot(deps.db, v.id, ballotToken({ id: v.id, secret: v.secret, ballot_key: locked!.ballot_key }, key)))?.choice ?? null;
  } else if (p && !v.secret) {
    choice = (await repo.findBallot(deps.db, v.id, key))?.choice ?? null;
  }
  const undoUntil = p && p.channel === 'online' && v.status === 'open' ? new Date(p.first_cast_at.getTime() + UNDO_MS) : null;
  return {
    canVote: v.status === 'open' && deps.clock.now() < v.closes_at!,
    voted: !!p,
    choice,
    channel: p?.channel ?? null,
    undoUntil: undoUntil && undoUntil > deps.clock.now() ? undoUntil.toISOString() : null,
    proxyFor,
  };
}
