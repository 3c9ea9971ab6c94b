import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/helpers.ts';
import { usePostgres } from '../../test/template.ts';
import { buildWorld, CANARY, type World } from '../../test/access/world.ts';
import { findTarget, type Target } from '../../test/access/targets.ts';
import { BODY_OVERRIDES, listOperations, nonexistent, sample, send, urlFor, type Operation } from '../../test/access/requests.ts';
import { ACCESS_POLICY, expectedAccess, mayReachFirstStreet, NOT_SEEDED, ownsTarget, type Rule } from '../../test/access/policy.ts';

/**
 * The access matrix (issue 10 §2): every route the app serves × every role × a caller in scope and one outside it.
 * The expected answer comes from one declared table (test/access/policy.ts); a route missing from it fails the
 * suite. Allowed means the authority check let the request through (any answer but 401/403, and for reads not
 * 404 either); denied means 401, 403 or 404 (out of scope answers like "does not exist"). Canary strings planted in
 * the first street's rows never appear in an answer to a caller outside it.
 */
let t: TestApp;
let world: World;
let operations: Operation[];
/**
 * CI runs the whole suite on PGlite and again on PostgreSQL; the matrix checks the authority rules, not the
 * database, so CI's PGlite pass sets GONGZHI_ACCESS_MATRIX=postgres-only and the matrix runs once, on PostgreSQL.
 * `npm test` on its own runs it.
 */
const skipHere = process.env.GONGZHI_ACCESS_MATRIX === 'postgres-only' && !usePostgres();

beforeAll(async () => {
  if (skipHere) return;
  t = await buildTestApp();
  world = await buildWorld(t);
  operations = listOperations(t.app.swagger() as Parameters<typeof listOperations>[0]);
}, 900_000);
afterAll(() => t?.close());

const RECORD = process.env.GZ_ACCESS_RECORD;
/** Refusals that say why in the resident's words (not your compound, not a registered party member), as 409/422. */
const DENIAL_CODES = ['NOT_A_RESIDENT', 'PARTY_NOT_HOME', 'PARTY_NOT_MEMBER'];
const PLACE_FIELD = /[?&"](placeId|compoundId|communityId|streetId|scopePlaceId|homePlaceId)["=]/;
/** While working on the table: GZ_ACCESS_ONLY=<substring> drives only the routes whose "METHOD /path" contains it. */
const ONLY = process.env.GZ_ACCESS_ONLY;
const STREAM = /\/stream$|\/cockpit\/live$/;
const NEVER_RECORD = /\/stream$|\/cockpit\/live$|\/logout/;
const ORDER = (o: Operation) => (o.method === 'GET' ? 0 : o.method === 'DELETE' ? 2 : 1);

