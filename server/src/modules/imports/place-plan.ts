import type { PlaceKind } from '../../db/schema.ts';
import { communityKey, compoundKey, COMPOUND_FIELDS, type PlaceRow } from './place-rows.ts';
import type { RowError, RowProblem } from './row-messages.ts';

/** What the district holds today, as far as an import needs it. */
export type ExistingPlace = { id: number; parentId: number | null; kind: PlaceKind; name: string; code: string | null; path: string };
export type CompoundProfile = {
  compoundKind: string;
  buildYear: number | null;
  propertyCompany: string | null;
  committeeType: string;
  servicePointAddress: string | null;
  servicePointHours: string | null;
};
export type ExistingTree = {
  district: { id: number; path: string };
  places: readonly ExistingPlace[];
  communityClasses: ReadonlyMap<number, string>;
  compoundProfiles: ReadonlyMap<number, CompoundProfile>;
  households: ReadonlyMap<number, { area: number | null; areaSource: string | null }>;
};

export const LEVELS = ['streets', 'communities', 'compounds', 'buildings', 'units', 'households'] as const;
export type Level = (typeof LEVELS)[number];
export type LevelCounts = Record<Level, number>;
export const zeroCounts = (): LevelCounts => ({ streets: 0, communities: 0, compounds: 0, buildings: 0, units: 0, households: 0 });
const LEVEL_OF: Partial<Record<PlaceKind, Level>> = {
  street: 'streets',
  community: 'communities',
  compound: 'compounds',
  building: 'buildings',
  unit: 'units',
  household: 'households',
};

/** A parent that exists (its id and path) or one created earlier in the same plan (its index in `creates`). */
export type PlaceRef = { id: number; path: string } | { created: number };
export type NewPlace = { parent: PlaceRef; kind: PlaceKind; name: string; code: string | null };

export type ImportPlan = {
  creates: NewPlace[];
  communityProfiles: { place: PlaceRef; communityClass: string }[];
  compoundProfiles: { place: PlaceRef; profile: CompoundProfile }[];
  households: { place: PlaceRef; area: number | null; areaSource: string | null }[];
  communityUpdates: { id: number; communityClass: string }[];
  compoundUpdates: { id: number; name?: string; code?: string; profile: Partial<CompoundProfile> }[];
  householdUpdates: { id: number; area: number | null; areaSource: string | null }[];
  /** Compounds whose household count is to be recounted after writing. */
  compounds: PlaceRef[];
  created: LevelCounts;
  updated: LevelCounts;
  unchanged: LevelCounts;
};

const PROFILE_FIELDS = ['compoundKind', 'buildYear', 'propertyCompany', 'committeeType', 'servicePointAddress', 'servicePointHours'] as const;

/**
 * Matches validated rows against the district's tree: each level by name under its parent (a compound by its
 * code when given), and plans what to create and what to update. Pure; problems found here refuse the file too.
 */
