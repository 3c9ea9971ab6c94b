import type { Insertable } from 'kysely';
import type { Db } from '../db/create-db.ts';
import type { Database, PlaceKind } from '../db/schema.ts';
import { idNumberCheckChar } from '../platform/identity.ts';
import { hashPassword } from '../platform/password.ts';
import type { PersonalDataCipher } from '../platform/personal-data.ts';
import type { RoleName } from '../platform/roles.ts';
import { COMMUNITY_WORDS, COMPOUND_WORDS, DEPARTMENTS, GIVEN, PLAYBOOKS, PROPERTY_COMPANIES, STREET_NAMES, SURNAMES } from './demo-names.ts';
import { ensureDistrictSetup } from '../modules/requests/index.ts';
import { seedDemoRequests } from './demo-requests.ts';
import { seedDemoStore } from './demo-store.ts';
import { seedDemoWishes } from './demo-wishes.ts';
import { seedDemoVolunteering } from './demo-volunteering.ts';
import { seedDemoParty } from './demo-party.ts';
import { seedDemoDeliberation } from './demo-deliberation.ts';
import { seedDemoConventions } from './demo-conventions.ts';
import { seedDemoProjects } from './demo-projects.ts';
import { analyze, countPlaces, findDistrictByCode, insertMany, insertPeopleReturningIds, reservePlaceIds } from './demo.repository.ts';
import { seededRandom, type Random } from './random.ts';

export const DEMO_DISTRICT_CODE = 'DEMO-330000';
export const DEMO_PASSWORD = 'Gongzhi@2026';
/** The steps seedDemo reports, in order (the CLI draws them as a bar). */
export const SEED_STEPS = ['places', 'people', 'writing', 'requests'] as const;

type Anchor = 'district' | 'street' | 'community' | 'compound' | 'household' | 'grid' | 'department';
/** One documented demo account per role (README lists them). All at the first street / community / compound. */
export const DEMO_ACCOUNTS: { phone: string; name: string; role: RoleName; at: Anchor; label: string }[] = [
  { phone: '13800000001', name: '区管理员（演示）', role: 'district_admin', at: 'district', label: '区管理员' },
  { phone: '13800000002', name: '街道管理员（演示）', role: 'street_admin', at: 'street', label: '街道管理员' },
  { phone: '13800000003', name: '社区社工（演示）', role: 'community_worker', at: 'community', label: '社区工作者' },
  { phone: '13800000004', name: '小区专员（演示）', role: 'commissioner', at: 'compound', label: '小区专员' },
  { phone: '13800000005', name: '居民业主（演示）', role: 'owner', at: 'household', label: '居民/业主' },
  { phone: '13800000006', name: '审计管理员（演示）', role: 'audit_admin', at: 'district', label: '审计管理员' },
  { phone: '13800000007', name: '系统管理员（演示）', role: 'system_admin', at: 'district', label: '系统管理员' },
  { phone: '13800000008', name: '安全管理员（演示）', role: 'security_admin', at: 'district', label: '安全管理员' },
  { phone: '13800000009', name: '物业人员（演示）', role: 'property_staff', at: 'compound', label: '物业' },
  { phone: '13800000010', name: '部门人员（演示）', role: 'department_staff', at: 'department', label: '职能部门（城管）' },
  { phone: '13800000011', name: '网格员（演示）', role: 'grid_worker', at: 'grid', label: '网格员' },
  { phone: '13800000012', name: '居委会成员（演示）', role: 'residents_committee', at: 'community', label: '居委会' },
  { phone: '13800000013', name: '业委会成员（演示）', role: 'owners_committee', at: 'compound', label: '业委会' },
  { phone: '13800000014', name: '社会组织（演示）', role: 'org_staff', at: 'community', label: '社会组织' },
  { phone: '13800000015', name: '志愿者（演示）', role: 'volunteer', at: 'community', label: '志愿者' },
  { phone: '13800000016', name: '党员（演示）', role: 'party_member', at: 'community', label: '党员' },
  { phone: '13800000017', name: '商家（演示）', role: 'merchant', at: 'community', label: '商家' },
  { phone: '13800000018', name: '促动师（演示）', role: 'facilitator', at: 'street', label: '促动师' },
];

