import type { PersonalDataCipher } from '../../platform/personal-data.ts';
import { maskIdNumber, maskPhone } from '../../platform/personal-data.ts';
import type { ActivityDto, VolunteerDto } from './volunteering.schemas.ts';
import type { ActivityRow, VolunteerRow } from './volunteering.repository.ts';

/** Row → API shapes. Sensitive fields leave only masked; masked reads are not access-logged (as in people). */
export function volunteerDto(v: VolunteerRow, cipher: PersonalDataCipher): VolunteerDto {
  return {
    id: v.id,
    personId: v.person_id,
    name: v.name,
    sex: v.sex,
    birthDate: String(v.birth_date).slice(0, 10),
    idNumberMasked: v.id_number_cipher ? maskIdNumber(cipher.decrypt(v.id_number_cipher)) : null,
    phoneMasked: maskPhone(cipher.decrypt(v.phone_cipher)),
    homePlace: { id: v.home_place_id, name: v.home_place_name },
    skills: v.skills,
    serviceCategories: v.service_categories,
    recordingOrg: v.recording_org,
    registeredAt: v.created_at.toISOString(),
  };
}

export function activityDto(a: ActivityRow): ActivityDto {
  return {
    id: a.id,
    kind: a.kind,
    title: a.title,
    content: a.content,
    place: { id: a.place_id, name: a.place_name },
    address: a.address,
    startsAt: a.starts_at.toISOString(),
    endsAt: a.ends_at.toISOString(),
    slots: a.slots,
    confirmed: Number(a.confirmed ?? 0),
    waitlisted: Number(a.waitlisted ?? 0),
    skillsWanted: a.skills_wanted,
    need: a.need,
    team: a.team_id ? { id: a.team_id, name: a.team_name ?? '' } : null,
    organiser: { id: a.organiser_id, name: a.organiser_name },
    recordingOrg: a.recording_org,
    status: a.status,
  };
}

/** Distance between two places on the tree (steps up to the common ancestor and down again): "nearest" without coordinates. */
export function treeDistance(a: string, b: string): number {
  const pa = a.split('/').filter(Boolean);
  const pb = b.split('/').filter(Boolean);
  let k = 0;
  while (k < pa.length && k < pb.length && pa[k] === pb[k]) k += 1;
  return pa.length - k + (pb.length - k);
}

/** 张三 → 张*; 欧阳小明 → 欧***: the public verification page shows no full name. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? name : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}
