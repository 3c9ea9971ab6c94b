import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { notifyPerson } from '../../platform/notifications.ts';
import { assertInScope, hasPermission, scopeFor, type Scope } from '../../platform/scope.ts';
import { isInSpecialGroup, livesUnder } from '../people/index.ts';
import * as repo from './errands.repository.ts';
import type {
  ChecklistItem,
  CreateErrandInput,
  ErrandDto,
  ErrandsQuery,
  ErrandStats,
  ErrandStatsRow,
  UpdateErrandInput,
} from './errands.schemas.ts';

/** The special groups a proxy errand serves (DESIGN.md: elderly living alone, disability, low income). */
const SERVED_GROUPS = ['elderlyAlone', 'disability', 'lowIncome'] as const;
const PURPOSE = 'errand_eligibility';

type StoredItem = Omit<ChecklistItem, 'index'>;

export function errandDto(e: repo.ErrandRow): ErrandDto {
  const items = e.checklist as StoredItem[];
  return {
    id: e.id,
    compound: { id: e.compound_id, name: e.compound_name },
    resident: { id: e.resident_id, name: e.resident_name },
    handledBy: { id: e.commissioner_id, name: e.handler_name },
    title: e.title,
    checklist: items.map((c, index) => ({ index, item: c.item, kind: c.kind, done: c.done, doneAt: c.doneAt })),
    checklistDone: items.filter((c) => c.done).length,
    residentTrips: e.resident_trips,
    status: e.status as ErrandDto['status'],
    createdAt: e.created_at.toISOString(),
    doneAt: e.done_at ? e.done_at.toISOString() : null,
  };
}

/** 代办: registers an errand for an eligible resident of a compound in the caller's reach. */
export async function createErrand(deps: Deps, caller: Caller, input: CreateErrandInput): Promise<ErrandDto> {
  const scope = scopeFor(caller.roles, 'errands.handle');
  const compound = await repo.findPlace(deps.db, input.compoundId);
  assertInScope(scope, compound?.path);
  if (compound!.kind !== 'compound') throw new AppError('PLACE_KIND_MISMATCH', { expected: 'compound' });
  const now = deps.clock.now();
  if (!(await livesUnder(deps.db, input.residentId, compound!.path, now))) throw new AppError('NOT_A_RESIDENT');
  if (!(await isInSpecialGroup(deps, caller, input.residentId, SERVED_GROUPS, PURPOSE))) throw new AppError('NOT_ELIGIBLE_FOR_ERRAND');
  const checklist: StoredItem[] = input.checklist.map((c) => ({ item: c.item, kind: c.kind, done: false, doneAt: null }));
  const id = await deps.db.transaction().execute(async (trx) => {
    const errandId = await repo.insertErrand(trx, {
      district_id: compound!.district_id, compound_id: compound!.id, compound_path: compound!.path, resident_id: input.residentId,
      commissioner_id: caller.personId, title: input.title, checklist: JSON.stringify(checklist), created_at: now,
    });
    await notifyPerson(trx, compound!.district_id, input.residentId, { kind: 'errand.created', title: `已为您登记代办：${input.title}`, body: `经办人：${caller.name}`, link: `/h5/errands` }, now);
    await emitEvent(trx, compound!.district_id, 'errand.created', { errandId, compoundId: compound!.id });
    await auditAction(trx, caller, 'errand.create', { type: 'errand', id: errandId }, { compoundId: compound!.id, residentId: input.residentId });
    return errandId;
  });
  return errandDto((await repo.findErrand(deps.db, id))!);
}

async function errandInScope(deps: Deps, caller: Caller, id: number) {
  const scope = scopeFor(caller.roles, 'errands.handle');
  const e = await repo.findErrand(deps.db, id);
  assertInScope(scope, e?.compound_path);
  return e!;
}

export async function getErrand(deps: Deps, caller: Caller, id: number): Promise<ErrandDto> {
  return errandDto(await errandInScope(deps, caller, id));
}

