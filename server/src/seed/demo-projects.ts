import sharp from 'sharp';
import { setMatchingRule } from '../modules/funds/matching.service.ts';
import * as media from '../modules/projects/report-media.service.ts';
import { raiseObjection } from '../modules/projects/objections.service.ts';
import type { Db } from '../db/create-db.ts';
import type { Caller, Deps } from '../platform/context.ts';
import type { PersonalDataCipher } from '../platform/personal-data.ts';
import type { ActiveRole } from '../platform/scope.ts';
import type { RoleName } from '../platform/roles.ts';
import { upsertDemand } from '../modules/demands/demands.repository.ts';
import * as orgs from '../modules/organisations/organisations.service.ts';
import * as funds from '../modules/funds/funds.service.ts';
import * as projects from '../modules/projects/projects.service.ts';
import * as procurement from '../modules/projects/procurement.service.ts';
import * as delivery from '../modules/projects/delivery.service.ts';

const DAY = 86_400_000;

/**
 * The demo district's project-based governance, synthetic and written through the modules' own services (so
 * every rule holds and every amount is on the ledger): a hub organisation and two community organisations (one
 * graduated from incubation, both in the purchase directory), the district pool (2,000,000 yuan), the first
 * street's 1:1 match, a community fund with donations; one brand project in delivery (a round with two scored
 * applicants, a contract with two tranches, the first paid, a progress report), one waiting for the street's
 * approval, one with an open call; and two open needs on the demand list to turn into projects.
 */
