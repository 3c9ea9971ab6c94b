import { z } from 'zod';
import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { isStrongPassword, isValidIdNumber } from '../../platform/identity.ts';
import { hashPassword } from '../../platform/password.ts';
import { maskIdNumber, maskPhone } from '../../platform/personal-data.ts';
import { canGrantRole, type RoleName } from '../../platform/roles.ts';
import { assertAdminRolesApart, isSeparatedAdminRole } from '../../platform/separation-of-duties.ts';
import { assertInScope, scopeFor } from '../../platform/scope.ts';
import { roleAssignmentDto } from '../auth/index.ts';
import { ancestorIds, compoundCards } from '../places/index.ts';
import * as repo from './people.repository.ts';
import type {
  CreatePersonInput,
  CreateRoleInput,
  SpecialFlags,
  homeSchema,
  peoplePageSchema,
  peopleQuerySchema,
  personDetailSchema,
  revealResultSchema,
} from './people.schemas.ts';

type PeopleQuery = z.infer<typeof peopleQuerySchema>;

async function placePathInScope(deps: Deps, caller: Caller, permission: 'people.read' | 'people.write' | 'roles.assign', placeId: number) {
  const scope = scopeFor(caller.roles, permission);
  const place = await repo.findPlaceForRole(deps.db, placeId);
  assertInScope(scope, place?.path);
  return { scope, place: place! };
}

export async function listPeople(deps: Deps, caller: Caller, query: PeopleQuery): Promise<z.infer<typeof peoplePageSchema>> {
  const scope = scopeFor(caller.roles, 'people.read');
  const now = deps.clock.now();
  const filter: repo.PeopleFilter = {};
  if (query.placeId) filter.placePath = (await placePathInScope(deps, caller, 'people.read', query.placeId)).place.path;
  if (query.role) filter.role = query.role;
  if (query.q) {
    if (/^1[3-9]\d{9}$/.test(query.q)) filter.phoneHash = deps.cipher.lookupHash('phone', query.q);
    else filter.name = query.q;
  }
  const page = await repo.listPeople(deps.db, scope, filter, now, query.page, query.pageSize);
  const roles = await repo.findActiveRolesOf(deps.db, page.items.map((p) => p.id), now);
  return {
    total: page.total,
    items: page.items.map((p) => ({
      id: p.id,
      name: p.name,
      phoneMasked: maskPhone(deps.cipher.decrypt(p.phone_cipher)),
      roles: roles.filter((r) => r.person_id === p.id).map(roleAssignmentDto),
    })),
  };
}

async function personInScope(deps: Deps, caller: Caller, permission: 'people.read' | 'people.reveal', id: number) {
  const scope = scopeFor(caller.roles, permission);
  const person = await repo.findPersonInScope(deps.db, scope, id, deps.clock.now());
  if (!person) throw new AppError('NOT_FOUND');
  return person;
}

/** A person's record with every sensitive field masked; masked reads are not access-logged. */
export async function getPerson(deps: Deps, caller: Caller, id: number): Promise<z.infer<typeof personDetailSchema>> {
  const p = await personInScope(deps, caller, 'people.read', id);
  const now = deps.clock.now();
  const [roles, consents] = await Promise.all([repo.findActiveRolesOf(deps.db, [id], now), repo.findConsents(deps.db, id)]);
  return {
    id: p.id,
    name: p.name,
    phoneMasked: maskPhone(deps.cipher.decrypt(p.phone_cipher)),
    idNumberMasked: p.id_number_cipher ? maskIdNumber(deps.cipher.decrypt(p.id_number_cipher)) : null,
    hasSensitiveFlags: p.flags_cipher !== null,
    roles: roles.map(roleAssignmentDto),
    consents: consents.map((c) => ({ purpose: c.purpose, grantedAt: c.granted_at.toISOString(), withdrawnAt: c.withdrawn_at?.toISOString() ?? null })),
  };
}

/** Unmasked sensitive fields, for roles that serve the person, with a stated reason: every read is logged. */
export async function revealPerson(
  deps: Deps,
  caller: Caller,
  id: number,
  fields: ('phone' | 'idNumber' | 'flags')[],
  reason: string,
): Promise<z.infer<typeof revealResultSchema>> {
  const p = await personInScope(deps, caller, 'people.reveal', id);
  const out: z.infer<typeof revealResultSchema> = {};
  if (fields.includes('phone')) out.phone = deps.cipher.decrypt(p.phone_cipher);
  if (fields.includes('idNumber')) out.idNumber = p.id_number_cipher ? deps.cipher.decrypt(p.id_number_cipher) : null;
  if (fields.includes('flags')) out.flags = p.flags_cipher ? (JSON.parse(deps.cipher.decrypt(p.flags_cipher)) as SpecialFlags) : null;
  await auditAction(deps.db, caller, 'personal_data.read', { type: 'person', id }, { fields, reason });
  return out;
}