type Node = {
  kind: PlaceKind;
  name: string;
  code: string | null;
  parent: number; // index into nodes, -1 for the district
  id?: number;
  path?: string;
};

type CompoundPlan = { node: number; community: number; kind: string; committee: string; households: number[]; buildings: number[] };

export type SeedReport = { skipped: boolean; districtId: number; places: number; households: number; people: number; roles: number; requests: number; ms: number };

const COMPOUND_KIND_COUNTS: [string, number][] = [
  ['commercial', 150],
  ['old', 98],
  ['resettlement', 40],
  ['public_rental', 22],
  ['commercial_building', 20],
  ['mixed', 30],
];

function shuffle<T>(rng: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

const personName = (rng: Random) => rng.pick(SURNAMES) + rng.pick(GIVEN) + (rng.next() < 0.6 ? rng.pick(GIVEN) : '');

/** A synthetic but well-formed ID number (region 330000-range, check digit right); never a real person's. */
function syntheticIdNumber(rng: Random): string {
  const birth = new Date(Date.UTC(rng.int(1935, 2000), rng.int(0, 11), rng.int(1, 28)));
  const ymd = birth.toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `330199${ymd}${String(rng.int(0, 999)).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

/**
 * Builds the demo district: 6 streets, 99 communities, 360 compounds of the six kinds, buildings, units, about
 * 100,000 households each with an owner, 334 commissioners covering every compound (half of them local), the
 * three parties where they exist, and one sign-in per role. Deterministic; a second run changes nothing.
 */
export async function seedDemo(
  deps: { db: Db; cipher: PersonalDataCipher },
  progress: (step: string) => void = () => {},
): Promise<SeedReport> {
  const started = Date.now();
  const existing = await findDistrictByCode(deps.db, DEMO_DISTRICT_CODE);
  if (existing) return { skipped: true, districtId: existing.id, places: 0, households: 0, people: 0, roles: 0, requests: 0, ms: Date.now() - started };

  const rng = seededRandom(20261123);
  const nodes: Node[] = [{ kind: 'district', name: '共治示范区', code: DEMO_DISTRICT_CODE, parent: -1 }];
  const add = (n: Node) => nodes.push(n) - 1;
  const communities: { node: number; street: number; cls: string; grids: number[] }[] = [];
  const compounds: CompoundPlan[] = [];
  const kinds = shuffle(rng, COMPOUND_KIND_COUNTS.flatMap(([k, n]) => Array<string>(n).fill(k)));
  const perStreet = [17, 17, 17, 16, 16, 16];
  let communityNo = 0;

  progress('places');
  const departments = DEPARTMENTS.map((name, i) => add({ kind: 'department', name, code: `DEPT-${i + 1}`, parent: 0 }));
  STREET_NAMES.forEach((streetName, s) => {
    const street = add({ kind: 'street', name: streetName, code: `S${s + 1}`, parent: 0 });
    for (let c = 0; c < perStreet[s]!; c++) {
      const word = COMMUNITY_WORDS[communityNo % COMMUNITY_WORDS.length]!;
      const suffix = communityNo >= COMMUNITY_WORDS.length ? String(Math.floor(communityNo / COMMUNITY_WORDS.length) + 1) : '';
      const community = add({ kind: 'community', name: `${word}${suffix}社区`, code: `C${communityNo + 1}`, parent: street });
      const cls = rng.pick(['urban', 'urban', 'urban', 'new', 'old', 'old', 'old', 'village_to_residence']);
      const grids = [1, 2].map((g) => add({ kind: 'grid', name: `第${g}网格`, code: `C${communityNo + 1}-G${g}`, parent: community }));
      communities.push({ node: community, street, cls, grids });
      communityNo++;
    }
  });
  // 99 communities, 360 compounds: every community gets 3, the first 63 a fourth.
  communities.forEach((cm, i) => {
    const n = i < 63 ? 4 : 3;
    for (let k = 0; k < n; k++) {
      const kind = kinds[compounds.length]!;
      const compoundNo = compounds.length + 1;
      const name = `${nodes[cm.node]!.name.replace('社区', '')}${rng.pick(COMPOUND_WORDS)}${k > 0 ? `${k + 1}期` : ''}`;
      const node = add({ kind: 'compound', name, code: `Q${compoundNo}`, parent: cm.node });
      const committee =
        kind === 'old' ? (compounds.filter((c) => c.kind === 'old' && c.committee === 'self_management_committee').length < 45 ? 'self_management_committee' : 'none')
          : kind === 'commercial' || kind === 'mixed' ? (rng.next() < 0.7 ? 'owners_committee' : 'none')
            : kind === 'resettlement' ? (rng.next() < 0.5 ? 'self_management_committee' : 'none') : 'none';
      const plan: CompoundPlan = { node, community: cm.node, kind, committee, households: [], buildings: [] };
      const buildings = kind === 'commercial_building' ? rng.int(1, 3) : rng.int(3, 10);
      for (let b = 1; b <= buildings; b++) {
        const building = add({ kind: 'building', name: `${b}幢`, code: null, parent: node });
        plan.buildings.push(building);
        const units = rng.int(1, 3);
        const floors = kind === 'old' ? rng.int(5, 7) : rng.int(6, 18);
        for (let u = 1; u <= units; u++) {
          const unit = add({ kind: 'unit', name: `${u}单元`, code: null, parent: building });
          for (let f = 1; f <= floors; f++) {
            for (let d = 1; d <= 2; d++) plan.households.push(add({ kind: 'household', name: `${b}幢${u}单元${f}0${d}室`, code: null, parent: unit }));
          }
        }
      }
      compounds.push(plan);
    }
  });

  const ids = await reservePlaceIds(deps.db, nodes.length);
  const districtId = ids[0]!;
  nodes.forEach((n, i) => {
    n.id = ids[i]!;
    n.path = `${n.parent < 0 ? '/' : nodes[n.parent]!.path}${n.id}/`;
  });
  const depthOf = (p: string) => p.split('/').length - 2;

  const people: Insertable<Database['people']>[] = [];
  const roles: { person: number; role: RoleName; node: number; local?: boolean }[] = [];
  const consentsFor: number[] = [];
  let phoneSeq = 10_000_000;
  const addPerson = (name: string, phone?: string, extra: Partial<Insertable<Database['people']>> = {}) => {
    const p = phone ?? `139${String(phoneSeq++).padStart(8, '0')}`;
    people.push({ district_id: districtId, name, phone_cipher: deps.cipher.encrypt(p), phone_hash: deps.cipher.lookupHash('phone', p), ...extra });
    return people.length - 1;
  };

  progress('people');
  // Demo accounts first, so their ids are small and stable.
  const firstCompound = compounds.find((c) => c.committee === 'owners_committee') ?? compounds[0]!;
  const firstCommunity = communities.find((c) => c.node === firstCompound.community)!;
  const anchors: Record<Anchor, number> = {
    district: 0,
    street: firstCommunity.street,
    community: firstCommunity.node,
    compound: firstCompound.node,
    household: firstCompound.households[0]!,
    grid: firstCommunity.grids[0]!,
    department: departments[0]!,
  };
  const demoHash = await hashPassword(DEMO_PASSWORD);
  for (const a of DEMO_ACCOUNTS) {
    const extra: Partial<Insertable<Database['people']>> = { password_hash: demoHash };
    if (a.role === 'owner') {
      const idNumber = syntheticIdNumber(rng);
      extra.id_number_cipher = deps.cipher.encrypt(idNumber);
      extra.id_number_hash = deps.cipher.lookupHash('id_number', idNumber);
      extra.flags_cipher = deps.cipher.encrypt(JSON.stringify({ elderlyAlone: false, disability: false, lowIncome: false }));
    }
    const person = addPerson(a.name, a.phone, extra);
    roles.push({ person, role: a.role, node: anchors[a.at], local: a.role === 'commissioner' });
    if (a.role === 'owner') {
      roles.push({ person, role: 'resident', node: anchors.household });
      consentsFor.push(person);
    }
  }

  // Commissioners: 334 people, every compound covered; in 26 four-compound communities one serves two compounds.
  const compoundsIn = (community: number) => compounds.filter((x) => x.community === community).length;
  let shared = 0;
  let previous: { community: number; person: number } | null = null;
  for (const c of compounds) {
    if (c === firstCompound) {
      previous = null; // the demo commissioner keeps exactly one compound
      continue;
    }
    const share: boolean = previous !== null && previous.community === c.community && shared < 26 && compoundsIn(c.community) === 4;
    const person: number = share ? previous!.person : addPerson(personName(rng));
    if (share) shared++;
    previous = share ? null : { community: c.community, person };
    roles.push({ person, role: 'commissioner', node: c.node, local: rng.next() < 0.5 });
  }
  // The three parties and community staff.
  for (const cm of communities) {
    roles.push({ person: addPerson(personName(rng)), role: 'residents_committee', node: cm.node });
    for (let i = 0; i < 2; i++) roles.push({ person: addPerson(personName(rng)), role: 'community_worker', node: cm.node });
    cm.grids.forEach((g) => roles.push({ person: addPerson(personName(rng)), role: 'grid_worker', node: g }));
  }
  STREET_NAMES.forEach((_, s) => roles.push({ person: addPerson(personName(rng)), role: 'street_admin', node: 1 + nodes.slice(1).findIndex((n) => n.kind === 'street' && n.code === `S${s + 1}`) }));
  const propertyOf = new Map<number, string>();
  for (const c of compounds) {
    if (c.kind !== 'old' || rng.next() < 0.3) {
      propertyOf.set(c.node, rng.pick(PROPERTY_COMPANIES));
      roles.push({ person: addPerson(personName(rng)), role: 'property_staff', node: c.node });
    }
    const members = c.committee === 'owners_committee' ? 5 : c.committee === 'self_management_committee' ? 7 : 0;
    for (let i = 0; i < members; i++) roles.push({ person: addPerson(personName(rng)), role: c.committee as RoleName, node: c.node });
  }
  // Owners: one per household; some own two units; the developer keeps a few unsold units in commercial compounds.
  const developer = addPerson('示范置业有限公司');
  const ownersOf = new Map<number, number[]>();

  for (const c of compounds) {
    let lastOwner = -1;
    for (const h of c.households) {
      if (h === anchors.household) continue;
      const r = rng.next();
      let person: number;
      if (c.kind === 'commercial' && r < 0.02) person = developer;
      else if (lastOwner >= 0 && r < 0.05) person = lastOwner;
      else {
        const special = rng.next();
        const flags = special < 0.03 ? { elderlyAlone: true, disability: false, lowIncome: false } : special < 0.04 ? { elderlyAlone: false, disability: true, lowIncome: false } : special < 0.06 ? { elderlyAlone: false, disability: false, lowIncome: true } : null;
        const extra: Partial<Insertable<Database['people']>> = {};
        if (flags) {
          const idNumber = syntheticIdNumber(rng);
          extra.flags_cipher = deps.cipher.encrypt(JSON.stringify(flags));
          extra.id_number_cipher = deps.cipher.encrypt(idNumber);
          extra.id_number_hash = deps.cipher.lookupHash('id_number', idNumber);
        }
        person = addPerson(personName(rng), undefined, extra);
        if (flags) consentsFor.push(person);
        lastOwner = person;

      }
      roles.push({ person, role: 'owner', node: h });
      if (person !== developer) ownersOf.set(c.node, [...(ownersOf.get(c.node) ?? []), person]);
    }
  }

  progress('writing');
  const now = new Date();
  const personIds = await deps.db.transaction().execute(async (trx) => {
    await insertMany(trx, 'places', nodes.map((n) => ({
      id: n.id!, district_id: districtId, parent_id: n.parent < 0 ? null : nodes[n.parent]!.id!, kind: n.kind, name: n.name, code: n.code, path: n.path!, depth: depthOf(n.path!),
    })));
    await insertMany(trx, 'community_profiles', communities.map((cm) => ({ place_id: nodes[cm.node]!.id!, district_id: districtId, community_class: cm.cls, tags: cm.cls === 'old' ? ['老旧小区改造'] : [] })));
    await insertMany(trx, 'playbooks', Object.entries(PLAYBOOKS).map(([cls, body]) => ({ district_id: districtId, community_class: cls, body })));
    let conventions = 0;
    await insertMany(trx, 'compound_profiles', compounds.map((c) => {
      const hasConvention = c.kind === 'old' && conventions < 46 && (conventions++, true);
      return {
        place_id: nodes[c.node]!.id!,
        district_id: districtId,
        compound_kind: c.kind,
        build_year: c.kind === 'old' ? rng.int(1980, 1999) : rng.int(2000, 2022),
        household_count: c.households.length,
        property_company: propertyOf.get(c.node) ?? null,
        committee_type: c.committee,
        follow_majority: c.committee === 'owners_committee' && rng.next() < 0.2,
        convention: hasConvention ? `${nodes[c.node]!.name}公约：爱护公共设施，文明养犬，垃圾分类，按规定停车，邻里互助。` : null,
        service_point_address: `${nodes[c.node]!.name}${rng.int(1, 3)}幢底层专员服务点`,
        service_point_hours: '周一至周五 8:30-17:30；紧急事务随时呼叫',
      };
    }));
    await insertMany(trx, 'households', compounds.flatMap((c) => c.households.map((h) => ({
      place_id: nodes[h]!.id!, district_id: districtId, exclusive_area: Math.round((c.kind === 'old' ? 45 + rng.next() * 40 : 60 + rng.next() * 90) * 100) / 100, area_source: 'register',
    }))));
    await insertMany(trx, 'grid_buildings', compounds.flatMap((c) => {
      const cm = communities.find((x) => x.node === c.community)!;
      return c.buildings.map((b, i) => ({ district_id: districtId, grid_id: nodes[cm.grids[i % 2]!]!.id!, building_id: nodes[b]!.id! }));
    }));
    const personIds = await insertPeopleReturningIds(trx, people);
    await insertMany(trx, 'role_assignments', roles.map((r) => ({
      district_id: districtId, person_id: personIds[r.person]!, role: r.role, place_id: nodes[r.node]!.id!, place_path: nodes[r.node]!.path!, is_local: r.local ?? false, valid_from: now,
    })));
    await insertMany(trx, 'consents', consentsFor.map((p) => ({ district_id: districtId, person_id: personIds[p]!, purpose: 'sensitive_profile', granted_at: now })));
    return personIds;
  });
  progress('requests');
  await ensureDistrictSetup(deps.db, districtId);
  const requests = await seedDemoRequests(deps.db, rng, now, {
    districtId,
    departments: departments.map((d) => nodes[d]!.id!),
    compounds: compounds.map((c) => ({
      id: nodes[c.node]!.id!,
      path: nodes[c.node]!.path!,
      committee: c.committee,
      owners: (ownersOf.get(c.node) ?? []).map((p) => personIds[p]!),
      commissioner: personIds[roles.find((r) => r.role === 'commissioner' && r.node === c.node)!.person]!,
    })),
  });
  await seedDemoParty(deps, now, districtId);
  await seedDemoWishes(deps.db, rng, now, districtId, [firstCompound, ...compounds.filter((c) => c !== firstCompound).slice(0, 29)].map((c) => ({ id: nodes[c.node]!.id!, path: nodes[c.node]!.path!, owners: (ownersOf.get(c.node) ?? []).map((p) => personIds[p]!) })));
  await seedDemoStore(deps, now, districtId);
  await seedDemoVolunteering(deps, now, districtId);
  await seedDemoDeliberation(deps, now, districtId);
  await seedDemoProjects(deps, now, districtId);
  await seedDemoConventions(deps, now, districtId);
  // Fresh statistics, so the planner does not treat 100,000 new rows as an empty table (PGlite never autovacuums).
  await analyze(deps.db);
  const households = compounds.reduce((n, c) => n + c.households.length, 0);
  return { skipped: false, districtId, places: nodes.length, households, people: people.length, roles: roles.length, requests, ms: Date.now() - started };
}

export async function databaseIsEmpty(db: Db): Promise<boolean> {
  return (await countPlaces(db)) === 0;
}
