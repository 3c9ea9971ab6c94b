import crypto from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Db } from '../db/create-db.ts';
import type { PersonalDataCipher } from '../platform/personal-data.ts';
import { scheduleTimer } from '../platform/timers.ts';
import { ownersRegisterUnder } from '../modules/people/index.ts';
import { countWeightedBallots, parseAreaCenti, voterKeyOf, type Art278Item } from '../modules/votes/owners-vote-tally.ts';

const DAY = 24 * 3600 * 1000;

/**
 * Deliberation in the demo commissioner's compound: a lift topic (from the demo resident, seconded), a published
 * open deliberation day with minutes and a follow-up, an open owners' vote on the lift for the demo resident's
 * building (open ballot, about half cast, the demo resident not yet), and last month's secret vote on renewing the
 * property company, closed and published. The developer is registered for every compound where it holds units.
 */
export async function seedDemoDeliberation(deps: { db: Db; cipher: PersonalDataCipher }, now: Date, districtId: number): Promise<void> {
  const db = deps.db;
  const byPhone = async (phone: string) => (await db.selectFrom('people').select(['id', 'name']).where('phone_hash', '=', deps.cipher.lookupHash('phone', phone)).executeTakeFirstOrThrow());
  const commissioner = await byPhone('13800000004');
  const resident = await byPhone('13800000005');
  const facilitator = await byPhone('13800000018');
  const compound = await db
    .selectFrom('role_assignments as ra').innerJoin('places as p', 'p.id', 'ra.place_id')
    .select(['p.id', 'p.path', 'p.name']).where('ra.person_id', '=', commissioner.id).where('ra.role', '=', 'commissioner').executeTakeFirstOrThrow();
  const home = await db
    .selectFrom('role_assignments as ra').innerJoin('places as h', 'h.id', 'ra.place_id')
    .select(['h.path']).where('ra.person_id', '=', resident.id).where('ra.role', '=', 'owner').executeTakeFirstOrThrow();
  // The household's path is /district/street/community/compound/building/unit/household/.
  const buildingId = Number(home.path.split('/').filter(Boolean)[4]);
  const building = await db.selectFrom('places').select(['id', 'path', 'name']).where('id', '=', buildingId).executeTakeFirstOrThrow();

  await db.transaction().execute(async (trx) => {
    const developer = await trx.selectFrom('people').select('id').where('district_id', '=', districtId).where('name', '=', '示范置业有限公司').executeTakeFirst();
    if (developer) {
      const held = await trx
        .selectFrom('role_assignments as ra').innerJoin('places as h', 'h.id', 'ra.place_id')
        .select(['h.path']).where('ra.person_id', '=', developer.id).where('ra.role', '=', 'owner').execute();
      const compounds = [...new Set(held.map((h) => Number(h.path.split('/').filter(Boolean)[3])))];
      if (compounds.length) await trx.insertInto('compound_developers').values(compounds.map((c) => ({ district_id: districtId, compound_id: c, person_id: developer.id }))).execute();
    }

    // A topic from the demo resident, seconded by neighbours; a second one the property company raised.
    const topic = await trx.insertInto('deliberation_topics').values({
      district_id: districtId, place_id: compound.id, place_path: compound.path, title: `${building.name}加装电梯`, body: '楼里老人多，上下楼困难，希望加装一部电梯；费用和一楼住户的采光需要大家商量。',
      raised_by: resident.id, raised_as: 'resident', status: 'deliberated', seconds: 12, created_at: new Date(now.getTime() - 40 * DAY),
    }).returning('id').executeTakeFirstOrThrow();
    const parking = await trx.insertInto('deliberation_topics').values({
      district_id: districtId, place_id: compound.id, place_path: compound.path, title: '非机动车充电棚选址', body: '楼道里充电有火灾隐患，建议在小区东侧建充电棚。',
      raised_by: commissioner.id, raised_as: 'commissioner', status: 'open', seconds: 5, created_at: new Date(now.getTime() - 6 * DAY),
    }).returning('id').executeTakeFirstOrThrow();
    // A residents' poll on where the charging shed goes, one answer per household; some households have answered.
    const poll = await trx.insertInto('resident_polls').values({
      district_id: districtId, place_id: compound.id, place_path: compound.path, question: '非机动车充电棚建在哪里？', options: JSON.stringify(['小区东侧空地', '北门停车场旁']),
      per: 'household', topic_id: parking.id, closes_at: new Date(now.getTime() + 10 * DAY), created_by: commissioner.id, created_at: new Date(now.getTime() - 2 * DAY),
    }).returning('id').executeTakeFirstOrThrow();
    const households = await trx
      .selectFrom('role_assignments').select(['place_id', 'person_id']).distinctOn('place_id')
      .where('role', 'in', ['owner', 'resident']).where('place_path', 'like', `${compound.path}%`).where('person_id', '!=', resident.id)
      .orderBy('place_id').limit(40).execute();
    if (households.length) {
      await trx.insertInto('resident_poll_answers').values(households.map((h, i) => ({
        district_id: districtId, poll_id: poll.id, voter_key: `h:${h.place_id}`, option: i % 3 === 2 ? 1 : 0, person_id: h.person_id, created_at: new Date(now.getTime() - DAY),
      }))).execute();
    }

    const day = await trx.insertInto('deliberation_days').values({
      district_id: districtId, place_id: compound.id, place_path: compound.path, title: `${compound.name}公开议事日`, starts_at: new Date(now.getTime() - 30 * DAY), location: `${compound.name}议事厅`,
      facilitator_id: facilitator.id, status: 'published', minutes_published_at: new Date(now.getTime() - 29 * DAY), created_by: commissioner.id, created_at: new Date(now.getTime() - 35 * DAY),
    }).returning('id').executeTakeFirstOrThrow();
    const item = await trx.insertInto('deliberation_agenda_items').values({
      district_id: districtId, day_id: day.id, topic_id: topic.id, position: 1,
      discussion: '到场居民多数支持加装；一楼住户担心采光和噪音，物业介绍了两种井道方案。', resolution: `采用北侧井道方案，提请${building.name}业主依民法典第278条第七项表决。`,
    }).returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('deliberation_participants').values([
      { district_id: districtId, day_id: day.id, person_id: commissioner.id, name: commissioner.name, party: 'commissioner', show_name: true, signed_in_at: new Date(now.getTime() - 30 * DAY) },
      { district_id: districtId, day_id: day.id, person_id: null, name: '居委会代表', party: 'residents_committee', show_name: true, signed_in_at: new Date(now.getTime() - 30 * DAY) },
      { district_id: districtId, day_id: day.id, person_id: null, name: '物业项目经理', party: 'property_company', show_name: true, signed_in_at: new Date(now.getTime() - 30 * DAY) },
      { district_id: districtId, day_id: day.id, person_id: resident.id, name: resident.name, party: 'resident', show_name: false, signed_in_at: new Date(now.getTime() - 30 * DAY) },
      { district_id: districtId, day_id: day.id, person_id: null, name: '一楼住户代表', party: 'resident', show_name: false, signed_in_at: null },
    ]).execute();
    await trx.insertInto('deliberation_followups').values([
      { district_id: districtId, day_id: day.id, agenda_item_id: item.id, task: '物业出具井道测绘和采光评估', owner_name: '物业项目经理', due_on: new Date(now.getTime() - 16 * DAY).toISOString().slice(0, 10), done_at: new Date(now.getTime() - 18 * DAY), done_note: '评估已公示', created_at: new Date(now.getTime() - 29 * DAY) },
      { district_id: districtId, day_id: day.id, agenda_item_id: item.id, task: '专员联系电梯企业出具报价', owner_name: commissioner.name, owner_person_id: commissioner.id, due_on: new Date(now.getTime() + 10 * DAY).toISOString().slice(0, 10), created_at: new Date(now.getTime() - 29 * DAY) },
    ]).execute();

    // The lift vote on the demo resident's building: announced 18 days ago, open for 10 days since 3 days ago.
    await seedVote(trx, now, districtId, {
      scope: building, compoundId: compound.id, item: 7, title: `${building.name}加装电梯`, description: '在北侧加装一部电梯，费用按楼层系数分摊，一楼住户不分摊。', topicId: topic.id, secret: false,
      announced: -18, opened: -3, windowDays: 10, closed: null, published: null, createdBy: commissioner.id, castShare: 0.5, skip: resident.id,
    });
    // Last month's secret vote on renewing the property company, for the whole compound: closed and published.
    await seedVote(trx, now, districtId, {
      scope: compound, compoundId: compound.id, item: 4, title: '续聘物业服务企业', description: '续聘现物业服务企业三年，服务标准与收费不变。', topicId: null, secret: true,
      announced: -60, opened: -45, windowDays: 14, closed: -31, published: -30, createdBy: commissioner.id, castShare: 0.8, skip: null,
    });
  });
}

