import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { TreePlace } from '../../../test/factories.ts';
import type { Session } from '../../../test/helpers.ts';
import type { Deps } from '../../platform/context.ts';
import { newToken, sessionIdOf } from '../../platform/auth/session-token.ts';
import { insertSession } from '../../platform/auth/sessions.repository.ts';
import { insertPerson, insertRoleAssignment } from '../people/people.repository.ts';
import { insertMany, reservePlaceIds } from '../../seed/demo.repository.ts';

/**
 * Test fixture for owners' votes: households with an exclusive area under a unit, each with an owner, and sessions
 * for those owners written straight into the sessions table (hashing 500 passwords would take minutes and prove
 * nothing about votes). Requests still go through the API with the cookie and CSRF token.
 */
export async function addHouseholds(deps: Deps, districtId: number, under: TreePlace, areas: string[], namePrefix = '室'): Promise<TreePlace[]> {
  const ids = await reservePlaceIds(deps.db, areas.length);
  const places = ids.map((id, i) => ({ id, name: `${namePrefix}${i + 1}`, path: `${under.path}${id}/` }));
  await insertMany(deps.db, 'places', places.map((p) => ({ id: p.id, district_id: districtId, parent_id: under.id, kind: 'household' as const, name: p.name, code: null, path: p.path, depth: p.path.split('/').length - 2 })));
  await insertMany(deps.db, 'households', places.map((p, i) => ({ place_id: p.id, district_id: districtId, exclusive_area: areas[i]! as unknown as number, area_source: 'register' })));
  return places;
}

let seq = 0;
/** A person who owns the given households (several, for a multi-unit owner). */
export async function addOwner(deps: Deps, districtId: number, name: string, homes: TreePlace[]): Promise<number> {
  const phone = `136${String(process.pid % 1000).padStart(3, '0')}${String(++seq).padStart(5, '0')}`;
  const personId = await insertPerson(deps.db, {
    districtId, name, phoneCipher: deps.cipher.encrypt(phone), phoneHash: deps.cipher.lookupHash('phone', phone), idNumberCipher: null, idNumberHash: null, flagsCipher: null, passwordHash: null,
  });
  for (const h of homes) {
    await insertRoleAssignment(deps.db, { districtId, personId, role: 'owner', placeId: h.id, placePath: h.path, local: false, validFrom: new Date('2020-01-01T00:00:00Z'), validTo: null });
  }
  return personId;
}

/** An open session for a person at the clock's now (sessions end after 30 idle minutes, so open one after moving the clock). */
export async function openSession(deps: Deps, districtId: number, personId: number): Promise<Session> {
  const token = newToken();
  const csrf = crypto.randomBytes(16).toString('hex');
  await insertSession(deps.db, { id: sessionIdOf(token), districtId, personId, csrfToken: csrf, ip: null, userAgent: 'test', now: deps.clock.now() });
  return { cookie: `gz_session=${token}`, csrf, personId };
}

export function call(app: FastifyInstance, s: Session, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) {
  return app.inject({ method, url, headers: { cookie: s.cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': s.csrf }) }, ...(payload ? { payload } : {}) });
}
