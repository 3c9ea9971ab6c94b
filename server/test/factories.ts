import type { Deps } from '../src/platform/context.ts';
import { hashPassword } from '../src/platform/password.ts';
import type { RoleName } from '../src/platform/roles.ts';
import { insertPerson, insertRoleAssignment } from '../src/modules/people/people.repository.ts';
import { insertMany, reservePlaceIds } from '../src/seed/demo.repository.ts';
import type { PlaceKind } from '../src/db/schema.ts';

export const PASSWORD = 'Test@2026pw';

export type TreePlace = { id: number; path: string; name: string };

/**
 * A small district through the same bulk writers the demo seed uses:
 * district D → street S1 (community C1 → compounds A, B; community C2 → compound C), street S2 (community C3 → compound E).
 * Compounds A and B each have a building, a unit and two households.
 */
export async function createTree(deps: Deps) {
  const spec: { key: string; kind: PlaceKind; name: string; parent: string | null }[] = [
    { key: 'D', kind: 'district', name: '测试区', parent: null },
    { key: 'S1', kind: 'street', name: '一街道', parent: 'D' },
    { key: 'S2', kind: 'street', name: '二街道', parent: 'D' },
    { key: 'C1', kind: 'community', name: '甲社区', parent: 'S1' },
    { key: 'C2', kind: 'community', name: '乙社区', parent: 'S1' },
    { key: 'C3', kind: 'community', name: '丙社区', parent: 'S2' },
    { key: 'A', kind: 'compound', name: 'A小区', parent: 'C1' },
    { key: 'B', kind: 'compound', name: 'B小区', parent: 'C1' },
    { key: 'C', kind: 'compound', name: 'C小区', parent: 'C2' },
    { key: 'E', kind: 'compound', name: 'E小区', parent: 'C3' },
    { key: 'A-b1', kind: 'building', name: '1幢', parent: 'A' },
    { key: 'A-u1', kind: 'unit', name: '1单元', parent: 'A-b1' },
    { key: 'A-h1', kind: 'household', name: '1幢1单元101室', parent: 'A-u1' },
    { key: 'A-h2', kind: 'household', name: '1幢1单元102室', parent: 'A-u1' },
    { key: 'B-b1', kind: 'building', name: '1幢', parent: 'B' },
    { key: 'B-u1', kind: 'unit', name: '1单元', parent: 'B-b1' },
    { key: 'B-h1', kind: 'household', name: '1幢1单元101室', parent: 'B-u1' },
    { key: 'B-h2', kind: 'household', name: '1幢1单元102室', parent: 'B-u1' },
  ];
  const ids = await reservePlaceIds(deps.db, spec.length);
  const places: Record<string, TreePlace> = {};
  const districtId = ids[0]!;
  spec.forEach((s, i) => {
    const id = ids[i]!;
    places[s.key] = { id, name: s.name, path: `${s.parent ? places[s.parent]!.path : '/'}${id}/` };
  });
  await insertMany(deps.db, 'places', spec.map((s) => ({
    id: places[s.key]!.id, district_id: districtId, parent_id: s.parent ? places[s.parent]!.id : null, kind: s.kind, name: s.name,
    code: ['district', 'street', 'community', 'compound'].includes(s.kind) ? `T-${s.key}` : null,
    path: places[s.key]!.path, depth: places[s.key]!.path.split('/').length - 2,
  })));
  await insertMany(deps.db, 'compound_profiles', ['A', 'B', 'C', 'E'].map((k, i) => ({
    place_id: places[k]!.id, district_id: districtId, compound_kind: i % 2 ? 'old' : 'commercial', household_count: 2,
    committee_type: i % 2 ? 'self_management_committee' : 'owners_committee', service_point_address: `${k}小区服务点`, service_point_hours: '8:30-17:30',
  })));
  await insertMany(deps.db, 'community_profiles', ['C1', 'C2', 'C3'].map((k) => ({ place_id: places[k]!.id, district_id: districtId, community_class: 'urban' })));
  await insertMany(deps.db, 'households', ['A-h1', 'A-h2', 'B-h1', 'B-h2'].map((k) => ({ place_id: places[k]!.id, district_id: districtId, exclusive_area: 88.5, area_source: 'register' })));
  return { districtId, places };
}

let phoneSeq = 0;
export function nextPhone(): string {
  phoneSeq += 1;
  return `137${String(process.pid % 10000).padStart(4, '0')}${String(phoneSeq).padStart(4, '0')}`;
}

/** A person with a password and roles, written through the people repository. */
export async function createPerson(
  deps: Deps,
  districtId: number,
  name: string,
  roles: { role: RoleName; place: TreePlace; local?: boolean }[],
  extra: { idNumber?: string; flags?: Record<string, boolean>; phone?: string } = {},
) {
  const phone = extra.phone ?? nextPhone();
  const id = await insertPerson(deps.db, {
    districtId,
    name,
    phoneCipher: deps.cipher.encrypt(phone),
    phoneHash: deps.cipher.lookupHash('phone', phone),
    idNumberCipher: extra.idNumber ? deps.cipher.encrypt(extra.idNumber) : null,
    idNumberHash: extra.idNumber ? deps.cipher.lookupHash('id_number', extra.idNumber) : null,
    flagsCipher: extra.flags ? deps.cipher.encrypt(JSON.stringify(extra.flags)) : null,
    passwordHash: await hashPassword(PASSWORD),
  });
  for (const r of roles) {
    await insertRoleAssignment(deps.db, {
      districtId, personId: id, role: r.role, placeId: r.place.id, placePath: r.place.path, local: r.local ?? false,
      validFrom: new Date('2020-01-01T00:00:00Z'), validTo: null,
    });
  }
  return { id, phone, name };
}