/** Ticks checklist items, counts a trip the resident had to make in person, and opens, finishes or cancels the errand. */
export async function updateErrand(deps: Deps, caller: Caller, id: number, input: UpdateErrandInput): Promise<ErrandDto> {
  const e = await errandInScope(deps, caller, id);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const locked = (await repo.lockErrand(trx, id))!;
    if (locked.status !== 'open') throw new AppError('ERRAND_CLOSED');
    const items = (locked.checklist as StoredItem[]).map((c) => ({ ...c }));
    const badIndex = (input.checklist ?? []).findIndex((c) => c.index >= items.length);
    if (badIndex >= 0) throw new AppError('VALIDATION_FAILED', {}, { issues: [{ path: ['checklist', badIndex, 'index'], message: `no item ${input.checklist![badIndex]!.index}` }] });
    for (const c of input.checklist ?? []) {
      const item = items[c.index]!;
      if (item.done !== c.done) Object.assign(item, { done: c.done, doneAt: c.done ? now.toISOString() : null });
    }
    const status = input.status ?? 'open';
    if (status === 'done') {
      const missing = items.filter((c) => !c.done).length;
      if (missing > 0) throw new AppError('ERRAND_INCOMPLETE', { count: missing });
    }
    const trips = locked.resident_trips + (input.residentTripsDelta ?? 0);
    await repo.updateErrand(trx, id, { checklist: JSON.stringify(items), resident_trips: trips, status, ...(status === 'done' ? { done_at: now } : {}) });
    if (status === 'done') {
      await notifyPerson(trx, e.district_id, e.resident_id, { kind: 'errand.done', title: `代办已办结：${e.title}`, link: `/h5/errands` }, now);
      await emitEvent(trx, e.district_id, 'errand.done', { errandId: id, compoundId: e.compound_id, residentTrips: trips });
    }
    await auditAction(trx, caller, 'errand.update', { type: 'errand', id }, {
      items: (input.checklist ?? []).length, residentTripsDelta: input.residentTripsDelta ?? 0, status,
    });
  });
  return errandDto((await repo.findErrand(deps.db, id))!);
}

/** The place a query names (it must be in reach), or undefined for the whole scope. */
async function placeInScope(deps: Deps, scope: Scope, placeId: number | undefined) {
  if (placeId === undefined) return undefined;
  const place = await repo.findPlace(deps.db, placeId);
  assertInScope(scope, place?.path);
  return place!;
}

export async function listErrands(deps: Deps, caller: Caller, q: ErrandsQuery) {
  const scope = scopeFor(caller.roles, 'errands.handle');
  const place = await placeInScope(deps, scope, q.placeId);
  const page = await repo.listErrands(deps.db, scope, { placePath: place?.path, status: q.status, page: q.page, pageSize: q.pageSize });
  return { total: page.total, items: page.items.map(errandDto) };
}

/** A resident's own errands (H5). */
export async function myErrands(deps: Deps, caller: Caller) {
  return { items: (await repo.listForResident(deps.db, caller.personId, 100)).map(errandDto) };
}

/** Errand statistics reach those who run errands and those who read the cockpit, each in their own subtree. */
function statsScope(caller: Caller): Scope {
  const paths = (['errands.handle', 'cockpit.read'] as const).flatMap((p) => (hasPermission(caller.roles, p) ? scopeFor(caller.roles, p).paths : []));
  if (paths.length === 0) throw new AppError('FORBIDDEN');
  const sorted = [...new Set(paths)].sort((a, b) => a.length - b.length);
  return { paths: sorted.filter((p, i) => !sorted.slice(0, i).some((m) => p.startsWith(m))) };
}

function statsOf(rows: repo.StatsRow[]): ErrandStatsRow {
  const sum = (k: keyof repo.StatsRow) => rows.reduce((n, r) => n + Number(r[k]), 0);
  const done = sum('done');
  const within = sum('done_within_one_trip');
  return {
    errands: sum('errands'),
    open: sum('open'),
    done,
    cancelled: sum('cancelled'),
    residentTrips: sum('resident_trips'),
    tripsPerDoneErrand: done ? Math.round((sum('done_trips') / done) * 100) / 100 : null,
    doneWithinOneTrip: within,
    oneTripShare: done ? Math.round((within / done) * 1000) / 1000 : null,
  };
}

/** 最多跑一次: trips per errand and the share of done errands that needed at most one trip, per place under `placeId`. */
export async function errandStats(deps: Deps, caller: Caller, placeId: number | undefined): Promise<ErrandStats> {
  const scope = statsScope(caller);
  const id = placeId ?? Number(scope.paths[0]!.split('/').filter(Boolean).at(-1));
  const place = (await placeInScope(deps, scope, id))!;
  const rows = await repo.errandStats(deps.db, scope, place);
  const names = new Map((await repo.findPlaces(deps.db, rows.map((r) => Number(r.place_id)))).map((p) => [p.id, p.name]));
  return {
    place: { id: place.id, name: place.name },
    total: statsOf(rows),
    places: rows.map((r) => ({ place: { id: Number(r.place_id), name: names.get(Number(r.place_id)) ?? '' }, ...statsOf([r]) })),
  };
}
