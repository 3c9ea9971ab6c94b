import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { assertInScope, pathInScope, scopeFor, type Scope } from '../../platform/scope.ts';
import { fileAnnualReport, scheduleAnnualReports } from './annual-reports.ts';
import * as repo from './organisations.repository.ts';
import type { IncubationInput, OrganisationDto, OrganisationInput, OrganisationsQuery, ServiceCategory } from './organisations.schemas.ts';

/** The day in Beijing time (annual-report deadlines are calendar days there). */
function beijingDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * 社会团体年度报告: a registered group reports by 3/31 to its sponsor and by 5/31 to the registrar (社会团体登记
 * 管理条例 Art 28). The next two deadlines from today; filed and community-guided groups have none.
 */
export function annualReportDue(status: string, at: Date): string[] {
  if (status !== 'registered') return [];
  const today = beijingDay(at);
  const year = Number(today.slice(0, 4));
  return ['03-31', '05-31'].map((md) => (`${year}-${md}` >= today ? `${year}-${md}` : `${year + 1}-${md}`)).sort();
}

async function named(deps: Deps, ids: number[]) {
  const rows = await repo.placesByIds(deps.db, ids);
  return ids.map((id) => rows.find((r) => r.id === id)).filter((r) => r !== undefined).map((r) => ({ id: r.id, name: r.name }));
}

export async function organisationDto(deps: Deps, o: repo.OrganisationRow): Promise<OrganisationDto> {
  return {
    id: o.id,
    name: o.name,
    status: o.status,
    personInCharge: o.person_in_charge,
    charter: o.charter,
    categories: o.categories as ServiceCategory[],
    place: { id: o.place_id, name: o.place_name },
    placesServed: await named(deps, o.places_served.map(Number)),
    memberCount: o.member_count,
    isHub: o.is_hub,
    hub: o.hub_id ? { id: o.hub_id, name: o.hub_name ?? '' } : null,
    registeredOn: o.registered_on,
    directoryCategories: o.directory_categories as ServiceCategory[],
    annualReportDue: annualReportDue(o.status, deps.clock.now()),
  };
}

async function placeIn(deps: Deps, scope: Scope, placeId: number) {
  const place = await repo.findPlace(deps.db, placeId);
  assertInScope(scope, place?.path);
  return place!;
}

/** The places an organisation serves lie under the place it is registered at, or under the caller's reach. */
async function checkInput(deps: Deps, scope: Scope, caller: Caller, input: OrganisationInput, selfId?: number) {
  const place = await placeIn(deps, scope, input.placeId);
  if (!['district', 'street', 'community'].includes(place.kind)) throw new AppError('PLACE_KIND_MISMATCH', { expected: 'district / street / community' });
  const served = await repo.placesByIds(deps.db, input.placesServed);
  if (served.length !== new Set(input.placesServed).size || served.some((p) => !pathInScope(scope, p.path) && !p.path.startsWith(place.path))) throw new AppError('NOT_FOUND');
  if (input.hubId !== null) {
    const hub = await repo.findOrganisation(deps.db, input.hubId);
    if (!hub || hub.district_id !== caller.districtId || hub.id === selfId) throw new AppError('NOT_FOUND');
    if (!hub.is_hub) throw new AppError('HUB_NOT_A_HUB');
  }
  const same = await repo.findByName(deps.db, caller.districtId, input.name);
  if (same && same.id !== selfId) throw new AppError('ORGANISATION_NAME_TAKEN', { name: input.name });
  return place;
}

function columnsOf(input: OrganisationInput) {
  return {
    name: input.name, status: input.status, person_in_charge: input.personInCharge, charter: input.charter, categories: JSON.stringify(input.categories),
    places_served: JSON.stringify(input.placesServed), member_count: input.memberCount, is_hub: input.isHub, hub_id: input.hubId, registered_on: input.registeredOn,
  };
}

export async function createOrganisation(deps: Deps, caller: Caller, input: OrganisationInput): Promise<OrganisationDto> {
  const scope = scopeFor(caller.roles, 'organisations.manage');
  const place = await checkInput(deps, scope, caller, input);
  const now = deps.clock.now();
  const id = await deps.db.transaction().execute(async (trx) => {
    const newId = await repo.insertOrganisation(trx, { district_id: caller.districtId, place_id: place.id, place_path: place.path, ...columnsOf(input), created_by: caller.personId, created_at: now, updated_at: now });
    await scheduleAnnualReports(trx, { id: newId, district_id: caller.districtId, status: input.status }, now);
    await auditAction(trx, caller, 'organisation.create', { type: 'organisation', id: newId }, { status: input.status });
    return newId;
  });
  return organisationDto(deps, (await repo.findOrganisation(deps.db, id))!);
}

