import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { TestApp } from '../helpers.ts';
import { createPerson, createTree, PASSWORD, type TreePlace } from '../factories.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from '../../src/seed/demo.ts';
import { ROLES, type RoleName } from '../../src/platform/roles.ts';
import { fillGaps } from './fill-gaps.ts';

/**
 * The world the access matrix runs in (issue 10 §2): the demo district, seeded whole, so every module has real rows
 * to reach for; one caller per role at the demo's first street / community / compound (the in-scope callers), and
 * one "mirror" caller per role at the same kind of place elsewhere: the last street of the demo district for the
 * roles below the district, a second district for the district-wide ones (a token of the wrong tenant).
 *
 * Canaries: every free-text column of the rows under the first street ends with CANARY, and so does the name of
 * every person holding a role there. A mirror caller must never see it, in any answer of any route but the public
 * ones.
 */
export const CANARY = '〔canary-7f3a〕';

export type Caller = {
  role: RoleName;
  /** in: at the demo's first street (or above it); mirror: outside it. */
  position: 'in' | 'mirror';
  placePath: string;
  personId: number;
  cookie: string;
  csrf: string;
};

export type World = {
  districtId: number;
  anchors: { district: string; street: string; community: string; compound: string; household: string };
  callers: Caller[];
  /** A resident nobody signs in as: the person a generated body names (a role to grant, a person to register). */
  subjectId: number;
};

const DISTRICT_WIDE: RoleName[] = ['district_admin', 'system_admin', 'security_admin', 'audit_admin'];

async function signIn(app: FastifyInstance, phone: string, password: string) {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { phone, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in failed for ${phone}: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'gz_session')!;
  const body = res.json() as { csrfToken: string; person: { id: number } };
  return { cookie: `gz_session=${cookie.value}`, csrf: body.csrfToken, personId: body.person.id };
}