export async function seedDemoProjects(base: { db: Db; cipher: PersonalDataCipher }, now: Date, districtId: number): Promise<void> {
  const db = base.db;
  let at = new Date(now.getTime() - 60 * DAY);
  // The services read only the database, the cipher, the clock and the notice period.
  const deps = { ...base, clock: { now: () => at }, config: { noticeDays: 5 } } as unknown as Deps;
  const callerFor = async (phone: string): Promise<Caller> => {
    const rows = await db.selectFrom('people as p').innerJoin('role_assignments as r', 'r.person_id', 'p.id')
      .select(['p.id', 'p.name', 'r.id as role_id', 'r.role', 'r.place_id', 'r.place_path']).where('p.phone_hash', '=', base.cipher.lookupHash('phone', phone)).execute();
    const roles: ActiveRole[] = rows.map((r) => ({ id: r.role_id, role: r.role as RoleName, placeId: r.place_id, placePath: r.place_path, districtId }));
    return { personId: rows[0]!.id, districtId, name: rows[0]!.name, sessionId: 'seed', csrfToken: 'seed', roles, ip: null };
  };
  const district = await callerFor('13800000001');
  const street = await callerFor('13800000002');
  const worker = await callerFor('13800000003');
  const orgStaff = await callerFor('13800000014');
  const expert = await callerFor('13800000018');
  const resident = await callerFor('13800000005');
  const roleOf = (c: Caller, role: RoleName) => c.roles.find((r) => r.role === role)!;
  const streetPlace = roleOf(street, 'street_admin');
  const community = roleOf(worker, 'community_worker');
  const home = roleOf(resident, 'owner').placePath.split('/').filter(Boolean);
  const compoundId = Number(home[3]);
  const compoundPath = `/${home.slice(0, 4).join('/')}/`;

  const hub = await orgs.createOrganisation(deps, street, {
    name: '一街道社会组织服务中心（演示）', status: 'registered', personInCharge: '周主任', charter: '枢纽型社会组织：孵化、培育、服务辖区社区社会组织。',
    categories: ['governance', 'culture'], placeId: streetPlace.placeId, placesServed: [community.placeId], memberCount: 35, isHub: true, hubId: null, registeredOn: '2021-05-18',
  });
  const silver = await orgs.createOrganisation(deps, worker, {
    name: '银龄互助社（演示）', status: 'community_guided', personInCharge: '陈阿姨', charter: '简易章程：低龄老人结对帮扶高龄、独居老人。',
    categories: ['elderly', 'health'], placeId: community.placeId, placesServed: [community.placeId], memberCount: 28, isHub: false, hubId: hub.id, registeredOn: null,
  });
  const kids = await orgs.createOrganisation(deps, worker, {
    name: '小小志愿者成长营（演示）', status: 'filed', personInCharge: '林老师', charter: '简易章程：组织社区儿童参与公益、课后陪伴。',
    categories: ['children', 'culture'], placeId: community.placeId, placesServed: [community.placeId], memberCount: 16, isHub: false, hubId: hub.id, registeredOn: null,
  });
  await orgs.addIncubation(deps, worker, silver.id, { mode: 'in_station', startedOn: '2025-09-01', mentorNote: '协助制定简易章程，培训骨干 6 人。', hubId: null });
  const inc = (await orgs.getOrganisation(deps, worker, silver.id)).incubations[0]!;
  await orgs.graduateIncubation(deps, worker, silver.id, inc.id, { graduatedOn: '2026-06-30' });
  await orgs.addIncubation(deps, worker, kids.id, { mode: 'online', startedOn: '2026-07-01', mentorNote: '线上课程：项目设计与财务规范。', hubId: null });
  await orgs.addToDirectory(deps, worker, silver.id, { category: 'elderly', listedOn: '2026-07-01' });
  await orgs.addToDirectory(deps, worker, kids.id, { category: 'children', listedOn: '2026-07-01' });
  await orgs.addMember(deps, worker, silver.id, orgStaff.personId);

  const pool = await funds.createFund(deps, district, { kind: 'district_pool', placeId: districtId, name: '区级公益资金池' });
  await funds.receiveIntoFund(deps, district, pool.id, { amount: 200_000_000, source: 'appropriation', memo: '2026年度区级资金池（200万元）' }, 'demo:fund:pool');
  const match = await funds.createFund(deps, street, { kind: 'street_match', placeId: streetPlace.placeId, name: '街道 1:1 配套资金' });
  await funds.receiveIntoFund(deps, street, match.id, { amount: 50_000_000, source: 'appropriation', memo: '2026年度街道配套资金' }, 'demo:fund:street');
  const cfund = await funds.createFund(deps, worker, { kind: 'community', placeId: community.placeId, name: '社区微基金' });
  await funds.receiveIntoFund(deps, worker, cfund.id, { amount: 1_200_000, source: 'donors', memo: '辖区商户爱心捐赠' }, 'demo:fund:c1');
  await funds.receiveIntoFund(deps, worker, cfund.id, { amount: 386_600, source: 'donors', memo: '居民众筹：楼道绿植' }, 'demo:fund:c2');

  // A brand project in delivery: round with two scored applicants, contract with two tranches, the first paid.
  const rubric = [{ key: 'need', label: '需求契合度', max: 40 }, { key: 'plan', label: '方案可行性', max: 40 }, { key: 'team', label: '团队能力', max: 20 }];
  const p1 = await projects.proposeProject(deps, worker, {
    placeId: compoundId, demandId: null, title: '银龄探访·邻里守望（演示）', category: 'elderly', goals: '为小区 32 位独居、高龄老人建立结对探访，每周上门两次，及时发现并转介需求。',
    beneficiaries: '本小区独居、高龄老人 32 人', budgetLines: [{ item: '社工服务费', amount: 3_000_000 }, { item: '探访物资', amount: 1_200_000 }, { item: '志愿者培训与保险', amount: 600_000 }], brand: true,
  });
  await projects.decideProject(deps, worker, p1.id, { decision: 'approve', note: '需求清晰，预算合理' });
  await projects.allocateToProject(deps, worker, p1.id, { mode: 'matched', amount: 4_800_000 }, 'demo:alloc:p1');
  await procurement.openRound(deps, worker, p1.id, { call: '面向辖区社会组织征集独居老人探访服务方案，服务期一年。', rubric });
  await procurement.apply(deps, orgStaff, p1.id, { organisationId: silver.id, proposal: '低龄老人结对高龄老人，每周两次上门，建立一户一档。', amount: 4_800_000 });
  await procurement.apply(deps, worker, p1.id, { organisationId: kids.id, proposal: '组织儿童每月一次探望老人，开展代际活动。', amount: 3_600_000 });
  at = new Date(at.getTime() + 10 * DAY);
  await procurement.closeCall(deps, worker, p1.id);
  const round = (await projects.getProject(deps, worker, p1.id)).round!;
  const [a1, a2] = round.applications;
  await procurement.scoreApplication(deps, expert, p1.id, a1!.id, { need: 37, plan: 35, team: 17 });
  await procurement.scoreApplication(deps, expert, p1.id, a2!.id, { need: 28, plan: 26, team: 14 });
  await procurement.scoreApplication(deps, street, p1.id, a1!.id, { need: 36, plan: 33, team: 18 });
  await procurement.scoreApplication(deps, street, p1.id, a2!.id, { need: 30, plan: 27, team: 15 });
  await procurement.startNotice(deps, worker, p1.id);
  at = new Date(at.getTime() + 6 * DAY);
  await procurement.awardRound(deps, worker, p1.id);
  const startsOn = new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const endsOn = new Date(at.getTime() + 8 * 3_600_000 + 364 * DAY).toISOString().slice(0, 10);
  await delivery.signContract(deps, worker, p1.id, {
    startsOn, endsOn, amount: 4_800_000,
    tranches: [{ title: '首期款', amount: 2_880_000, dueOn: startsOn, afterEvaluation: false }, { title: '尾款', amount: 1_920_000, dueOn: endsOn, afterEvaluation: true }],
  });
  await delivery.payTranche(deps, worker, p1.id, 1, 'demo:pay:p1:1');
  at = new Date(at.getTime() + 20 * DAY);
  await delivery.reportProgress(deps, orgStaff, p1.id, { body: '完成 32 户老人入户建档，结对 16 组；本月探访 118 人次，转介就医 3 人。', participants: 48 });

  // Waiting for the street (above 50,000 yuan): the street admin's approval queue.
  await projects.proposeProject(deps, worker, {
    placeId: community.placeId, demandId: null, title: '老旧小区楼道微更新（演示）', category: 'environment', goals: '居民议事确定方案，清理、粉刷并加装扶手，改善 12 个楼道。',
    beneficiaries: '社区 3 个老旧小区约 400 户', budgetLines: [{ item: '材料', amount: 7_000_000 }, { item: '施工', amount: 4_500_000 }, { item: '议事与公示', amount: 500_000 }], brand: false,
  });
  // An open call the demo organisation can apply to.
  const p3 = await projects.proposeProject(deps, worker, {
    placeId: community.placeId, demandId: null, title: '四点半课堂（演示）', category: 'children', goals: '为双职工家庭儿童提供放学后的作业辅导与安全看护。',
    beneficiaries: '社区小学生 40 人', budgetLines: [{ item: '辅导老师', amount: 1_800_000 }, { item: '场地与物料', amount: 600_000 }], brand: false,
  });
  await projects.decideProject(deps, worker, p3.id, { decision: 'approve' });
  await procurement.openRound(deps, worker, p3.id, { call: '征集四点半课堂服务方案：周一至周五 16:30–18:30，一个学期。', rubric });

  // Needs on the demand list that can become projects (a visit's finding, not tied to a request category).
  for (const [i, title] of ['独居老人夜间缺少照应', '小区儿童缺少安全的活动场地'].entries()) {
    await upsertDemand(db, {
      district_id: districtId, place_id: compoundId, place_path: compoundPath, source: 'visit', source_key: `visit:demo-projects:${i}`, title,
      description: '走访发现（演示）', last_seen_at: now, created_by: worker.personId, created_at: now, updated_at: now,
    }, 'increment');
  }

  // Issue 6 gaps: the report links an activity of the organisation and carries a photo; a resident rates the
  // project; the district sets its matching rule (the allocation above keeps the 1:1 it was made under); a
  // fourth project is on public notice with a resident's objection waiting for the worker's answer.
  const activity = await db.insertInto('volunteer_activities').values({
    district_id: districtId, title: '银龄结对探访日（演示）', content: '低龄老人结对上门探访高龄、独居老人', place_id: compoundId, place_path: compoundPath, address: '小区党群服务站',
    starts_at: new Date(at.getTime() - 5 * DAY), ends_at: new Date(at.getTime() - 5 * DAY + 3 * 3_600_000), slots: 20, skills_wanted: '[]', need: null, team_id: null,
    organiser_id: orgStaff.personId, recording_org: '银龄互助社（演示）',
  }).returning('id').executeTakeFirstOrThrow();
  const photo = await sharp({ create: { width: 640, height: 420, channels: 3, background: '#d98c5f' } }).jpeg().toBuffer();
  const uploaded = await media.uploadReportPhoto(deps, orgStaff, p1.id, async () => photo);
  at = new Date(at.getTime() + 10 * DAY);
  await delivery.reportProgress(deps, orgStaff, p1.id, { body: '开展“银龄结对探访日”，上门探访 26 户，发现并转介 2 户的居家安全隐患。', participants: 30, photoIds: [uploaded.id], activityIds: [activity.id] });
  await setMatchingRule(deps, district, { streetPerMille: 1000, capPerProject: 10_000_000, capPerStreetYear: 100_000_000, note: '区民政〔2026〕12号：区级配套单项目不超过10万元' });

  at = new Date(now.getTime() - 3 * DAY);
  const p4 = await projects.proposeProject(deps, worker, {
    placeId: compoundId, demandId: null, title: '口袋公园共建（演示）', category: 'environment', goals: '居民共商共建小区口袋公园：座椅、花箱与儿童游戏角。',
    beneficiaries: '本小区居民约 600 户', budgetLines: [{ item: '设施与材料', amount: 2_400_000 }, { item: '居民议事与共建活动', amount: 600_000 }], brand: false,
  });
  await projects.decideProject(deps, worker, p4.id, { decision: 'approve' });
  await procurement.openRound(deps, worker, p4.id, { call: '征集口袋公园共建方案：组织居民议事、共建与后续维护。', rubric });
  await procurement.apply(deps, orgStaff, p4.id, { organisationId: silver.id, proposal: '组织银龄志愿者与居民共建并认养花箱。', amount: 2_800_000 });
  await procurement.apply(deps, worker, p4.id, { organisationId: kids.id, proposal: '儿童参与设计游戏角，家长共建。', amount: 3_000_000 });
  await procurement.closeCall(deps, worker, p4.id);
  for (const [i, a] of (await projects.getProject(deps, worker, p4.id)).round!.applications.entries()) {
    await procurement.scoreApplication(deps, expert, p4.id, a.id, { need: 34 - i * 4, plan: 33 - i * 3, team: 16 - i });
  }
  at = new Date(now.getTime() - DAY);
  await procurement.startNotice(deps, worker, p4.id);
  await raiseObjection(deps, resident, p4.id, '花箱放在消防通道旁，是否影响消防车通行？请公示前核实位置。');
  // The resident's home role starts at seeding time: the rating is given "now".
  at = now;
  await projects.rateProject(deps, resident, p1.id, { stars: 5, comment: '阿姨每周都来，老人很安心' });
}

