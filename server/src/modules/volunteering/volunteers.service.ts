import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { isValidIdNumber } from '../../platform/identity.ts';
import { assertInScope, scopeFor } from '../../platform/scope.ts';
import type { Executor } from '../../platform/audit.repository.ts';
import { volunteerDto } from './dto.ts';
import * as repo from './volunteering.repository.ts';
import type { CreateTeamInput, RegisterSelfInput, RegisterVolunteerInput, VolunteerDto, VolunteersQuery } from './volunteering.schemas.ts';

/**
 * The recording organisation (记录单位) of a place: its community's residents' committee (办法 art. 26: community
 * groups record under the residents' committee); a street or district records under its own name.
 */
export async function recordingOrgOf(db: Executor, placePath: string): Promise<string> {
  const chain = await repo.findPlacesOnPath(db, placePath);
  const community = chain.find((p) => p.kind === 'community');
  if (community) return `${community.name}居民委员会`;
  return chain.at(-1)?.name ?? '';
}

type Profile = Omit<RegisterSelfInput, 'consent'> & { consent: boolean };

async function register(deps: Deps, caller: Caller, personId: number, input: Profile): Promise<number> {
  if (!input.consent) throw new AppError('VOLUNTEER_CONSENT_REQUIRED');
  const now = deps.clock.now();
  if (input.idNumber && !isValidIdNumber(input.idNumber, now)) throw new AppError('INVALID_ID_NUMBER');
  if (Number.isNaN(Date.parse(`${input.birthDate}T00:00:00Z`)) || Date.parse(`${input.birthDate}T00:00:00Z`) > now.getTime()) {
    throw new AppError('VALIDATION_FAILED', {}, { issues: [{ path: ['birthDate'], message: 'not a real date in the past' }] });
  }
  const person = await repo.findPersonBasics(deps.db, personId);
  const home = await repo.findPlace(deps.db, input.homePlaceId);
  if (!person || person.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
  if (!home || home.district_id !== caller.districtId) {
    throw new AppError('VALIDATION_FAILED', {}, { issues: [{ path: ['homePlaceId'], message: 'no such place in this district' }] });
  }
  if (await repo.findVolunteerByPerson(deps.db, personId)) throw new AppError('VOLUNTEER_ALREADY_REGISTERED');
  const recordingOrg = await recordingOrgOf(deps.db, home.path);
  return deps.db.transaction().execute(async (trx) => {
    let id: number;
    try {
      id = await repo.insertVolunteer(trx, {
        district_id: caller.districtId, person_id: personId, sex: input.sex, birth_date: input.birthDate,
        id_number_cipher: input.idNumber ? deps.cipher.encrypt(input.idNumber.toUpperCase()) : null,
        id_number_hash: input.idNumber ? deps.cipher.lookupHash('id_number', input.idNumber) : null,
        home_place_id: home.id, home_place_path: home.path, skills: JSON.stringify(input.skills), service_categories: JSON.stringify(input.serviceCategories),
        recording_org: recordingOrg, consent_at: now, registered_by: caller.personId, created_at: now,
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw new AppError('VOLUNTEER_ALREADY_REGISTERED', {}, { cause: String(err) });
      throw err;
    }
    await auditAction(trx, caller, 'volunteer.register', { type: 'volunteer', id }, { personId, consent: true, self: personId === caller.personId });
    return id;
  });
}

/** 志愿者注册: a signed-in person registers themselves, consenting to the record. */
export async function registerSelf(deps: Deps, caller: Caller, input: RegisterSelfInput): Promise<VolunteerDto> {
  const id = await register(deps, caller, caller.personId, input);
  return volunteerDto((await repo.findVolunteer(deps.db, id))!, deps.cipher);
}

/** Staff register a person already on the people register, with the consent the person gave (e.g. on paper). */
export async function registerVolunteer(deps: Deps, caller: Caller, input: RegisterVolunteerInput): Promise<VolunteerDto> {
  const scope = scopeFor(caller.roles, 'volunteering.manage');
  const home = await repo.findPlace(deps.db, input.homePlaceId);
  assertInScope(scope, home?.path);
  const id = await register(deps, caller, input.personId, input);
  return volunteerDto((await repo.findVolunteer(deps.db, id))!, deps.cipher);
}

export async function myVolunteer(deps: Deps, caller: Caller): Promise<{ volunteer: VolunteerDto | null }> {
  const v = await repo.findVolunteerByPerson(deps.db, caller.personId);
  return { volunteer: v ? volunteerDto(v, deps.cipher) : null };
}

export async function requireMyVolunteer(deps: Deps, caller: Caller) {
  const v = await repo.findVolunteerByPerson(deps.db, caller.personId);
  if (!v) throw new AppError('VOLUNTEER_NOT_REGISTERED');
  return v;
}

export async function listVolunteers(deps: Deps, caller: Caller, q: VolunteersQuery) {
  const scope = scopeFor(caller.roles, 'volunteering.manage');
  let placePath: string | undefined;
  if (q.placeId) {
    const p = await repo.findPlace(deps.db, q.placeId);
    assertInScope(scope, p?.path);
    placePath = p!.path;
  }
  const page = await repo.listVolunteers(deps.db, scope, { placePath, skill: q.skill, page: q.page, pageSize: q.pageSize });
  return { items: page.items.map((v) => volunteerDto(v, deps.cipher)), total: page.total };
}

// ── teams (志愿服务队；社工带义工) ───────────────────────────────────────────────
export async function createTeam(deps: Deps, caller: Caller, input: CreateTeamInput) {
  const scope = scopeFor(caller.roles, 'volunteering.manage');
  const place = await repo.findPlace(deps.db, input.placeId);
  assertInScope(scope, place?.path);
  const id = await deps.db.transaction().execute(async (trx) => {
    const teamId = await repo.insertTeam(trx, {
      district_id: place!.district_id, name: input.name, place_id: place!.id, place_path: place!.path, led_by_social_worker: input.ledBySocialWorker,
      leader_id: input.leaderId ?? null, organisation: input.organisation ?? null, created_at: deps.clock.now(),
    });
    await auditAction(trx, caller, 'volunteer_team.create', { type: 'volunteer_team', id: teamId }, { placeId: place!.id });
    return teamId;
  });
  return (await listTeams(deps, caller)).items.find((t) => t.id === id)!;
}

export async function listTeams(deps: Deps, caller: Caller) {
  const scope = scopeFor(caller.roles, 'volunteering.manage');
  const rows = await repo.listTeams(deps.db, scope);
  return {
    items: rows.map((t) => ({
      id: t.id, name: t.name, place: { id: t.place_id, name: t.place_name }, ledBySocialWorker: t.led_by_social_worker,
      leader: t.leader_id ? { id: t.leader_id, name: t.leader_name ?? '' } : null, organisation: t.organisation, members: Number(t.members ?? 0),
    })),
  };
}

export async function addTeamMember(deps: Deps, caller: Caller, teamId: number, volunteerId: number): Promise<void> {
  const scope = scopeFor(caller.roles, 'volunteering.manage');
  const team = await repo.findTeam(deps.db, teamId);
  assertInScope(scope, team?.place_path);
  const v = await repo.findVolunteer(deps.db, volunteerId);
  if (!v || v.district_id !== team!.district_id) throw new AppError('NOT_FOUND');
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertTeamMember(trx, { district_id: team!.district_id, team_id: teamId, volunteer_id: volunteerId, joined_at: deps.clock.now() });
    await auditAction(trx, caller, 'volunteer_team.add_member', { type: 'volunteer_team', id: teamId }, { volunteerId });
  });
}