export async function buildWorld(t: TestApp): Promise<World> {
  const seeded = await seedDemo({ db: t.deps.db, cipher: t.deps.cipher });
  // The seed dates everything from the wall clock (roles valid from its "now"); the app's clock follows it.
  t.clock.set(new Date(Date.now() + 60_000));
  const db = t.deps.db;
  const districtId = seeded.districtId;
  const place = async (path: string) => db.selectFrom('places').select(['id', 'path', 'name', 'kind']).where('path', '=', path).executeTakeFirstOrThrow();
  const firstOf = async (kind: 'community' | 'compound' | 'household' | 'grid', under: string) =>
    db.selectFrom('places').select(['id', 'path', 'name']).where('kind', '=', kind).where('path', 'like', `${under}%`).orderBy('id').limit(1).executeTakeFirstOrThrow();

  // The demo accounts sit at the first street / community / compound and a household there (DEMO_ACCOUNTS).
  const byPhone = new Map<RoleName, { phone: string; path: string }>();
  for (const a of DEMO_ACCOUNTS) {
    const row = await db.selectFrom('people as p').innerJoin('role_assignments as r', 'r.person_id', 'p.id').select('r.place_path')
      .where('p.phone_hash', '=', t.deps.cipher.lookupHash('phone', a.phone)).where('r.role', '=', a.role).executeTakeFirstOrThrow();
    byPhone.set(a.role, { phone: a.phone, path: row.place_path });
  }
  const compound = byPhone.get('commissioner')!.path;
  const household = byPhone.get('owner')!.path;
  const community = byPhone.get('community_worker')!.path;
  const street = byPhone.get('street_admin')!.path;
  const district = byPhone.get('district_admin')!.path;
  const anchors = { district, street, community, compound, household };

  // The mirror places: the same kinds under the demo district's last street, and a second district.
  const lastStreet = await db.selectFrom('places').select(['id', 'path']).where('kind', '=', 'street').where('district_id', '=', districtId).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
  const mCommunity = await firstOf('community', lastStreet.path);
  const mCompound = await firstOf('compound', mCommunity.path);
  const mHousehold = await firstOf('household', mCompound.path);
  const mGrid = await firstOf('grid', mCommunity.path);
  const otherDepartment = await db.selectFrom('places').select(['id', 'path', 'name']).where('kind', '=', 'department').where('district_id', '=', districtId)
    .where('path', '!=', byPhone.get('department_staff')!.path).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
  const other = await createTree(t.deps);

  const callers: Caller[] = [];
  for (const role of ROLES) {
    // In scope: the demo account, or (for the roles without one) a person at the commissioner's compound.
    const demo = byPhone.get(role) ?? (role === 'resident' ? byPhone.get('owner') : undefined);
    let inPath: string;
    let session: Awaited<ReturnType<typeof signIn>>;
    if (demo) {
      inPath = demo.path;
      session = await signIn(t.app, demo.phone, DEMO_PASSWORD);
    } else {
      const at = await place(role === 'self_management_committee' ? compound : household);
      const p = await createPerson(t.deps, districtId, `${role}（矩阵）`, [{ role, place: at as TreePlace }]);
      inPath = at.path;
      session = await signIn(t.app, p.phone, PASSWORD);
    }
    callers.push({ role, position: 'in', placePath: inPath, ...session });

    // The mirror: the same kind of place outside the first street (or outside the district).
    const kindOf = (await db.selectFrom('places').select('kind').where('path', '=', inPath).executeTakeFirstOrThrow()).kind;
    // The resident's twin lives in the other district (a token of the wrong tenant); the owner's in the last street.
    const mirrorPlace: TreePlace = DISTRICT_WIDE.includes(role) ? other.places.D! : role === 'resident' ? other.places['A-h1']!
      : kindOf === 'street' ? lastStreet as TreePlace
        : kindOf === 'community' ? mCommunity
          : kindOf === 'compound' ? mCompound
            : kindOf === 'household' ? mHousehold
              : kindOf === 'grid' ? mGrid
                : kindOf === 'department' ? otherDepartment
                  : other.places.D!;
    const mirrorDistrict = mirrorPlace.path.startsWith(district) ? districtId : other.districtId;
    const m = await createPerson(t.deps, mirrorDistrict, `${role}（镜像）`, [{ role, place: mirrorPlace }]);
    callers.push({ role, position: 'mirror', placePath: mirrorPlace.path, ...(await signIn(t.app, m.phone, PASSWORD)) });
  }

  const subject = await createPerson(t.deps, districtId, '矩阵对象', [{ role: 'resident', place: await place(household) as TreePlace }]);
  await fillGaps(t, callers, anchors);
  await plantCanaries(t, street);
  return { districtId, anchors, callers, subjectId: subject.id };
}

/** Free-text columns that carry what a person wrote or a place is called. */
const TEXT_COLUMNS = ['name', 'title', 'description', 'body', 'content', 'location_text', 'address', 'question', 'call_text', 'goals', 'task', 'discussion', 'resolution'];
const PATH_COLUMNS = ['path', 'place_path', 'compound_path', 'community_path', 'scope_path', 'home_place_path'];

async function plantCanaries(t: TestApp, under: string): Promise<void> {
  const db = t.deps.db;
  const columns = await sql<{ table_name: string; column_name: string; data_type: string }>`
    select table_name, column_name, data_type from information_schema.columns where table_schema = 'public'`.execute(db);
  const byTable = new Map<string, { name: string; type: string }[]>();
  for (const c of columns.rows) byTable.set(c.table_name, [...(byTable.get(c.table_name) ?? []), { name: c.column_name, type: c.data_type }]);
  for (const [table, cols] of byTable) {
    const pathCol = PATH_COLUMNS.find((p) => cols.some((c) => c.name === p));
    const texts = cols.filter((c) => TEXT_COLUMNS.includes(c.name) && c.type === 'text').map((c) => c.name);
    if (!pathCol || texts.length === 0) continue;
    const sets = sql.join(texts.map((c) => sql`${sql.ref(c)} = case when ${sql.ref(c)} is null then null else ${sql.ref(c)} || ${CANARY} end`));
    await sql`update ${sql.table(table)} set ${sets} where ${sql.ref(pathCol)} like ${`${under}%`}`.execute(db);
  }
  // People named under the first street: the residents, the owners and the staff there.
  await sql`update people set name = name || ${CANARY} where id in (select person_id from role_assignments where place_path like ${`${under}%`})`.execute(db);
}
