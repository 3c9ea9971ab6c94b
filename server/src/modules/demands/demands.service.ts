import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { assertInScope, scopeFor, type Scope } from '../../platform/scope.ts';
import { recurringCategories } from '../requests/index.ts';
import * as repo from './demands.repository.ts';
import type { AssessInput, ConvertInput, CreateDemandInput, DemandDto, DemandsQuery, RefreshInput } from './demands.schemas.ts';

const DAY = 24 * 60 * 60 * 1000;

/** Where a need came from, as a link: recurring requests open the queue filtered to that compound and category. */
function linkOf(d: repo.DemandRow): string | null {
  const [source, a, b] = d.source_key.split(':');
  if (source === 'requests') return `/requests?compoundId=${a}&categoryId=${b}`;
  if (source === 'wish' && a && /^\d+$/.test(a)) return `/wishes?id=${a}`;
  if (source === 'survey' && a && /^\d+$/.test(a)) return `/surveys?id=${a}`;
  return null;
}

export function demandDto(d: repo.DemandRow): DemandDto {
  return {
    id: d.id,
    place: { id: d.place_id, name: d.place_name },
    source: d.source as DemandDto['source'],
    title: d.title,
    description: d.description,
    occurrences: d.occurrences,
    lastSeenAt: d.last_seen_at.toISOString(),
    urgency: d.urgency,
    peopleAffected: d.people_affected,
    assessmentNote: d.assessment_note,
    status: d.status as DemandDto['status'],
    converted: d.converted_kind ? { kind: d.converted_kind as 'wish', ref: d.converted_ref ?? '' } : null,
    link: linkOf(d),
  };
}

async function placeIn(deps: Deps, scope: Scope, placeId: number) {
  const place = await repo.findPlace(deps.db, placeId);
  assertInScope(scope, place?.path);
  return place!;
}

/**
 * 汇总: request categories that recur in a compound become needs, one per compound and category (the source key
 * dedups them); a second refresh only updates the counts.
 */
export async function refreshFromRequests(deps: Deps, caller: Caller, input: RefreshInput) {
  const scope = scopeFor(caller.roles, 'demands.manage');
  const place = await placeIn(deps, scope, input.placeId);
  const now = deps.clock.now();
  const rows = await recurringCategories(deps.db, { districtId: place.district_id, placePath: place.path, since: new Date(now.getTime() - input.days * DAY), minCount: input.minCount });
  return deps.db.transaction().execute(async (trx) => {
    let created = 0;
    for (const r of rows) {
      const res = await repo.upsertDemand(trx, {
        district_id: place.district_id, place_id: r.compoundId, place_path: r.compoundPath, source: 'requests', source_key: `requests:${r.compoundId}:${r.categoryId}`,
        title: `反复出现的诉求：${r.categoryName}`, description: `最近 ${input.days} 天 ${r.count} 条（最新编号 ${r.requestIds.join('、')}）`,
        occurrences: r.count, last_seen_at: r.lastAt, created_by: caller.personId, created_at: now, updated_at: now,
      }, 'set');
      if (res.created) {
        created++;
        await emitEvent(trx, place.district_id, 'demand.created', { demandId: res.id, placeId: r.compoundId, source: 'requests', categoryId: r.categoryId });
      }
    }
    await auditAction(trx, caller, 'demand.refresh', { type: 'place', id: place.id }, { found: rows.length, created });
    return { found: rows.length, created, updated: rows.length - created };
  });
}

/** A need found on a visit, in a survey or behind a wish; the same source (or the same title at the same place) is counted, not duplicated. */
export async function createDemand(deps: Deps, caller: Caller, input: CreateDemandInput): Promise<DemandDto> {
  const scope = scopeFor(caller.roles, 'demands.manage');
  const place = await placeIn(deps, scope, input.placeId);
  if (!['community', 'compound'].includes(place.kind)) throw new AppError('PLACE_KIND_MISMATCH', { expected: 'community / compound' });
  const now = deps.clock.now();
  const key = input.sourceRef ? `${input.source}:${input.sourceRef}` : `${input.source}:${place.id}:${input.title.replace(/\s+/g, '')}`;
  const id = await deps.db.transaction().execute(async (trx) => {
    const res = await repo.upsertDemand(trx, {
      district_id: place.district_id, place_id: place.id, place_path: place.path, source: input.source, source_key: key, title: input.title,
      description: input.description ?? null, last_seen_at: now, created_by: caller.personId, created_at: now, updated_at: now,
    }, 'increment');
    if (res.created) await emitEvent(trx, place.district_id, 'demand.created', { demandId: res.id, placeId: place.id, source: input.source });
    await auditAction(trx, caller, 'demand.create', { type: 'demand', id: res.id }, { source: input.source, duplicate: !res.created });
    return res.id;
  });
  return demandDto((await repo.findDemand(deps.db, id))!);
}

