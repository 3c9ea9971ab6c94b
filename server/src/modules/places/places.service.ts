import { z } from 'zod';
import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { maskPhone } from '../../platform/personal-data.ts';
import { assertInScope, scopeFor, type Scope } from '../../platform/scope.ts';
import type { PlaceKind } from '../../db/schema.ts';
import * as repo from './places.repository.ts';
import {
  COMPOUND_KINDS,
  type CommunityPatch,
  type CompoundPatch,
  type compoundKindsSchema,
  type coverageSchema,
  type placeDetailSchema,
  type placeNodeSchema,
} from './places.schemas.ts';

type PlaceNode = z.infer<typeof placeNodeSchema>;
type PlaceDetail = z.infer<typeof placeDetailSchema>;

type NodeRow = { id: number; parent_id: number | null; kind: PlaceKind; name: string; code: string | null; child_count: number };

function toPlaceNode(r: NodeRow): PlaceNode {
  return { id: r.id, parentId: r.parent_id, kind: r.kind, name: r.name, code: r.code, childCount: Number(r.child_count) };
}

/** Ids of the ancestors in a path '/1/5/23/' → [1, 5] for place 23. */
export function ancestorIds(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number).slice(0, -1);
}

/** A place the caller may reach with this permission, or NOT_FOUND. */
async function placeInScope(deps: Deps, scope: Scope, id: number) {
  const place = await repo.findPlace(deps.db, id);
  assertInScope(scope, place?.path);
  return place!;
}

export async function listRoots(deps: Deps, caller: Caller): Promise<PlaceNode[]> {
  const scope = scopeFor(caller.roles, 'places.read');
  return (await repo.findPlacesByPaths(deps.db, scope.paths)).map(toPlaceNode);
}

export async function listChildren(deps: Deps, caller: Caller, id: number): Promise<PlaceNode[]> {
  const scope = scopeFor(caller.roles, 'places.read');
  await placeInScope(deps, scope, id);
  return (await repo.findChildren(deps.db, id, 2000)).map(toPlaceNode);
}

export async function searchPlaces(deps: Deps, caller: Caller, q: string, kind?: PlaceKind) {
  const scope = scopeFor(caller.roles, 'places.read');
  const rows = await repo.searchPlaces(deps.db, scope, q, kind, 50);
  const ids = [...new Set(rows.flatMap((r) => ancestorIds(r.path)))];
  const names = new Map((await repo.findNamesByIds(deps.db, ids)).map((n) => [n.id, n.name]));
  return {
    items: rows.map((r) => ({ ...toPlaceNode(r), pathNames: ancestorIds(r.path).map((a) => names.get(a) ?? '') })),
  };
}

export async function getPlace(deps: Deps, caller: Caller, id: number): Promise<PlaceDetail> {
  const scope = scopeFor(caller.roles, 'places.read');
  const place = await placeInScope(deps, scope, id);
  return placeDetail(deps, place);
}

async function placeDetail(deps: Deps, place: NonNullable<Awaited<ReturnType<typeof repo.findPlace>>>): Promise<PlaceDetail> {
  const ids = ancestorIds(place.path);
  const byId = new Map((await repo.findNamesByIds(deps.db, ids)).map((n) => [n.id, n]));
  return {
    ...toPlaceNode(place),
    ancestors: ids.flatMap((id) => {
      const a = byId.get(id);
      return a ? [{ id: a.id, kind: a.kind, name: a.name }] : [];
    }),
    compound: place.kind === 'compound' ? await compoundProfile(deps, place.id) : null,
    community: place.kind === 'community' ? await communityProfile(deps, place.id) : null,
    household: place.kind === 'household' ? await householdProfile(deps, place.id) : null,
  };
}

async function householdProfile(deps: Deps, placeId: number): Promise<PlaceDetail['household']> {
  const h = await repo.findHousehold(deps.db, placeId);
  return h ? { exclusiveArea: h.exclusive_area, areaSource: h.area_source as 'register' | null } : null;
}

async function compoundProfile(deps: Deps, placeId: number): Promise<PlaceDetail['compound']> {
  const p = await repo.findCompoundProfile(deps.db, placeId);
  if (!p) return null;
  const commissioners = await repo.findCommissioners(deps.db, [placeId], deps.clock.now());
  return {
    compoundKind: p.compound_kind as (typeof COMPOUND_KINDS)[number],
    buildYear: p.build_year,
    householdCount: p.household_count,
    propertyCompany: p.property_company,
    committeeType: p.committee_type as 'owners_committee' | 'self_management_committee' | 'none',
    followMajority: p.follow_majority,
    convention: p.convention,
    servicePoint: { address: p.service_point_address, hours: p.service_point_hours },
    commissioners: commissioners.map((c) => ({
      personId: c.person_id,
      name: c.name,
      phoneMasked: maskPhone(deps.cipher.decrypt(c.phone_cipher)),
      local: c.is_local,
    })),
  };
}

async function communityProfile(deps: Deps, placeId: number): Promise<PlaceDetail['community']> {
  const p = await repo.findCommunityProfile(deps.db, placeId);
  if (!p) return null;
  return { communityClass: p.community_class as 'urban', tags: p.tags, playbook: p.playbook };
}

