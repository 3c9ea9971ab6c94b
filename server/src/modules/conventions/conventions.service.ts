import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { assertInScope, hasPermission, pathInScope, scopeFor } from '../../platform/scope.ts';
import { livesUnder } from '../people/index.ts';
import { draftLinkedVote, linkedVoteStates } from '../votes/index.ts';
import * as repo from './conventions.repository.ts';
import type { ConventionDto, CreateConventionInput, FilingDto, VersionDto } from './conventions.schemas.ts';
import { diffStats, lineDiff } from './line-diff.ts';

/**
 * 小区公约 / 管理规约 (民法典 第278条 第(二)项: adopting or changing the management covenant is the owners' joint
 * decision). Staff draft a version; it is put to an owners' vote (item 2); when that vote's result is published and
 * passed, the version comes into force and the one before it is superseded; a failed vote leaves the version
 * rejected and the old one in force. Residents acknowledge the version in force (已阅知悉); the community files it
 * with the street (备案), which accepts it or returns it with a reason.
 */

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const homePaths = (caller: Caller) => caller.roles.filter((r) => r.role === 'resident' || r.role === 'owner').map((r) => r.placePath);
const managedBy = (caller: Caller, path: string) => hasPermission(caller.roles, 'conventions.manage') && pathInScope(scopeFor(caller.roles, 'conventions.manage'), path);

/**
 * Settles versions under vote whose vote has been published (by staff or by the 3-day timer): passed → in force
 * (the previous in-force version superseded at the same instant), failed → rejected. Idempotent; run before reads
 * and writes, like the deliberation module pulls in its topics.
 */
export async function settleVotedVersions(deps: Deps, districtId: number): Promise<number> {
  const voting = await repo.votingVersions(deps.db, districtId);
  if (voting.length === 0) return 0;
  const states = await linkedVoteStates(deps.db, voting.map((v) => Number(v.owner_vote_id)));
  const now = deps.clock.now();
  let settled = 0;
  for (const v of voting) {
    const state = states.get(Number(v.owner_vote_id));
    if (!state || state.passed === null) continue;
    await deps.db.transaction().execute(async (trx) => {
      await repo.lockConvention(trx, Number(v.convention_id));
      const locked = await repo.lockVersion(trx, Number(v.id));
      if (locked?.status !== 'voting') return;
      if (state.passed) {
        const previous = await repo.inForceVersion(trx, Number(v.convention_id));
        if (previous) await repo.setVersion(trx, Number(previous.id), { status: 'superseded', at: now });
        await repo.setVersion(trx, Number(v.id), { status: 'in_force', at: now });
        await emitEvent(trx, districtId, 'convention.in_force', { conventionId: Number(v.convention_id), versionId: Number(v.id), voteId: state.id });
      } else {
        await repo.setVersion(trx, Number(v.id), { status: 'rejected' });
      }
      settled++;
    });
  }
  return settled;
}

export async function createConvention(deps: Deps, caller: Caller, input: CreateConventionInput): Promise<ConventionDto> {
  const place = await repo.findPlace(deps.db, input.compoundId);
  if (!place || place.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
  assertInScope(scopeFor(caller.roles, 'conventions.manage'), place.path);
  if (place.kind !== 'compound') throw new AppError('PLACE_KIND_MISMATCH', { expected: 'compound' });
  const now = deps.clock.now();
  const id = await deps.db.transaction().execute(async (trx) => {
    const conventionId = await repo.insertConvention(trx, { districtId: place.district_id, compoundId: place.id, compoundPath: place.path, title: input.title, by: caller.personId, now });
    await repo.insertVersion(trx, { districtId: place.district_id, conventionId, body: input.body, changeNote: '初稿', by: caller.personId, now });
    await auditAction(trx, caller, 'convention.create', { type: 'convention', id: conventionId }, { compoundId: place.id });
    return conventionId;
  });
  return getConvention(deps, caller, id);
}

/** A new version (full text) while no other version is pending; its diff against the latest is shown on read. */
export async function addVersion(deps: Deps, caller: Caller, id: number, input: { body: string; changeNote: string }): Promise<ConventionDto> {
  const c = await managedConvention(deps, caller, id);
  await deps.db.transaction().execute(async (trx) => {
    await repo.lockConvention(trx, c.id);
    if (await repo.pendingVersion(trx, c.id)) throw new AppError('CONVENTION_VERSION_PENDING');
    const versionId = await repo.insertVersion(trx, { districtId: c.district_id, conventionId: c.id, body: input.body, changeNote: input.changeNote, by: caller.personId, now: deps.clock.now() });
    await auditAction(trx, caller, 'convention.version.add', { type: 'convention_version', id: versionId }, { conventionId: c.id });
  });
  return getConvention(deps, caller, id);
}

/** 提交业主表决: a draft version goes to an owners' vote on art. 278 item 2, drafted here; staff announce and open it. */
export async function putToVote(deps: Deps, caller: Caller, id: number, versionId: number, input: { windowDays: number }): Promise<ConventionDto> {
  const c = await managedConvention(deps, caller, id);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await repo.lockConvention(trx, c.id);
    const v = await repo.lockVersion(trx, versionId);
    if (!v || Number(v.convention_id) !== c.id) throw new AppError('NOT_FOUND');
    if (v.status !== 'draft') throw new AppError('CONVENTION_VERSION_WRONG_STATUS', { status: v.status });
    const full = await repo.findVersion(trx, versionId);
    const voteId = await draftLinkedVote(trx, {
      districtId: c.district_id, compound: { id: c.compound_id, path: c.compound_path }, item: 2, title: `表决《${c.title}》第${full!.version_no}版`.slice(0, 100),
      description: `业主共同决定制定或修改管理规约（民法典第278条第二项）：《${c.title}》第${full!.version_no}版。全文及与上一版的差异见“小区公约”。`,
      windowDays: input.windowDays, createdBy: caller.personId, now,
    });
    await repo.setVersion(trx, versionId, { status: 'voting', ownerVoteId: voteId });
    await auditAction(trx, caller, 'convention.version.vote', { type: 'convention_version', id: versionId }, { voteId });
  });
  return getConvention(deps, caller, id);
}

