import type { Db } from '../db/create-db.ts';
import type { PersonalDataCipher } from '../platform/personal-data.ts';
import * as repo from '../modules/volunteering/volunteering.repository.ts';

/**
 * The demo district's volunteering, synthetic: the demo resident and the demo volunteer registered (with consent),
 * a few owners of the first community as volunteers, a social-worker-led team, two past activities with confirmed
 * hours (one corrected), and three upcoming ones, one of them nearly full. Points for the demo hours are not
 * earned here (the store's demo already credits the resident).
 */
export async function seedDemoVolunteering(deps: { db: Db; cipher: PersonalDataCipher }, now: Date, districtId: number): Promise<void> {
  const db = deps.db;
  const byPhone = (phone: string) =>
    db.selectFrom('people as p').innerJoin('role_assignments as r', 'r.person_id', 'p.id')
      .select(['p.id', 'r.place_id', 'r.place_path']).where('p.phone_hash', '=', deps.cipher.lookupHash('phone', phone)).orderBy('r.id').executeTakeFirstOrThrow();
  const resident = await byPhone('13800000005');
  const volunteer = await byPhone('13800000015');
  const worker = await byPhone('13800000003');
  const community = (await db.selectFrom('places').select(['id', 'name', 'path']).where('id', '=', worker.place_id).executeTakeFirstOrThrow());
  const compoundPath = resident.place_path.split('/').filter(Boolean).slice(0, 4); // district, street, community, compound
  const compound = await db.selectFrom('places').select(['id', 'name', 'path']).where('id', '=', Number(compoundPath.at(-1))).executeTakeFirstOrThrow();
  // An owner of several households holds several roles: one volunteer per person.
  // Owners that are companies (a developer holding unsold flats) are not volunteers.
  const ownerRoles = await db.selectFrom('role_assignments as ra').innerJoin('people as pp', 'pp.id', 'ra.person_id').select(['ra.person_id', 'ra.place_id', 'ra.place_path']).where('pp.name', 'not like', '%公司%').where('ra.district_id', '=', districtId).where('ra.role', '=', 'owner')
    .where('ra.place_path', 'like', `${community.path}%`).where('ra.person_id', 'not in', [resident.id, volunteer.id]).orderBy('ra.person_id').orderBy('ra.id').limit(40).execute();
  const owners = ownerRoles.filter((o, i) => ownerRoles.findIndex((x) => x.person_id === o.person_id) === i).slice(0, 8);
  const recordingOrg = `${community.name}居民委员会`;
  const day = (n: number, hour = 9) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + n, hour - 8));
  const SKILLS = [['急救', '陪伴照护'], ['电工', '维修'], ['心理疏导'], ['法律咨询'], ['文艺', '摄影'], ['驾驶'], ['急救'], ['外语']];

  await db.transaction().execute(async (trx) => {
    const register = (personId: number, place: { place_id: number; place_path: string }, i: number, skills: string[]) =>
      repo.insertVolunteer(trx, {
        district_id: districtId, person_id: personId, sex: i % 2 ? 'male' : 'female', birth_date: `${1960 + ((i * 7) % 40)}-0${1 + (i % 9)}-1${i % 9}`,
        id_number_cipher: null, id_number_hash: null, home_place_id: place.place_id, home_place_path: place.place_path, skills: JSON.stringify(skills),
        service_categories: JSON.stringify(['社区服务', i % 2 ? '助老助残' : '环境保护']), recording_org: recordingOrg, consent_at: day(-60), registered_by: personId, created_at: day(-60),
      });
    const me = await register(resident.id, resident, 0, ['急救', '陪伴照护']);
    const demoVolunteer = await register(volunteer.id, volunteer, 1, ['电工', '维修']);
    const others = [];
    for (const [i, o] of owners.entries()) others.push(await register(o.person_id, o, i + 2, SKILLS[i % SKILLS.length]!));

    const team = await repo.insertTeam(trx, {
      district_id: districtId, name: '邻里守望志愿服务队', place_id: community.id, place_path: community.path, led_by_social_worker: true, leader_id: worker.id,
      organisation: null, created_at: day(-90),
    });
    for (const v of [me, demoVolunteer, ...others.slice(0, 4)]) await repo.insertTeamMember(trx, { district_id: districtId, team_id: team, volunteer_id: v, joined_at: day(-90) });

    const activity = (title: string, content: string, start: Date, hours: number, slots: number, skills: string[], place = compound) =>
      repo.insertActivity(trx, {
        district_id: districtId, title, content, place_id: place.id, place_path: place.path, address: `${place.name}服务点`, starts_at: start,
        ends_at: new Date(start.getTime() + hours * 3600_000), slots, skills_wanted: JSON.stringify(skills), need: null, team_id: team, organiser_id: worker.id,
        recording_org: recordingOrg, created_at: new Date(start.getTime() - 7 * 86_400_000),
      });
    const attended = async (activityId: number, volunteerId: number, start: Date, minutes: number, corrected?: { minutes: number; reason: string }) => {
      const signup = await repo.insertSignup(trx, {
        district_id: districtId, activity_id: activityId, volunteer_id: volunteerId, status: 'confirmed', signed_up_at: new Date(start.getTime() - 3 * 86_400_000), idempotency_key: null,
      });
      await repo.updateSignup(trx, signup, { checked_in_at: start, checked_out_at: new Date(start.getTime() + minutes * 60_000) });
      const first = await repo.insertHours(trx, {
        district_id: districtId, signup_id: signup, activity_id: activityId, volunteer_id: volunteerId, minutes, measured_minutes: minutes, kind: 'confirmed',
        supersedes_id: null, reason: null, recorded_by: worker.id, recorded_at: new Date(start.getTime() + 86_400_000),
      });
      if (corrected) {
        await repo.insertHours(trx, {
          district_id: districtId, signup_id: signup, activity_id: activityId, volunteer_id: volunteerId, minutes: corrected.minutes, measured_minutes: minutes, kind: 'corrected',
          supersedes_id: first, reason: corrected.reason, recorded_by: worker.id, recorded_at: new Date(start.getTime() + 2 * 86_400_000),
        });
      }
    };
    const past1 = day(-12);
    const a1 = await activity('敬老院陪伴日', '陪伴老人聊天、读报，协助午餐', past1, 3, 10, ['陪伴照护']);
    await attended(a1, me, past1, 180);
    for (const v of others.slice(0, 3)) await attended(a1, v, past1, 170);
    const past2 = day(-5, 14);
    const a2 = await activity('楼道清洁与消防宣传', '清理楼道堆物，张贴消防提示，检查灭火器', past2, 2, 8, []);
    await attended(a2, me, past2, 125, { minutes: 120, reason: '按活动安排时长记录' });
    await attended(a2, demoVolunteer, past2, 118);
    // In progress when the demo starts (began within the last hour, runs 8 hours), so its QR check-in can be tried at once:
    // a scan counts only inside the activity's time.
    const hourAgo = new Date(Math.floor(now.getTime() / 3600_000) * 3600_000 - 3600_000);
    await activity('社区义诊与急救培训', '配合社区卫生服务中心开展义诊，教居民心肺复苏', hourAgo, 8, 6, ['急救']);
    const full = await activity('小家电义务维修', '为独居老人上门维修小家电、更换灯具', day(6, 14), 3, 2, ['电工', '维修']);
    for (const v of others.slice(3, 5)) {
      await repo.insertSignup(trx, { district_id: districtId, activity_id: full, volunteer_id: v, status: 'confirmed', signed_up_at: day(-1), idempotency_key: null });
    }
    await activity('垃圾分类督导', '早高峰在投放点引导居民分类投放', day(9, 7), 2, 12, [], community);
  });
}