export async function updateCompound(deps: Deps, caller: Caller, id: number, patch: CompoundPatch): Promise<PlaceDetail> {
  const scope = scopeFor(caller.roles, 'compounds.write');
  const place = await placeInScope(deps, scope, id);
  if (place.kind !== 'compound') throw new AppError('PLACE_KIND_MISMATCH', { expected: '小区 compound' });
  const set: repo.CompoundProfileColumns = {};
  if (patch.compoundKind !== undefined) set.compound_kind = patch.compoundKind;
  if (patch.buildYear !== undefined) set.build_year = patch.buildYear;
  if (patch.householdCount !== undefined) set.household_count = patch.householdCount;
  if (patch.propertyCompany !== undefined) set.property_company = patch.propertyCompany || null;
  if (patch.committeeType !== undefined) set.committee_type = patch.committeeType;
  if (patch.followMajority !== undefined) set.follow_majority = patch.followMajority;
  if (patch.convention !== undefined) set.convention = patch.convention || null;
  if (patch.servicePoint?.address !== undefined) set.service_point_address = patch.servicePoint.address || null;
  if (patch.servicePoint?.hours !== undefined) set.service_point_hours = patch.servicePoint.hours || null;
  await deps.db.transaction().execute(async (trx) => {
    await repo.updateCompoundProfile(trx, id, set, deps.clock.now());
    await auditAction(trx, caller, 'compound.update', { type: 'place', id }, { fields: Object.keys(set) });
  });
  return placeDetail(deps, place);
}

export async function updateCommunity(deps: Deps, caller: Caller, id: number, patch: CommunityPatch): Promise<PlaceDetail> {
  const scope = scopeFor(caller.roles, 'places.write');
  const place = await placeInScope(deps, scope, id);
  if (place.kind !== 'community') throw new AppError('PLACE_KIND_MISMATCH', { expected: '社区 community' });
  const set = {
    ...(patch.communityClass ? { community_class: patch.communityClass } : {}),
    ...(patch.tags ? { tags: [...new Set(patch.tags)] } : {}),
  };
  await deps.db.transaction().execute(async (trx) => {
    await repo.updateCommunityProfile(trx, id, set, deps.clock.now());
    await auditAction(trx, caller, 'community.update', { type: 'place', id }, { fields: Object.keys(set) });
  });
  return placeDetail(deps, place);
}

/** Commissioner coverage (专员覆盖): per street, compounds without a commissioner and the share of local ones. */
export async function coverage(deps: Deps, caller: Caller, placeId?: number): Promise<z.infer<typeof coverageSchema>> {
  const scope = scopeFor(caller.roles, 'coverage.read');
  const roots = placeId ? [(await placeInScope(deps, scope, placeId)).path] : scope.paths;
  const now = deps.clock.now();
  const streets: z.infer<typeof coverageSchema>['streets'] = [];
  const uncovered: z.infer<typeof coverageSchema>['uncovered'] = [];
  for (const root of roots) {
    for (const s of (await repo.coverageByStreet(deps.db, root, now)).rows) {
      streets.push({
        placeId: s.place_id,
        name: s.name,
        compounds: s.compounds,
        uncovered: s.uncovered,
        commissioners: s.commissioners,
        localShare: s.commissioners === 0 ? 0 : s.local / s.commissioners,
      });
    }
    for (const u of (await repo.uncoveredCompounds(deps.db, root, now, 500)).rows) {
      uncovered.push({ placeId: u.place_id, name: u.name, communityName: u.community_name, streetName: u.street_name });
    }
  }
  return { streets, uncovered };
}

const zeroCounts = () => Object.fromEntries(COMPOUND_KINDS.map((k) => [k, 0])) as Record<(typeof COMPOUND_KINDS)[number], number>;

/** Compounds per kind under each child of a place: counted from the tree, nothing typed in. */
export async function compoundKinds(deps: Deps, caller: Caller, placeId?: number): Promise<z.infer<typeof compoundKindsSchema>> {
  const scope = scopeFor(caller.roles, 'cockpit.read');
  const id = placeId ?? (await repo.findPlacesByPaths(deps.db, [scope.paths[0]!]))[0]?.id;
  if (id === undefined) throw new AppError('NOT_FOUND');
  const place = await placeInScope(deps, scope, id);
  const rows = new Map<number, { placeId: number; name: string; counts: ReturnType<typeof zeroCounts> }>();
  const totals = zeroCounts();
  for (const r of (await repo.compoundKindsByChild(deps.db, place.id)).rows) {
    const row = rows.get(r.place_id) ?? { placeId: r.place_id, name: r.name, counts: zeroCounts() };
    row.counts[r.compound_kind as keyof typeof totals] += r.n;
    totals[r.compound_kind as keyof typeof totals] += r.n;
    rows.set(r.place_id, row);
  }
  if (rows.size === 0) {
    for (const r of (await repo.compoundKindsUnder(deps.db, place.path)).rows) totals[r.compound_kind as keyof typeof totals] += r.n;
  }
  return { place: { id: place.id, name: place.name, kind: place.kind }, rows: [...rows.values()], totals };
}

export type CompoundCard = {
  id: number;
  name: string;
  community: { id: number; name: string };
  servicePoint: { address: string | null; hours: string | null };
  /** The commissioner's work number is public to the compound's residents: that is what it is for. */
  commissioners: { name: string; phone: string }[];
};

/** What a resident sees of their compound ("my home"); the caller has already proven they live there. */
export async function compoundCards(deps: Deps, compoundIds: readonly number[]): Promise<Map<number, CompoundCard>> {
  const rows = await repo.findCompoundsWithCommunity(deps.db, compoundIds);
  const commissioners = await repo.findCommissioners(deps.db, compoundIds, deps.clock.now());
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        name: r.name,
        community: { id: r.community_id, name: r.community_name },
        servicePoint: { address: r.service_point_address, hours: r.service_point_hours },
        commissioners: commissioners.filter((c) => c.place_id === r.id).map((c) => ({ name: c.name, phone: deps.cipher.decrypt(c.phone_cipher) })),
      },
    ]),
  );
}