async function manageable(deps: Deps, caller: Caller, id: number) {
  const o = await repo.findOrganisation(deps.db, id);
  if (o && o.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
  assertInScope(scopeFor(caller.roles, 'organisations.manage'), o?.place_path);
  return o!;
}

export async function updateOrganisation(deps: Deps, caller: Caller, id: number, input: OrganisationInput): Promise<OrganisationDto> {
  await manageable(deps, caller, id);
  const scope = scopeFor(caller.roles, 'organisations.manage');
  const place = await checkInput(deps, scope, caller, input, id);
  await deps.db.transaction().execute(async (trx) => {
    await repo.updateOrganisation(trx, id, { place_id: place.id, place_path: place.path, ...columnsOf(input), updated_at: deps.clock.now() });
    // Becoming a registered group starts its annual-report reminders (existing deadlines stay as they are).
    await scheduleAnnualReports(trx, { id, district_id: caller.districtId, status: input.status }, deps.clock.now());
    await auditAction(trx, caller, 'organisation.update', { type: 'organisation', id }, { status: input.status });
  });
  return organisationDto(deps, (await repo.findOrganisation(deps.db, id))!);
}

export async function getOrganisation(deps: Deps, caller: Caller, id: number) {
  const o = await repo.findOrganisation(deps.db, id);
  if (!o || o.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
  scopeFor(caller.roles, 'organisations.read');
  const [incubations, members, incubated, ratings, reports] = await Promise.all([
    repo.incubationsOf(deps.db, id), repo.membersOf(deps.db, id), repo.incubatedBy(deps.db, id), repo.ratingsOf(deps.db, id), repo.annualReportsOf(deps.db, id),
  ]);
  return {
    ...(await organisationDto(deps, o)),
    ratings,
    annualReports: reports.map((r) => ({
      id: r.id, deadline: r.deadline, addressee: r.addressee, filedOn: r.filed_on,
      remindedBeforeAt: r.reminded_before_at?.toISOString() ?? null, remindedOverdueAt: r.reminded_overdue_at?.toISOString() ?? null,
    })),
    incubations: incubations.map((i) => ({ id: i.id, mode: i.mode, hub: i.hub_id ? { id: i.hub_id, name: i.hub_name ?? '' } : null, startedOn: i.started_on, mentorNote: i.mentor_note, graduatedOn: i.graduated_on })),
    members,
    incubated,
  };
}

/**
 * The registry reads district-wide for anyone who may read it: matching a need to an organisation crosses
 * community lines (an organisation of one community often serves the next), and the registry holds no personal
 * data beyond the person in charge, which the public page shows anyway.
 */
export async function listOrganisations(deps: Deps, caller: Caller, q: OrganisationsQuery) {
  scopeFor(caller.roles, 'organisations.read');
  const district = await repo.findPlace(deps.db, caller.districtId);
  let servesAncestors: number[] | undefined;
  if (q.servesPlaceId !== undefined) {
    const p = await repo.findPlace(deps.db, q.servesPlaceId);
    if (!p || p.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
    servesAncestors = p.path.split('/').filter(Boolean).map(Number);
  }
  const page = await repo.listOrganisations(deps.db, { paths: [district!.path] }, { districtId: caller.districtId, q: q.q, status: q.status, category: q.category, servesAncestors, page: q.page, pageSize: q.pageSize });
  return { total: page.total, items: await Promise.all(page.items.map((o) => organisationDto(deps, o))) };
}

export async function addIncubation(deps: Deps, caller: Caller, id: number, input: IncubationInput) {
  const o = await manageable(deps, caller, id);
  const hubId = input.hubId ?? o.hub_id;
  if (hubId !== null) {
    const hub = await repo.findOrganisation(deps.db, hubId);
    if (!hub || hub.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
    if (!hub.is_hub) throw new AppError('HUB_NOT_A_HUB');
  }
  await deps.db.transaction().execute(async (trx) => {
    const iid = await repo.insertIncubation(trx, { district_id: caller.districtId, organisation_id: id, hub_id: hubId, mode: input.mode, started_on: input.startedOn, mentor_note: input.mentorNote, created_at: deps.clock.now() });
    await auditAction(trx, caller, 'organisation.incubate', { type: 'organisation', id }, { incubationId: iid, mode: input.mode });
  });
  return getOrganisation(deps, caller, id);
}

export async function graduateIncubation(deps: Deps, caller: Caller, id: number, incubationId: number, input: { graduatedOn: string; mentorNote?: string }) {
  await manageable(deps, caller, id);
  await deps.db.transaction().execute(async (trx) => {
    const inc = await repo.findIncubation(trx, id, incubationId);
    if (!inc) throw new AppError('NOT_FOUND');
    if (inc.graduated_on !== null) throw new AppError('CONFLICT');
    await repo.graduate(trx, incubationId, input.graduatedOn, input.mentorNote);
    await auditAction(trx, caller, 'organisation.graduate', { type: 'organisation', id }, { incubationId });
  });
  return getOrganisation(deps, caller, id);
}

export async function addToDirectory(deps: Deps, caller: Caller, id: number, input: { category: ServiceCategory; listedOn: string }) {
  await manageable(deps, caller, id);
  await deps.db.transaction().execute(async (trx) => {
    await repo.listInDirectory(trx, { district_id: caller.districtId, organisation_id: id, category: input.category, listed_on: input.listedOn });
    await auditAction(trx, caller, 'organisation.directory', { type: 'organisation', id }, { category: input.category });
  });
  return getOrganisation(deps, caller, id);
}

export async function addMember(deps: Deps, caller: Caller, id: number, personId: number) {
  await manageable(deps, caller, id);
  const person = await repo.findPerson(deps.db, personId);
  if (!person || person.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
  await deps.db.transaction().execute(async (trx) => {
    await repo.addMember(trx, { district_id: caller.districtId, organisation_id: id, person_id: personId });
    await auditAction(trx, caller, 'organisation.member', { type: 'organisation', id }, { personId });
  });
  return getOrganisation(deps, caller, id);
}

/** A member leaves: they no longer act for the organisation (apply, report progress). */
export async function removeMember(deps: Deps, caller: Caller, id: number, personId: number) {
  await manageable(deps, caller, id);
  await deps.db.transaction().execute(async (trx) => {
    if (!(await repo.removeMember(trx, id, personId))) throw new AppError('NOT_FOUND');
    await auditAction(trx, caller, 'organisation.member_remove', { type: 'organisation', id }, { personId });
  });
  return getOrganisation(deps, caller, id);
}

export async function recordAnnualReport(deps: Deps, caller: Caller, id: number, reportId: number, filedOn: string) {
  await manageable(deps, caller, id);
  await fileAnnualReport(deps, caller, id, reportId, filedOn);
  return getOrganisation(deps, caller, id);
}

export async function purchaseDirectory(deps: Deps, caller: Caller, category: ServiceCategory | undefined) {
  scopeFor(caller.roles, 'organisations.read');
  const rows = await repo.directory(deps.db, caller.districtId, category);
  return rows.map((r) => ({ category: r.category as ServiceCategory, listedOn: r.listed_on, organisation: { id: r.id, name: r.name } }));
}

export async function myOrganisations(deps: Deps, personId: number) {
  return repo.organisationsOfMember(deps.db, personId);
}

/** 公开页: what an organisation shows the public (no sign-in). */
export async function publicOrganisation(deps: Deps, id: number) {
  const o = await repo.findOrganisation(deps.db, id);
  if (!o) throw new AppError('NOT_FOUND');
  const d = await organisationDto(deps, o);
  const ratings = await repo.ratingsOf(deps.db, id);
  return { ratings, id: d.id, name: d.name, status: d.status, personInCharge: d.personInCharge, charter: d.charter, categories: d.categories, place: d.place, placesServed: d.placesServed, isHub: d.isHub, hub: d.hub };
}

/** For projects: whether an organisation is in the purchase directory for a category, and whether a person acts for it. */
export const inDirectory = (deps: Deps, organisationId: number, category: string) => repo.inDirectory(deps.db, organisationId, category);
export const isMember = (deps: Deps, organisationId: number, personId: number) => repo.isMember(deps.db, organisationId, personId);
export const organisationName = (deps: Deps, id: number) => repo.findName(deps.db, id);
