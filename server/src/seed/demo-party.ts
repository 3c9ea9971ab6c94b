import type { Db } from '../db/create-db.ts';
import type { PersonalDataCipher } from '../platform/personal-data.ts';

/**
 * The demo district's party side and micro-charity, synthetic: the first community's big party committee with five
 * member units of the four kinds, six in-service members registered (双报到, approved, with the party_member role
 * that lets them claim wishes) and one waiting for approval, a past task with recorded service and an upcoming one,
 * two 联点 leaders (one of them the demo district admin, so the "follow" tab shows something), and two charity
 * drives with a ledger where nothing goes out that did not come in. Runs before the wishes are seeded, so the
 * members are among the claimers. The demo resident is left unregistered so the H5's 双报到 can be tried.
 */
const UNITS: [string, string, string][] = [
  ['区税务局', 'government', '刘建华'],
  ['区人民医院', 'institution', '陈慧'],
  ['区实验小学', 'institution', '王晓燕'],
  ['国网示范区供电公司', 'enterprise', '赵磊'],
  ['阳光社工服务中心', 'social_org', '孙悦'],
];
const DAY = 24 * 3600 * 1000;

export async function seedDemoParty(deps: { db: Db; cipher: PersonalDataCipher }, now: Date, districtId: number): Promise<void> {
  const db = deps.db;
  const byPhone = (phone: string) =>
    db.selectFrom('people as p').innerJoin('role_assignments as r', 'r.person_id', 'p.id')
      .select(['p.id', 'r.place_id', 'r.place_path']).where('p.phone_hash', '=', deps.cipher.lookupHash('phone', phone)).orderBy('r.id').executeTakeFirstOrThrow();
  const worker = await byPhone('13800000003');
  const districtAdmin = await byPhone('13800000001');
  const demoResident = await byPhone('13800000005');
  const community = await db.selectFrom('places').select(['id', 'name', 'path']).where('id', '=', worker.place_id).executeTakeFirstOrThrow();
  const second = await db.selectFrom('places').select(['id', 'path']).where('district_id', '=', districtId).where('kind', '=', 'community').where('id', '<>', community.id).orderBy('id').executeTakeFirstOrThrow();
  // Owners of the community's households (not the demo resident) become the registered members.
  // (The developer holds unsold units as an owner: a company is not a party member.)
  const owners = await db.selectFrom('role_assignments as r').innerJoin('people as p', 'p.id', 'r.person_id').select(['r.person_id']).distinct()
    .where('r.role', '=', 'owner').where('r.place_path', 'like', `${community.path}%`).where('r.person_id', '<>', demoResident.id).where('p.name', 'not like', '%公司%')
    .orderBy('r.person_id').limit(7).execute();

  await db.transaction().execute(async (trx) => {
    const unitIds: number[] = [];
    for (const [i, [name, kind, contact]] of UNITS.entries()) {
      const u = await trx.insertInto('party_units').values({
        district_id: districtId, community_id: community.id, community_path: community.path, name, kind, contact_name: contact,
        note: i === 0 ? '“1+4+N”大党委兼职委员单位' : null, joined_at: new Date(now.getTime() - (120 - i * 10) * DAY), created_by: worker.id, created_at: now,
      }).returning('id').executeTakeFirstOrThrow();
      unitIds.push(u.id);
    }
    const memberIds: number[] = [];
    for (const [i, o] of owners.entries()) {
      const pending = i === owners.length - 1;
      const unit = i % UNITS.length;
      const registered = new Date(now.getTime() - (60 - i * 5) * DAY);
      let roleId: number | null = null;
      if (!pending) {
        roleId = (await trx.insertInto('role_assignments').values({
          district_id: districtId, person_id: o.person_id, role: 'party_member', place_id: community.id, place_path: community.path, is_local: false, valid_from: registered,
        }).returning('id').executeTakeFirstOrThrow()).id;
      }
      const m = await trx.insertInto('party_members').values({
        district_id: districtId, person_id: o.person_id, community_id: community.id, community_path: community.path,
        unit_id: i === 5 ? null : unitIds[unit]!, unit_name: i === 5 ? '某某信息科技有限公司' : UNITS[unit]![0], branch: i === 5 ? null : `${UNITS[unit]![0]}党支部`,
        status: pending ? 'pending' : 'approved', consent_at: registered, reviewed_by: pending ? null : worker.id, reviewed_at: pending ? null : new Date(registered.getTime() + DAY),
        role_assignment_id: roleId, created_at: registered, updated_at: registered,
      }).returning('id').executeTakeFirstOrThrow();
      if (!pending) memberIds.push(m.id);
    }
    const past = await trx.insertInto('party_tasks').values({
      district_id: districtId, community_id: community.id, community_path: community.path, title: '周末社区服务站值班', description: '接待居民、代办咨询',
      slots: 4, starts_at: new Date(now.getTime() - 10 * DAY), status: 'closed', created_by: worker.id, created_at: new Date(now.getTime() - 20 * DAY),
    }).returning('id').executeTakeFirstOrThrow();
    for (const [i, memberId] of memberIds.slice(0, 3).entries()) {
      const person = (await trx.selectFrom('party_members').select('person_id').where('id', '=', memberId).executeTakeFirstOrThrow()).person_id;
      await trx.insertInto('party_task_claims').values({
        district_id: districtId, task_id: past.id, member_id: memberId, person_id: person, status: 'done', claimed_at: new Date(now.getTime() - 15 * DAY),
        done_at: new Date(now.getTime() - 9 * DAY), minutes: [180, 240, 120][i]!, recorded_by: worker.id, note: null,
      }).execute();
    }
    const upcoming = await trx.insertInto('party_tasks').values({
      district_id: districtId, community_id: community.id, community_path: community.path, title: '老旧小区楼道清理', description: '清理楼道堆物，张贴消防提示',
      slots: 6, starts_at: new Date(now.getTime() + 5 * DAY), created_by: worker.id, created_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    const person4 = (await trx.selectFrom('party_members').select('person_id').where('id', '=', memberIds[3]!).executeTakeFirstOrThrow()).person_id;
    await trx.insertInto('party_task_claims').values({ district_id: districtId, task_id: upcoming.id, member_id: memberIds[3]!, person_id: person4, claimed_at: now }).execute();

    const leader = await trx.insertInto('people').values({ district_id: districtId, name: '周建国（演示区领导）', phone_cipher: deps.cipher.encrypt('13900009001'), phone_hash: deps.cipher.lookupHash('phone', '13900009001') })
      .returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('party_liaisons').values([
      { district_id: districtId, person_id: leader.id, community_id: community.id, community_path: community.path, post: '区委副书记', since: new Date(now.getTime() - 90 * DAY), created_by: districtAdmin.id, created_at: now },
      { district_id: districtId, person_id: leader.id, community_id: second.id, community_path: second.path, post: '区委副书记', since: new Date(now.getTime() - 90 * DAY), created_by: districtAdmin.id, created_at: now },
      { district_id: districtId, person_id: districtAdmin.id, community_id: community.id, community_path: community.path, post: '区委组织部（演示）', since: new Date(now.getTime() - 30 * DAY), created_by: districtAdmin.id, created_at: now },
    ]).execute();

    // 微公益: an open drive with money and goods, and a closed one that was spent down to its last fen.
    const warm = await trx.insertInto('charity_drives').values({
      district_id: districtId, place_id: community.id, place_path: community.path, kind: 'drive', title: '暖冬行动', description: '为社区独居和困难老人募集冬被、棉衣和过冬善款',
      goal_fen: 2_000_000, goods_wanted: '冬被、棉衣、米面油', starts_at: new Date(now.getTime() - 14 * DAY), ends_at: new Date(now.getTime() + 30 * DAY), created_by: worker.id,
      created_at: new Date(now.getTime() - 14 * DAY), updated_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    const at = (d: number) => new Date(now.getTime() - d * DAY);
    const base = { district_id: districtId, drive_id: warm.id, recorded_by: worker.id, recorded_at: now };
    const pledge = await trx.insertInto('charity_entries').values({ ...base, kind: 'pledge', form: 'money', amount_fen: 500_000, donor_name: '国网示范区供电公司', show_donor: true, occurred_at: at(12) }).returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('charity_entries').values([
      { ...base, kind: 'receipt', form: 'money', amount_fen: 300_000, donor_name: '国网示范区供电公司', show_donor: true, pledge_id: pledge.id, occurred_at: at(10) },
      { ...base, kind: 'receipt', form: 'money', amount_fen: 88_800, donor_name: '张丽', show_donor: false, occurred_at: at(9) },
      { ...base, kind: 'receipt', form: 'money', amount_fen: 20_000, donor_name: '王建平', show_donor: true, occurred_at: at(8) },
      { ...base, kind: 'receipt', form: 'goods', item: '冬被（床）', quantity: 30, donor_name: '示范区惠民超市', show_donor: true, occurred_at: at(7) },
      { ...base, kind: 'receipt', form: 'goods', item: '棉衣（件）', quantity: 45, donor_name: null, show_donor: false, occurred_at: at(6) },
      { ...base, kind: 'disbursement', form: 'goods', item: '冬被（床）', quantity: 24, counterpart: '送到 24 户独居老人家中（签收单已存档）', occurred_at: at(4) },
      { ...base, kind: 'disbursement', form: 'money', amount_fen: 256_000, counterpart: '为 32 户困难家庭购买米面油（发票已存档）', occurred_at: at(3) },
      { ...base, kind: 'disbursement', form: 'goods', item: '棉衣（件）', quantity: 40, counterpart: '发放给社区困难家庭（40 件）', occurred_at: at(2) },
    ]).execute();
    const study = await trx.insertInto('charity_drives').values({
      district_id: districtId, place_id: community.id, place_path: community.path, kind: 'event', title: '助学微公益', description: '为困境儿童募集学习用品，开学前发放',
      goal_fen: null, goods_wanted: '书包、文具', starts_at: at(70), ends_at: at(40), status: 'closed', created_by: worker.id, created_at: at(70), updated_at: at(40),
    }).returning('id').executeTakeFirstOrThrow();
    const sb = { district_id: districtId, drive_id: study.id, recorded_by: worker.id, recorded_at: at(40) };
    await trx.insertInto('charity_entries').values([
      { ...sb, kind: 'receipt', form: 'goods', item: '书包（个）', quantity: 20, donor_name: '区实验小学', show_donor: true, occurred_at: at(60) },
      { ...sb, kind: 'receipt', form: 'money', amount_fen: 60_000, donor_name: '李明', show_donor: false, occurred_at: at(58) },
      { ...sb, kind: 'disbursement', form: 'goods', item: '书包（个）', quantity: 20, counterpart: '开学前发给 20 名困境儿童', occurred_at: at(45) },
      { ...sb, kind: 'disbursement', form: 'money', amount_fen: 60_000, counterpart: '购买文具套装 40 套', occurred_at: at(44) },
    ]).execute();
  });
}