/** 已阅知悉: a resident or owner of the compound confirms having read the version in force, once. */
export async function acknowledge(deps: Deps, caller: Caller, versionId: number): Promise<ConventionDto> {
  await settleVotedVersions(deps, caller.districtId);
  const v = await repo.findVersion(deps.db, versionId);
  if (!v || v.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
  if (!(await livesUnder(deps.db, caller.personId, v.compound_path, deps.clock.now()))) throw new AppError('NOT_FOUND');
  if (v.status !== 'in_force') throw new AppError('CONVENTION_NOT_IN_FORCE');
  await deps.db.transaction().execute(async (trx) => {
    const inserted = await repo.insertAcknowledgement(trx, { districtId: v.district_id, versionId, personId: caller.personId, now: deps.clock.now() });
    if (!inserted) throw new AppError('CONVENTION_ALREADY_ACKNOWLEDGED');
    await auditAction(trx, caller, 'convention.acknowledge', { type: 'convention_version', id: versionId });
  });
  return getConvention(deps, caller, Number(v.convention_id));
}

/** 备案: the community submits the version in force to the street; one pending or accepted filing per version. */
export async function submitFiling(deps: Deps, caller: Caller, id: number, versionId: number): Promise<ConventionDto> {
  const c = await managedConvention(deps, caller, id);
  const v = await repo.findVersion(deps.db, versionId);
  if (!v || Number(v.convention_id) !== c.id) throw new AppError('NOT_FOUND');
  if (v.status !== 'in_force') throw new AppError('CONVENTION_NOT_IN_FORCE');
  await deps.db.transaction().execute(async (trx) => {
    const filingId = await repo.insertFiling(trx, { districtId: c.district_id, versionId, by: caller.personId, now: deps.clock.now() });
    if (filingId === null) throw new AppError('CONVENTION_FILING_PENDING');
    await emitEvent(trx, c.district_id, 'convention.filing_submitted', { filingId, versionId });
    await auditAction(trx, caller, 'convention.filing.submit', { type: 'convention_filing', id: filingId }, { versionId });
  });
  return getConvention(deps, caller, id);
}

/** The street accepts a filing, or returns it with a reason (then the community may submit again). */
export async function decideFiling(deps: Deps, caller: Caller, filingId: number, decision: { accept: true } | { accept: false; reason: string }): Promise<FilingDto> {
  const f = await repo.findFiling(deps.db, filingId);
  if (!f) throw new AppError('NOT_FOUND');
  assertInScope(scopeFor(caller.roles, 'conventions.file'), f.compound_path);
  if (!decision.accept && decision.reason.trim().length === 0) throw new AppError('CONVENTION_RETURN_REASON_REQUIRED');
  await deps.db.transaction().execute(async (trx) => {
    const ok = await repo.decideFiling(trx, filingId, { status: decision.accept ? 'accepted' : 'returned', by: caller.personId, now: deps.clock.now(), reason: decision.accept ? null : decision.reason.trim() });
    if (!ok) throw new AppError('CONVENTION_FILING_WRONG_STATUS', { status: f.status });
    await auditAction(trx, caller, decision.accept ? 'convention.filing.accept' : 'convention.filing.return', { type: 'convention_filing', id: filingId });
  });
  return toFilingDto((await repo.findFiling(deps.db, filingId))!);
}

export async function listFilings(deps: Deps, caller: Caller, status?: 'submitted' | 'accepted' | 'returned') {
  const rows = await repo.filingsInScope(deps.db, caller.districtId, scopeFor(caller.roles, 'conventions.file'), status);
  return { items: rows.map(toFilingDto) };
}

export async function listConventions(deps: Deps, caller: Caller) {
  await settleVotedVersions(deps, caller.districtId);
  const rows = await repo.listInScope(deps.db, caller.districtId, scopeFor(caller.roles, 'conventions.manage'));
  return { items: await toDtos(deps, caller, rows) };
}

/** H5: the conventions of the compounds I live in (versions under vote, in force and superseded; no drafts). */
export async function myConventions(deps: Deps, caller: Caller) {
  await settleVotedVersions(deps, caller.districtId);
  const rows = await repo.listOver(deps.db, caller.districtId, homePaths(caller));
  return { items: await toDtos(deps, caller, rows) };
}

export async function getConvention(deps: Deps, caller: Caller, id: number): Promise<ConventionDto> {
  await settleVotedVersions(deps, caller.districtId);
  const c = await repo.findConvention(deps.db, id);
  if (!c || c.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
  if (!managedBy(caller, c.compound_path) && !homePaths(caller).some((h) => h.startsWith(c.compound_path))) {
    // The street sees what was filed with it.
    if (!(hasPermission(caller.roles, 'conventions.file') && pathInScope(scopeFor(caller.roles, 'conventions.file'), c.compound_path))) throw new AppError('NOT_FOUND');
  }
  return (await toDtos(deps, caller, [c]))[0]!;
}

async function managedConvention(deps: Deps, caller: Caller, id: number): Promise<repo.ConventionRow> {
  await settleVotedVersions(deps, caller.districtId);
  const c = await repo.findConvention(deps.db, id);
  if (!c || c.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
  assertInScope(scopeFor(caller.roles, 'conventions.manage'), c.compound_path);
  return c;
}

function toFilingDto(f: repo.FilingRow): FilingDto {
  return {
    id: Number(f.id), versionId: Number(f.version_id), versionNo: f.version_no, conventionId: Number(f.convention_id), title: f.title, compoundName: f.compound_name,
    status: f.status, submittedBy: f.submitted_by_name, submittedAt: f.submitted_at.toISOString(), decidedBy: f.decided_by_name, decidedAt: iso(f.decided_at), reason: f.reason,
  };
}

async function toDtos(deps: Deps, caller: Caller, rows: repo.ConventionRow[]): Promise<ConventionDto[]> {
  const versions = await repo.versionsOf(deps.db, rows.map((r) => Number(r.id)));
  const ids = versions.map((v) => Number(v.id));
  const [states, mine, filings] = await Promise.all([
    linkedVoteStates(deps.db, versions.flatMap((v) => (v.owner_vote_id ? [Number(v.owner_vote_id)] : []))),
    repo.acknowledgedBy(deps.db, ids, caller.personId),
    repo.filingsOfVersions(deps.db, ids),
  ]);
  return rows.map((c) => {
    const managed = managedBy(caller, c.compound_path);
    const own = versions.filter((v) => Number(v.convention_id) === Number(c.id));
    const out: VersionDto[] = [];
    own.forEach((v, i) => {
      // Residents read what is or was in force and what they are asked to vote on; drafts and rejected texts stay with staff.
      if (!managed && (v.status === 'draft' || v.status === 'rejected')) return;
      const before = i > 0 ? own[i - 1]! : null;
      const diff = before ? lineDiff(before.body, v.body) : null;
      const state = v.owner_vote_id ? states.get(Number(v.owner_vote_id)) : undefined;
      out.push({
        id: Number(v.id), versionNo: v.version_no, body: v.body, changeNote: v.change_note, status: v.status,
        vote: state ? { id: state.id, status: state.status, passed: state.passed } : null,
        createdAt: v.created_at.toISOString(), inForceAt: iso(v.in_force_at), supersededAt: iso(v.superseded_at),
        diff, diffStats: diff ? diffStats(diff) : null,
        acknowledgements: managed ? Number(v.acknowledgements ?? 0) : null,
        acknowledgedByMe: mine.has(Number(v.id)),
        filings: managed || hasPermission(caller.roles, 'conventions.file') ? filings.filter((f) => Number(f.version_id) === Number(v.id)).map(toFilingDto) : [],
      });
    });
    const inForce = own.find((v) => v.status === 'in_force');
    return {
      id: Number(c.id), compound: { id: Number(c.compound_id), name: c.compound_name }, title: c.title, createdAt: c.created_at.toISOString(),
      inForceVersionNo: inForce?.version_no ?? null, managed, versions: out,
    };
  });
}