type Trx = Transaction<Database>;

export async function seedVote(
  trx: Trx,
  now: Date,
  districtId: number,
  v: {
    scope: { id: number; path: string }; compoundId: number; item: Art278Item; title: string; description: string; topicId: number | null; secret: boolean;
    announced: number; opened: number; windowDays: number; closed: number | null; published: number | null; createdBy: number; castShare: number; skip: number | null;
  },
) {
  const at = (d: number) => new Date(now.getTime() + d * DAY);
  const developers = new Set((await trx.selectFrom('compound_developers').select('person_id').where('compound_id', '=', v.compoundId).execute()).map((d) => Number(d.person_id)));
  const flag = await trx.selectFrom('compound_profiles').select('follow_majority').where('place_id', '=', v.compoundId).executeTakeFirst();
  // The register as it stands now: the demo's role assignments begin at seeding time.
  const units = await ownersRegisterUnder(trx, v.scope.path, now);
  const vote = await trx.insertInto('owner_votes').values({
    district_id: districtId, scope_place_id: v.scope.id, scope_path: v.scope.path, compound_id: v.compoundId, item: v.item, title: v.title, description: v.description, topic_id: v.topicId,
    extraordinary: false, secret: v.secret, follow_majority: flag?.follow_majority ?? false, window_days: v.windowDays, status: v.published !== null ? 'published' : v.closed !== null ? 'closed' : 'open',
    ballot_key: v.closed !== null ? null : crypto.randomBytes(32), created_by: v.createdBy, created_at: at(v.announced - 1), announced_at: at(v.announced), notice_ends_at: at(v.announced + 15),
    opened_at: at(v.opened), closes_at: at(v.opened + v.windowDays), closed_at: v.closed !== null ? at(v.closed) : null, publish_due_at: v.closed !== null ? at(v.closed + 3) : null,
    published_at: v.published !== null ? at(v.published) : null,
  }).returning('id').executeTakeFirstOrThrow();
  const electorate = units.map((u) => {
    const developerHeld = developers.has(u.ownerId);
    return { district_id: districtId, vote_id: vote.id, unit_id: u.unitId, owner_id: u.ownerId, voter_key: voterKeyOf({ ownerId: u.ownerId, developerHeld }), area_centi: parseAreaCenti(u.area), developer_held: developerHeld };
  });
  if (electorate.length) await trx.insertInto('owner_vote_electorate').values(electorate).execute();
  const weights = new Map<string, { area: number; owner: number }>();
  for (const e of electorate) weights.set(e.voter_key, { area: (weights.get(e.voter_key)?.area ?? 0) + e.area_centi, owner: e.owner_id });
  const voters = [...weights].filter(([, w]) => w.owner !== v.skip);
  const cast = voters.slice(0, Math.round(voters.length * v.castShare));
  const ballots = cast.map(([key, w], i) => ({ key, area: w.area, owner: w.owner, choice: (i % 7 === 3 ? 'against' : i % 11 === 5 ? 'abstain' : 'for') as 'for' | 'against' | 'abstain', at: at(v.opened + (i % v.windowDays) / 2) }));
  if (ballots.length) {
    await trx.insertInto('owner_vote_participation').values(ballots.map((b, i) => ({
      district_id: districtId, vote_id: vote.id, voter_key: b.key, channel: i % 6 === 0 ? 'paper' as const : 'online' as const, cast_by: i % 6 === 0 ? v.createdBy : b.owner,
      paper_ref: i % 6 === 0 ? `纸质票扫描-${String(i + 1).padStart(3, '0')}` : null, first_cast_at: b.at, changed_at: b.at,
    }))).execute();
    // A secret vote's ballots carry a token no one can link to a voter (its key is gone) and no time.
    const rows = ballots.map((b) => ({
      district_id: districtId, vote_id: vote.id, token: v.secret ? crypto.randomBytes(32).toString('hex') : b.key, choice: b.choice, area_centi: b.area, cast_at: v.secret ? null : b.at,
    }));
    await trx.insertInto('owner_vote_ballots').values(v.secret ? rows.sort((a, b) => a.token.localeCompare(b.token)) : rows).execute();
  }
  if (v.closed !== null) {
    const result = countWeightedBallots({
      item: v.item, electorate: { areaCenti: electorate.reduce((n, e) => n + e.area_centi, 0), heads: weights.size, units: electorate.length },
      ballots: ballots.map((b) => ({ areaCenti: b.area, choice: b.choice })), followMajorityAllowed: flag?.follow_majority ?? false,
    });
    await trx.updateTable('owner_votes').set({ result: JSON.stringify(result) }).where('id', '=', vote.id).execute();
  } else {
    await scheduleTimer(trx, { districtId, kind: 'owner_vote.close', subjectId: vote.id, dueAt: at(v.opened + v.windowDays) });
  }
  return Number(vote.id);
}
