import type { Db } from '../db/create-db.ts';
import type { PersonalDataCipher } from '../platform/personal-data.ts';
import { countElection } from '../modules/committees/committee-count.ts';
import { termOf } from '../modules/committees/committees.service.ts';
import { seedVote } from './demo-deliberation.ts';

const DAY = 24 * 3600 * 1000;

const V1 = [
  '第一条 为维护本小区公共秩序和环境，保障全体业主和居民的合法权益，制定本公约。',
  '第二条 爱护公共设施，不私搭乱建，不占用消防通道和楼道。',
  '第三条 文明养犬，出户牵绳，及时清理犬只粪便。',
  '第四条 垃圾分类投放，不高空抛物。',
  '第五条 晚上十点至次日早上六点，不进行产生噪音的装修和娱乐活动。',
  '第六条 本公约经业主共同决定通过后生效，报街道备案。',
].join('\n');
const V2 = [
  '第一条 为维护本小区公共秩序和环境，保障全体业主和居民的合法权益，制定本公约。',
  '第二条 爱护公共设施，不私搭乱建，不占用消防通道和楼道。',
  '第三条 文明养犬，出户牵绳，及时清理犬只粪便；大型犬不得进入儿童游乐区。',
  '第四条 垃圾分类投放，不高空抛物。',
  '第五条 电动自行车不进楼入户，在充电棚集中充电。',
  '第六条 晚上十点至次日早上六点，不进行产生噪音的装修和娱乐活动。',
  '第七条 本公约经业主共同决定通过后生效，报街道备案。',
].join('\n');

/**
 * Conventions and committees in the demo commissioner's compound (明月花园):
 * - the compound convention, version 1 adopted by last quarter's owners' vote (item 2, published), in force, read by
 *   two dozen residents but not yet by the demo resident, its filing with the street awaiting a decision; version 2
 *   (电动自行车) drafted, so staff see its diff;
 * - the owners' committee elected five years and more ago (its term has ended), and the new election taking
 *   nominations: three owners approved, one pending.
 */