export async function createPerson(deps: Deps, caller: Caller, input: CreatePersonInput) {
  const { place } = await placePathInScope(deps, caller, 'people.write', input.placeId);
  if (!canGrantRole(caller.roles.map((r) => r.role), input.role)) throw new AppError('FORBIDDEN');
  if (input.idNumber && !isValidIdNumber(input.idNumber)) throw new AppError('INVALID_ID_NUMBER');
  if (input.password && !isStrongPassword(input.password)) throw new AppError('WEAK_PASSWORD');
  if ((input.idNumber || input.flags) && !input.sensitiveConsent) {
    throw new AppError('VALIDATION_FAILED', {}, { issues: [{ path: ['sensitiveConsent'], message: 'sensitive fields need separate consent (PIPL art. 29)' }] });
  }
  const phoneHash = deps.cipher.lookupHash('phone', input.phone);
  if (await repo.findPersonIdByPhoneHash(deps.db, phoneHash)) throw new AppError('PHONE_TAKEN');
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const now = deps.clock.now();
  const id = await deps.db.transaction().execute(async (trx) => {
    const personId = await repo.insertPerson(trx, {
      districtId: place.district_id,
      name: input.name,
      phoneCipher: deps.cipher.encrypt(input.phone),
      phoneHash,
      idNumberCipher: input.idNumber ? deps.cipher.encrypt(input.idNumber) : null,
      idNumberHash: input.idNumber ? deps.cipher.lookupHash('id_number', input.idNumber) : null,
      flagsCipher: input.flags ? deps.cipher.encrypt(JSON.stringify(input.flags)) : null,
      passwordHash,
    });
    if (input.sensitiveConsent) {
      await repo.insertConsent(trx, { districtId: place.district_id, personId, purpose: 'sensitive_profile', recordedBy: caller.personId, now });
    }
    await repo.insertRoleAssignment(trx, {
      districtId: place.district_id,
      personId,
      role: input.role,
      placeId: place.id,
      placePath: place.path,
      local: false,
      validFrom: now,
      validTo: null,
    });
    await auditAction(trx, caller, 'person.create', { type: 'person', id: personId }, { role: input.role, placeId: place.id });
    return personId;
  });
  return getPerson(deps, caller, id);
}

export async function assignRole(deps: Deps, caller: Caller, input: CreateRoleInput) {
  const { place } = await placePathInScope(deps, caller, 'roles.assign', input.placeId);
  if (!canGrantRole(caller.roles.map((r) => r.role), input.role as RoleName)) throw new AppError('FORBIDDEN');
  // The person must already be visible to the caller, or role assignment would be a way to reach anybody.
  await personInScope(deps, caller, 'people.read', input.personId);
  const now = deps.clock.now();
  const validFrom = input.validFrom ? new Date(input.validFrom) : now;
  const validTo = input.validTo ? new Date(input.validTo) : null;
  if (validTo && validTo <= validFrom) {
    throw new AppError('VALIDATION_FAILED', {}, { issues: [{ path: ['validTo'], message: 'validTo must be after validFrom' }] });
  }
  const id = await deps.db.transaction().execute(async (trx) => {
    if (isSeparatedAdminRole(input.role)) {
      await repo.lockPerson(trx, input.personId);
      assertAdminRolesApart(await repo.rolesNotEndedBy(trx, input.personId, validFrom), input.role);
    }
    const roleId = await repo.insertRoleAssignment(trx, {
      districtId: place.district_id,
      personId: input.personId,
      role: input.role,
      placeId: place.id,
      placePath: place.path,
      local: input.local,
      validFrom,
      validTo,
    });
    await auditAction(trx, caller, 'role.assign', { type: 'role_assignment', id: roleId }, { personId: input.personId, role: input.role, placeId: place.id });
    return roleId;
  });
  const [row] = (await repo.findActiveRolesOf(deps.db, [input.personId], validFrom)).filter((r) => r.id === id);
  if (!row) throw new AppError('NOT_FOUND');
  return roleAssignmentDto(row);
}

export async function endRole(deps: Deps, caller: Caller, roleAssignmentId: number): Promise<void> {
  const scope = scopeFor(caller.roles, 'roles.assign');
  const ra = await repo.findRoleAssignment(deps.db, roleAssignmentId);
  assertInScope(scope, ra?.place_path);
  if (!canGrantRole(caller.roles.map((r) => r.role), ra!.role as RoleName)) throw new AppError('FORBIDDEN');
  await deps.db.transaction().execute(async (trx) => {
    await repo.endRoleAssignment(trx, roleAssignmentId, deps.clock.now());
    await auditAction(trx, caller, 'role.end', { type: 'role_assignment', id: roleAssignmentId }, { personId: ra!.person_id, role: ra!.role });
  });
}

/** 我的家: the resident's households, compound, community, commissioner and service point. */
export async function myHome(deps: Deps, caller: Caller): Promise<z.infer<typeof homeSchema>> {
  // An owner who also lives there holds two roles on one household: show it once, as owner.
  const byHousehold = new Map<number, Awaited<ReturnType<typeof repo.findHomes>>[number]>();
  for (const h of await repo.findHomes(deps.db, caller.personId, deps.clock.now())) {
    if (!byHousehold.has(h.id) || h.role === 'owner') byHousehold.set(h.id, h);
  }
  const homes = [...byHousehold.values()];
  // Path: /district/street/community/compound/building/unit/household/ → the compound is the 4th id.
  const compoundOf = (path: string) => ancestorIds(path)[3]!;
  const cards = await compoundCards(deps, [...new Set(homes.map((h) => compoundOf(h.path)))]);
  return {
    homes: homes.flatMap((h) => {
      const card = cards.get(compoundOf(h.path));
      if (!card) return [];
      return [{
        householdId: h.id,
        householdName: h.name,
        relation: h.role as 'owner' | 'resident',
        compound: { id: card.id, name: card.name, servicePoint: card.servicePoint },
        community: card.community,
        commissioners: card.commissioners,
      }];
    }),
  };
}
