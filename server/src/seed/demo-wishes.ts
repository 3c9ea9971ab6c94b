import type { Insertable } from 'kysely';
import type { Db } from '../db/create-db.ts';
import type { Database } from '../db/schema.ts';
import { scheduleTimer } from '../platform/timers.ts';
import { WISH_TIMERS } from '../modules/wishes/index.ts';
import type { Random } from './random.ts';

type CompoundInfo = { id: number; path: string; owners: number[] };

const DAY = 24 * 3600 * 1000;
/** Synthetic micro-wishes (微心愿): category, title, description, value in fen. No real person is described. */
const WISHES: [string, string, string, number][] = [
  ['health', '一台助听器', '耳朵背了，想和孙子好好说说话', 48_000],
  ['study', '一套课外读物', '孩子喜欢看书，想要一套适合三年级的课外书', 12_000],
  ['daily_goods', '一床冬被', '家里被子太薄，冬天冷', 26_000],
  ['companionship', '每周陪聊一次', '一个人住，想有人每周来聊聊天', 100],
  ['repair', '修好厨房水龙头', '水龙头一直滴水，自己修不了', 5_000],
  ['daily_goods', '一个电饭煲', '旧的坏了，想换一个小的', 15_000],
  ['study', '一个新书包', '书包带子断了好几次', 8_000],
  ['health', '一副老花镜', '看报纸看不清', 6_000],
  ['other', '全家福', '想请人给全家拍一张照片', 20_000],
  ['health', '一个助行器', '腿脚不方便，出门想有个扶手', 30_000],
];
const STATUSES = ['pending_review', 'open', 'open', 'open', 'claimed', 'fulfilled', 'confirmed', 'confirmed', 'confirmed', 'rejected'] as const;
const KINDS = { party_member: 'party_member', volunteer: 'volunteer', merchant: 'merchant' } as const;

/**
 * Wishes in the given compounds: some waiting for review, some on the wall, some claimed (their lapse timers set),
 * some fulfilled and confirmed with a thank-you note. Names and addresses are never consented to in the demo, except
 * on a few wishes so the wall shows both cases.
 */
export async function seedDemoWishes(db: Db, rng: Random, now: Date, districtId: number, compounds: CompoundInfo[]): Promise<number> {
  const claimers = await db
    .selectFrom('role_assignments')
    .select(['person_id', 'role'])
    .where('district_id', '=', districtId)
    .where('role', 'in', Object.keys(KINDS) as (keyof typeof KINDS)[])
    .execute();
  const reviewer = await db.selectFrom('role_assignments').select('person_id').where('district_id', '=', districtId).where('role', '=', 'community_worker').executeTakeFirst();
  return db.transaction().execute(async (trx) => {
    let n = 0;
    for (const c of compounds) {
      if (c.owners.length === 0) continue;
      for (let i = 0; i < 3; i++) {
        const [category, title, description, valueFen] = WISHES[rng.int(0, WISHES.length - 1)]!;
        const recipient = c.owners[rng.int(0, c.owners.length - 1)]!;
        const created = new Date(now.getTime() - rng.next() * 40 * DAY);
        let status: string = STATUSES[rng.int(0, STATUSES.length - 1)]!;
        const claimer = claimers.length ? claimers[rng.int(0, claimers.length - 1)]! : null;
        if (!claimer && ['claimed', 'fulfilled', 'confirmed'].includes(status)) status = 'open';
        const claimed = ['claimed', 'fulfilled', 'confirmed'].includes(status);
        const claimedAt = new Date(created.getTime() + 2 * DAY);
        const claimDue = status === 'claimed' ? new Date(now.getTime() + rng.int(1, 6) * DAY) : null;
        const row: Insertable<Database['wishes']> = {
          district_id: districtId, place_id: c.id, place_path: c.path, recipient_id: recipient, posted_by: recipient, category, title, description,
          value_fen: valueFen, deadline: new Date(now.getTime() + rng.int(10, 60) * DAY), show_name: rng.next() < 0.15, show_address: false, status,
          review_note: status === 'rejected' ? '价值较大，建议转为微项目申报' : null, reviewed_by: status === 'pending_review' ? null : (reviewer?.person_id ?? null),
          reviewed_at: status === 'pending_review' ? null : new Date(created.getTime() + DAY),
          claimer_id: claimed ? claimer!.person_id : null, claimer_kind: claimed ? claimer!.role : null, claimed_at: claimed ? claimedAt : null, claim_due_at: claimDue,
          fulfilled_at: status === 'fulfilled' || status === 'confirmed' ? new Date(claimedAt.getTime() + 3 * DAY) : null,
          confirmed_at: status === 'confirmed' ? new Date(claimedAt.getTime() + 4 * DAY) : null, confirmed_by: status === 'confirmed' ? recipient : null,
          thanks_note: status === 'confirmed' ? '谢谢你们，心里暖暖的！' : null, created_at: created, updated_at: created,
        };
        const id = (await trx.insertInto('wishes').values(row).returning('id').executeTakeFirstOrThrow()).id;
        await trx.insertInto('wish_events').values({ district_id: districtId, wish_id: id, at: created, actor_id: recipient, kind: 'posted' }).execute();
        if (claimDue) await scheduleTimer(trx, { districtId, kind: WISH_TIMERS.claimDue, subjectId: id, dueAt: claimDue });
        n++;
      }
    }
    return n;
  });
}