export async function seedDemoConventions(deps: { db: Db; cipher: PersonalDataCipher }, now: Date, districtId: number): Promise<void> {
  const db = deps.db;
  const byPhone = async (phone: string) => (await db.selectFrom('people').select(['id', 'name']).where('phone_hash', '=', deps.cipher.lookupHash('phone', phone)).executeTakeFirstOrThrow());
  const commissioner = await byPhone('13800000004');
  const worker = await byPhone('13800000003');
  const resident = await byPhone('13800000005');
  const at = (d: number) => new Date(now.getTime() + d * DAY);
  const compound = await db
    .selectFrom('role_assignments as ra').innerJoin('places as p', 'p.id', 'ra.place_id')
    .select(['p.id', 'p.path', 'p.name']).where('ra.person_id', '=', commissioner.id).where('ra.role', '=', 'commissioner').executeTakeFirstOrThrow();

  await db.transaction().execute(async (trx) => {
    // The convention and its adoption vote (item 2), published 20 days ago.
    const voteId = await seedVote(trx, now, districtId, {
      scope: compound, compoundId: compound.id, item: 2, title: '表决《明月花园小区公约》第1版', description: '业主共同决定制定管理规约（民法典第278条第二项）。', topicId: null, secret: false,
      announced: -60, opened: -45, windowDays: 20, closed: -24, published: -20, createdBy: commissioner.id, castShare: 0.85, skip: resident.id,
    });
    const convention = await trx.insertInto('conventions').values({
      district_id: districtId, compound_id: compound.id, compound_path: compound.path, title: `${compound.name}小区公约`, created_by: commissioner.id, created_at: at(-70),
    }).returning('id').executeTakeFirstOrThrow();
    const v1 = await trx.insertInto('convention_versions').values({
      district_id: districtId, convention_id: convention.id, version_no: 1, body: V1, change_note: '初稿', status: 'in_force', owner_vote_id: voteId, created_by: commissioner.id, created_at: at(-70), in_force_at: at(-20),
    }).returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('convention_versions').values({
      district_id: districtId, convention_id: convention.id, version_no: 2, body: V2, change_note: '增加电动自行车集中充电条款，细化养犬规定', created_by: commissioner.id, created_at: at(-2),
    }).execute();
    const readers = await trx
      .selectFrom('role_assignments').select('person_id').distinct()
      .where('role', 'in', ['owner', 'resident']).where('place_path', 'like', `${compound.path}%`).where('person_id', '!=', resident.id)
      .orderBy('person_id').limit(24).execute();
    if (readers.length) {
      await trx.insertInto('convention_acknowledgements').values(readers.map((r, i) => ({ district_id: districtId, version_id: v1.id, person_id: r.person_id, created_at: at(-19 + (i % 15)) }))).execute();
    }
    await trx.insertInto('convention_filings').values({ district_id: districtId, version_id: v1.id, submitted_by: worker.id, submitted_at: at(-15), created_at: at(-15) }).execute();

    // The owners' committee elected in an item-3 vote 5 years and 40 days ago: its term has run out.
    const owners = await trx
      .selectFrom('role_assignments').select('person_id').distinct()
      .where('role', '=', 'owner').where('place_path', 'like', `${compound.path}%`).where('person_id', '!=', resident.id)
      .where('person_id', 'not in', trx.selectFrom('compound_developers').select('person_id').where('compound_id', '=', compound.id))
      .orderBy('person_id').limit(12).execute();
    if (owners.length < 10) return;
    const oldVote = await seedVote(trx, now, districtId, {
      scope: compound, compoundId: compound.id, item: 3, title: `选举${compound.name}业主委员会（5名）`, description: '选举第一届业主委员会委员（民法典第278条第三项）。', topicId: null, secret: false,
      announced: -1900, opened: -1880, windowDays: 20, closed: -1860, published: -1858, createdBy: commissioner.id, castShare: 0.8, skip: null,
    });
    const old = await trx.insertInto('committee_elections').values({
      district_id: districtId, compound_id: compound.id, compound_path: compound.path, kind: 'owners_committee', seats: 5, term_years: 5, status: 'formed', owner_vote_id: oldVote,
      created_by: commissioner.id, created_at: at(-1930), decided_at: at(-1858),
    }).returning('id').executeTakeFirstOrThrow();
    const candidates: { id: number; person_id: number }[] = [];
    for (const [i, o] of owners.slice(0, 6).entries()) {
      candidates.push(await trx.insertInto('committee_nominations').values({
        district_id: districtId, election_id: old.id, person_id: o.person_id, nominated_by: o.person_id, statement: '', is_owner: true, status: 'approved',
        reviewed_by: worker.id, reviewed_at: at(-1905 + i), created_at: at(-1920 + i),
      }).returning(['id', 'person_id']).executeTakeFirstOrThrow());
    }
    const participants = await trx.selectFrom('owner_vote_participation as p')
      .innerJoin('owner_vote_electorate as e', (j) => j.onRef('e.vote_id', '=', 'p.vote_id').onRef('e.voter_key', '=', 'p.voter_key'))
      .select(['p.voter_key', (eb) => eb.fn.sum<string>('e.area_centi').as('area')]).where('p.vote_id', '=', oldVote).groupBy('p.voter_key').execute();
    // Most voters pick the first five; every fourth swaps the fifth for the sixth.
    const picks = participants.flatMap((p, i) => [0, 1, 2, 3, i % 4 === 0 ? 5 : 4].map((c) => ({ voterKey: p.voter_key, nominationId: Number(candidates[c]!.id) })));
    if (picks.length) {
      await trx.insertInto('committee_election_picks').values(picks.map((p) => ({ district_id: districtId, election_id: old.id, voter_key: p.voterKey, nomination_id: p.nominationId, created_at: at(-1870) }))).execute();
    }
    const count = countElection({
      kind: 'owners_committee', seats: 5, quorumMet: true, participants: participants.map((p) => ({ voterKey: p.voter_key, areaCenti: Number(p.area) })), picks,
      candidates: candidates.map((c) => ({ nominationId: Number(c.id), isOwner: true })),
    });
    await trx.updateTable('committee_elections').set({ outcome: JSON.stringify(count) }).where('id', '=', old.id).execute();
    const term = termOf(at(-1858).toISOString().slice(0, 10), 5);
    const roles = ['chair', 'vice_chair', 'member', 'member', 'member'] as const;
    const elected = candidates.filter((c) => count.elected.includes(Number(c.id)));
    if (elected.length) {
      await trx.insertInto('committee_members').values(elected.map((c, i) => ({
        district_id: districtId, election_id: old.id, compound_id: compound.id, person_id: c.person_id, role: roles[i] ?? 'member', term_start: term.start, term_end: term.end, created_at: at(-1858),
      }))).execute();
    }

    // 换届: the new election takes nominations; three approved, one self-nomination awaiting review.
    const next = await trx.insertInto('committee_elections').values({
      district_id: districtId, compound_id: compound.id, compound_path: compound.path, kind: 'owners_committee', seats: 5, term_years: 5, created_by: worker.id, created_at: at(-10),
    }).returning('id').executeTakeFirstOrThrow();
    for (const [i, o] of owners.slice(6, 10).entries()) {
      await trx.insertInto('committee_nominations').values({
        district_id: districtId, election_id: next.id, person_id: o.person_id, nominated_by: i === 1 ? owners[0]!.person_id : o.person_id,
        statement: ['退休教师，熟悉小区情况', '从事财务工作，愿意监督维修资金', '楼道长，常年组织邻里活动', '希望为加装电梯出力'][i]!, is_owner: true,
        status: i < 3 ? 'approved' : 'pending', reviewed_by: i < 3 ? worker.id : null, reviewed_at: i < 3 ? at(-5) : null, created_at: at(-9 + i),
      }).execute();
    }
  });
}