export function planImport(rows: readonly PlaceRow[], tree: ExistingTree): { plan: ImportPlan; errors: RowError[] } {
  const byParent = new Map<string, ExistingPlace>();
  const byId = new Map<number, ExistingPlace>();
  const byCode = new Map<string, ExistingPlace>();
  for (const p of tree.places) {
    byId.set(p.id, p);
    const key = `${p.parentId}\u0000${p.kind}\u0000${p.name}`;
    if (!byParent.has(key)) byParent.set(key, p);
    if (p.code !== null && !byCode.has(p.code)) byCode.set(p.code, p);
  }
  const plan: ImportPlan = {
    creates: [],
    communityProfiles: [],
    compoundProfiles: [],
    households: [],
    communityUpdates: [],
    compoundUpdates: [],
    householdUpdates: [],
    compounds: [],
    created: zeroCounts(),
    updated: zeroCounts(),
    unchanged: zeroCounts(),
  };
  const problems = new Map<number, RowProblem[]>();
  const fail = (row: number, p: RowProblem) => problems.set(row, [...(problems.get(row) ?? []), p]);

  /** Merged description of each community and compound: the first filled value of each field wins (rows agree). */
  const communityClass = new Map<string, string>();
  const compoundInfo = new Map<string, Partial<Record<(typeof COMPOUND_FIELDS)[number], string | number>>>();
  for (const r of rows) {
    if (r.communityClass !== null && !communityClass.has(communityKey(r))) communityClass.set(communityKey(r), r.communityClass);
    const info = compoundInfo.get(compoundKey(r)) ?? {};
    for (const f of COMPOUND_FIELDS) if (r[f] !== null && info[f] === undefined) info[f] = r[f]!;
    compoundInfo.set(compoundKey(r), info);
  }

  const resolved = new Map<string, PlaceRef | null>();
  const existingOf = (ref: PlaceRef | null) => (ref && 'id' in ref ? ref : null);
  const create = (parent: PlaceRef, kind: PlaceKind, name: string, code: string | null): PlaceRef => {
    plan.creates.push({ parent, kind, name, code });
    plan.created[LEVEL_OF[kind]!] += 1;
    return { created: plan.creates.length - 1 };
  };
  /** Finds or creates a child; `touch` reports whether an existing one changed. */
  const child = (key: string, parent: PlaceRef, kind: PlaceKind, name: string, onNew: (ref: PlaceRef) => void, onExisting: (p: ExistingPlace) => boolean): PlaceRef | null => {
    if (resolved.has(key)) return resolved.get(key) as PlaceRef | null;
    const parentId = existingOf(parent)?.id;
    const found = parentId === undefined ? undefined : byParent.get(`${parentId}\u0000${kind}\u0000${name}`);
    let ref: PlaceRef;
    if (found) {
      ref = { id: found.id, path: found.path };
      plan[onExisting(found) ? 'updated' : 'unchanged'][LEVEL_OF[kind]!] += 1;
    } else {
      ref = create(parent, kind, name, null);
      onNew(ref);
    }
    resolved.set(key, ref);
    return ref;
  };

  const district: PlaceRef = { id: tree.district.id, path: tree.district.path };
  for (const r of rows) {
    const street = child(`s\u0000${r.street}`, district, 'street', r.street, () => {}, () => false)!;
    const cKey = `c\u0000${communityKey(r)}`;
    const cls = communityClass.get(communityKey(r));
    if (!resolved.has(cKey) && !byParentLookup(byParent, street, 'community', r.community) && cls === undefined) {
      fail(r.row, { key: 'newCommunityClass', params: { name: r.community } });
      resolved.set(cKey, null);
    }
    const community = child(cKey, street, 'community', r.community,
      (ref) => plan.communityProfiles.push({ place: ref, communityClass: cls! }),
      (p) => {
        if (cls === undefined || tree.communityClasses.get(p.id) === cls) return false;
        plan.communityUpdates.push({ id: p.id, communityClass: cls });
        return true;
      });
    if (community === null) continue;

    const kKey = `k\u0000${compoundKey(r)}`;
    let compound = resolved.get(kKey);
    if (compound === undefined) {
      compound = resolveCompound(r, community, compoundInfo.get(compoundKey(r))!);
      resolved.set(kKey, compound);
      if (compound) plan.compounds.push(compound);
    }
    if (compound === null || !r.household) continue;

    const h = r.household;
    const bKey = `${kKey}\u0000${h.building}`;
    const building = child(`b\u0000${bKey}`, compound, 'building', h.building, () => {}, () => false)!;
    const unit = child(`u\u0000${bKey}\u0000${h.unit}`, building, 'unit', h.unit, () => {}, () => false)!;
    child(`h\u0000${bKey}\u0000${h.unit}\u0000${h.name}`, unit, 'household', h.name,
      (ref) => plan.households.push({ place: ref, area: h.area, areaSource: h.areaSource }),
      (p) => {
        const now = tree.households.get(p.id);
        const area = h.area ?? now?.area ?? null;
        const areaSource = h.areaSource ?? now?.areaSource ?? null;
        if (now && now.area === area && now.areaSource === areaSource) return false;
        plan.householdUpdates.push({ id: p.id, area, areaSource });
        return true;
      });
  }

  function resolveCompound(r: PlaceRow, community: PlaceRef, info: Partial<Record<(typeof COMPOUND_FIELDS)[number], string | number>>): PlaceRef | null {
    const code = (info.compoundCode as string | undefined) ?? null;
    const communityId = existingOf(community)?.id;
    let found: ExistingPlace | undefined;
    if (code !== null) {
      const owner = byCode.get(code);
      if (owner && (owner.kind !== 'compound' || owner.parentId !== communityId)) {
        fail(r.row, { key: 'codeTaken', params: { code, name: pathNames(owner, byId) } });
        return null;
      }
      found = owner;
    }
    if (!found && communityId !== undefined) {
      found = byParent.get(`${communityId}\u0000compound\u0000${r.compound}`);
      if (found && found.code !== null && code !== null && found.code !== code) {
        fail(r.row, { key: 'codeMismatch', params: { name: r.compound, code: found.code } });
        return null;
      }
    }
    const profile: Partial<CompoundProfile> = {};
    for (const f of PROFILE_FIELDS) if (info[f] !== undefined) (profile as Record<string, unknown>)[f] = info[f];
    const now = found && tree.compoundProfiles.get(found.id);
    if (!found || !now) {
      if (profile.compoundKind === undefined) {
        fail(r.row, { key: 'newCompoundKind', params: { name: r.compound } });
        return null;
      }
      // A compound without its profile (written by hand) gets one; otherwise the compound itself is new.
      const ref = found ? { id: found.id, path: found.path } : create(community, 'compound', r.compound, code);
      if (found) plan.updated.compounds += 1;
      plan.compoundProfiles.push({
        place: ref,
        profile: {
          compoundKind: profile.compoundKind,
          buildYear: profile.buildYear ?? null,
          propertyCompany: profile.propertyCompany ?? null,
          committeeType: profile.committeeType ?? 'none',
          servicePointAddress: profile.servicePointAddress ?? null,
          servicePointHours: profile.servicePointHours ?? null,
        },
      });
      return ref;
    }
    const change: ImportPlan['compoundUpdates'][number] = { id: found.id, profile: {} };
    if (found.name !== r.compound) change.name = r.compound;
    if (code !== null && found.code !== code) change.code = code;
    for (const f of PROFILE_FIELDS) {
      if (profile[f] !== undefined && now[f] !== profile[f]) (change.profile as Record<string, unknown>)[f] = profile[f];
    }
    const changed = change.name !== undefined || change.code !== undefined || Object.keys(change.profile).length > 0;
    if (changed) plan.compoundUpdates.push(change);
    plan[changed ? 'updated' : 'unchanged'].compounds += 1;
    return { id: found.id, path: found.path };
  }

  const errors = [...problems.entries()].sort((a, b) => a[0] - b[0]).map(([row, ps]) => ({ row, problems: ps }));
  return { plan, errors };
}

function byParentLookup(byParent: Map<string, ExistingPlace>, parent: PlaceRef | null, kind: PlaceKind, name: string): boolean {
  return !!parent && 'id' in parent && byParent.has(`${parent.id}\u0000${kind}\u0000${name}`);
}

/** '一街道 / 甲社区 / A小区', for messages about a place elsewhere in the tree. */
function pathNames(place: ExistingPlace, byId: Map<number, ExistingPlace>): string {
  const ancestors = place.path.split('/').filter(Boolean).map((id) => byId.get(Number(id)));
  return ancestors.flatMap((p) => (p && p.kind !== 'district' ? [p.name] : [])).join(' / ') || place.name;
}