async function inScope(deps: Deps, caller: Caller, id: number) {
  const d = await repo.findDemand(deps.db, id);
  assertInScope(scopeFor(caller.roles, 'demands.manage'), d?.place_path);
  return d!;
}

/** 评估: urgency and people affected; a converted or closed need is not reassessed. */
export async function assessDemand(deps: Deps, caller: Caller, id: number, input: AssessInput): Promise<DemandDto> {
  await inScope(deps, caller, id);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const locked = (await repo.lockDemand(trx, id))!;
    if (locked.status === 'converted' || locked.status === 'closed') throw new AppError('DEMAND_CLOSED', { status: locked.status });
    await repo.updateDemand(trx, id, { urgency: input.urgency, people_affected: input.peopleAffected, assessment_note: input.note ?? null, status: 'assessed', updated_at: now });
    await auditAction(trx, caller, 'demand.assess', { type: 'demand', id }, { urgency: input.urgency, peopleAffected: input.peopleAffected });
  });
  return demandDto((await repo.findDemand(deps.db, id))!);
}

/**
 * 转化: the need becomes a wish, an activity or a project. The link is kept as kind + id; the event
 * `demand.converted` lets the target module (which may not exist yet) create or attach its record.
 */
export async function convertDemand(deps: Deps, caller: Caller, id: number, input: ConvertInput): Promise<DemandDto> {
  const d = await inScope(deps, caller, id);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const locked = (await repo.lockDemand(trx, id))!;
    if (locked.status === 'converted' || locked.status === 'closed') throw new AppError('DEMAND_CLOSED', { status: locked.status });
    const ref = `${input.kind}:${input.targetId ?? 'pending'}`;
    await repo.updateDemand(trx, id, { status: 'converted', converted_kind: input.kind, converted_ref: ref, updated_at: now });
    await emitEvent(trx, d.district_id, 'demand.converted', { demandId: id, kind: input.kind, targetId: input.targetId ?? null, placeId: d.place_id, title: d.title, description: d.description });
    await auditAction(trx, caller, 'demand.convert', { type: 'demand', id }, { kind: input.kind, targetId: input.targetId ?? null });
  });
  return demandDto((await repo.findDemand(deps.db, id))!);
}

export async function listDemands(deps: Deps, caller: Caller, q: DemandsQuery) {
  const scope = scopeFor(caller.roles, 'demands.manage');
  const place = q.placeId === undefined ? undefined : await placeIn(deps, scope, q.placeId);
  const page = await repo.listDemands(deps.db, scope, { placePath: place?.path, status: q.status, page: q.page, pageSize: q.pageSize });
  return { total: page.total, items: page.items.map(demandDto) };
}

/**
 * For a module that creates the target itself (projects): reads a need in the caller's reach, then marks it
 * converted inside that module's transaction, so the project and the link are written together or not at all.
 */
export async function demandForConversion(deps: Deps, caller: Caller, id: number): Promise<DemandDto & { placePath: string }> {
  const d = await inScope(deps, caller, id);
  if (d.status === 'converted' || d.status === 'closed') throw new AppError('DEMAND_CLOSED', { status: d.status });
  return { ...demandDto(d), placePath: d.place_path };
}

export async function convertDemandInTransaction(trx: Transaction<Database>, caller: Caller, id: number, kind: ConvertInput['kind'], targetId: number, at: Date): Promise<void> {
  const locked = await repo.lockDemand(trx, id);
  if (!locked) throw new AppError('NOT_FOUND');
  if (locked.status === 'converted' || locked.status === 'closed') throw new AppError('DEMAND_CLOSED', { status: locked.status });
  await repo.updateDemand(trx, id, { status: 'converted', converted_kind: kind, converted_ref: `${kind}:${targetId}`, updated_at: at });
  await emitEvent(trx, caller.districtId, 'demand.converted', { demandId: id, kind, targetId });
  await auditAction(trx, caller, 'demand.convert', { type: 'demand', id }, { kind, targetId });
}