describe.skipIf(skipHere)('access matrix', () => {
  it('has one policy entry for every route, and none for a route that does not exist', () => {
    const served = new Set(operations.map((o) => o.key));
    expect(operations.filter((o) => !(o.key in ACCESS_POLICY)).map((o) => o.key)).toEqual([]);
    expect(Object.keys(ACCESS_POLICY).filter((k) => !served.has(k))).toEqual([]);
  });

  it('allows and denies every route for every role exactly as the policy says, and no canary leaks', async () => {
    const failures: string[] = [];
    const recorded: Record<string, Record<string, number>> = {};
    const targets: Record<string, Target | null> = {};
    const notSeeded: string[] = [];
    let checked = 0;
    const sorted = [...operations].sort((a, b) => ORDER(a) - ORDER(b));
    for (const o of sorted) {
      const rule: Rule | undefined = ACCESS_POLICY[o.key] ?? (RECORD && !NEVER_RECORD.test(o.key) ? { kind: 'signed-in' } : undefined);
      if (!rule || rule.kind === 'skip' || (ONLY && !o.key.includes(ONLY))) continue;
      let target: Target | null | undefined = /\{(?!format\})\w+\}/.test(o.path) ? await findTarget(t.deps.db, world, o.path) : undefined;
      // No row of this kind in the demo district: the route still refuses everyone an id that does not exist.
      if (target === null) {
        notSeeded.push(o.key);
        target = { params: Object.fromEntries([...o.path.matchAll(/\{(\w+)\}/g)].map((m) => [m[1]!, nonexistent(o.params[m[1]!], m[1]!)])), path: '/nowhere/' };
      }
      const ids: Record<string, string> = { personId: String(world.subjectId), ownerId: String(world.callers.find((c) => c.role === 'owner' && c.position === 'in')!.personId), communityId: String(await placeIdOf(world.anchors.community)), streetId: String(await placeIdOf(world.anchors.street)), placeId: String(await placeIdOf(target?.path ?? world.anchors.compound)), ...(target?.params ?? {}) };
      const url = urlFor(o, target?.params ?? {}, ids);
      const body = o.method === 'GET' || o.method === 'DELETE' ? undefined : (BODY_OVERRIDES[o.key] ?? (o.body ? sample(o.body, ids) : {}));
      // A route without an id that names a place (a list of one compound, a new request there) aims at that place.
      const aimedByPlace = !target && (PLACE_FIELD.test(url) || PLACE_FIELD.test(JSON.stringify(body ?? {})));
      if (aimedByPlace) target = { params: {}, path: world.anchors.compound };
      // Signed out first: only public routes answer.
      if (RECORD) targets[o.key] = target ?? null;
      const anon = rule.kind === 'public' && STREAM.test(o.key) ? { statusCode: 200, body: '' } : await send(t.app, o, url, null, body);
      if (RECORD) (recorded[o.key] ??= {}).anonymous = anon.statusCode;
      else judge(failures, o, 'anonymous', rule.kind === 'public' && target?.path !== '/nowhere/', anon);
      // Mirrors before the callers in scope, so a write that goes through cannot hide a later denial.
      // A mirror whose role the rule does not name is refused on its role alone, like its twin in scope: not sent again.
      const callers = world.callers.filter((c) => RECORD || c.position === 'in' || rule.kind !== 'roles' || rule.roles.includes(c.role));
      for (const c of callers.sort((a, b) => (a.position === b.position ? 0 : a.position === 'mirror' ? -1 : 1))) {
        const expected = target?.path === '/nowhere/' ? false : expectedAccess(rule, c, target ?? null, world);
        // A list filtered to a place out of reach may answer 404 or an empty page: either way the canary check guards it.
        const lenient = aimedByPlace && o.method === 'GET' && !expected && rule.kind === 'roles' && rule.roles.includes(c.role);
        // An event stream that lets the caller in never ends: only its refusals are driven here (its own tests cover the rest).
        if (!RECORD && STREAM.test(o.key) && expected) continue;
        const res = await send(t.app, o, url, c, body);
        checked += 1;
        if (RECORD) (recorded[o.key] ??= {})[`${c.role}/${c.position}`] = res.statusCode;
        else if (lenient) { if (res.statusCode >= 500) failures.push(`${o.key} as ${c.role}/${c.position}: ${res.statusCode}`); }
        else judge(failures, o, `${c.role}/${c.position}`, expected, res);
        if (c.position === 'mirror' && !mayReachFirstStreet(rule, c, world) && !ownsTarget(c, target ?? null) && res.body.includes(CANARY)) failures.push(`${o.key} as ${c.role}/mirror: CANARY leaked: ${snippet(res.body)}`);
      }
    }
    if (RECORD) fs.writeFileSync(RECORD, JSON.stringify({ recorded, targets, world: { ...world, callers: world.callers.map((c) => ({ role: c.role, position: c.position, placePath: c.placePath, personId: c.personId })) } }, null, 1));
    expect(failures).toEqual([]);
    if (ONLY) return;
    expect(checked).toBeGreaterThan(1000);
    // Kinds the demo district has no row of are driven with an id that does not exist only: listed, so a gap is seen.
    expect(notSeeded.sort()).toEqual([...NOT_SEEDED].sort());
  }, 1_200_000);
});

async function placeIdOf(path: string): Promise<number> {
  return Number(path.split('/').filter(Boolean).at(-1));
}

function judge(failures: string[], o: Operation, who: string, allowed: boolean, res: { statusCode: number; body: string }): void {
  const s = res.statusCode;
  if (s >= 500) failures.push(`${o.key} as ${who}: ${s} ${snippet(res.body)}`);
  else if (allowed && (s === 401 || s === 403 || (o.method === 'GET' && s === 404))) failures.push(`${o.key} as ${who}: expected allowed, got ${s} ${snippet(res.body)}`);
  else if (!allowed && ![401, 403, 404].includes(s) && !DENIAL_CODES.some((c) => res.body.includes(`"code":"${c}"`))) failures.push(`${o.key} as ${who}: expected denied, got ${s} ${snippet(res.body)}`);
}

function snippet(body: string): string {
  return body.slice(0, 160).replace(/\s+/g, ' ');
}
