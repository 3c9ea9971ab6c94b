import { sql } from 'kysely';
import type { Db } from '../../db/create-db.ts';
import type { Executor } from '../../platform/audit.repository.ts';
import type { Clock } from '../../platform/context.ts';
import { notifyRoleHolders } from '../../platform/notifications.ts';
import { addDays, beijingDay } from './days.ts';

/** 社区眼: thresholds. A place is compared with its own last four weeks, never with other places. */
export const ALERT_RULES = {
  baselineDays: 28,
  /** Overdue today at least this many, and at least twice the place's own daily average. */
  overdueMin: 3,
  overdueFactor: 2,
  /** Requests today at least this many, and above the compound's mean + 3 standard deviations. */
  volumeMin: 5,
  volumeSigmas: 3,
  /** An approved wish nobody has claimed for this many days. */
  wishUnclaimedDays: 7,
  /** A fund holding less than this share of all the money it has received (appropriations and donations). */
  fundLowShare: 0.2,
} as const;

export const ALERT_KINDS = ['overdue_spike', 'volume_spike', 'wishes_unclaimed', 'fund_low'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

const ROLE_AT: Record<string, string> = { compound: 'commissioner', community: 'community_worker', street: 'street_admin', district: 'district_admin' };
const TITLE: Record<AlertKind, (place: string, value: number) => string> = {
  overdue_spike: (p, v) => `社区眼：${p} 今日超期诉求 ${v} 件，明显高于平时`,
  volume_spike: (p, v) => `社区眼：${p} 今日诉求 ${v} 件，远高于该小区平时水平`,
  wishes_unclaimed: (p, v) => `社区眼：${p} 有 ${v} 个微心愿超过 ${ALERT_RULES.wishUnclaimedDays} 天无人认领`,
  fund_low: (p, v) => `社区眼：${p} 的资金余额仅剩 ${(v / 100).toFixed(2)} 元，不足所筹总额的 ${ALERT_RULES.fundLowShare * 100}%`,
};

type Candidate = { place_id: number; path: string; kind: string; name: string; value: number; baseline: number | null };

/** Places whose measure today stands out against their own baseline (sums over the window, zero days included). */
function spikes(db: Executor, districtId: number, today: string, measure: string, kinds: readonly string[], test: (mean: number, sd: number, value: number) => boolean) {
  const from = addDays(today, -ALERT_RULES.baselineDays);
  const to = addDays(today, -1);
  return sql<Candidate & { s: number; s2: number }>`
    select t.place_id, p.path, p.kind, p.name, t.value, coalesce(h.s, 0)::float8 as s, coalesce(h.s2, 0)::float8 as s2, null::float8 as baseline
    from cockpit_rollups t
    join places p on p.id = t.place_id and p.kind in (${sql.join(kinds.map((k) => sql`${k}`))})
    left join lateral (
      select sum(x.value) as s, sum(x.value * x.value) as s2 from cockpit_rollups x
      where x.place_id = t.place_id and x.measure = ${measure} and x.day between ${from}::date and ${to}::date
    ) h on true
    where t.district_id = ${districtId} and t.day = ${today}::date and t.measure = ${measure}`.execute(db).then(({ rows }) =>
    rows
      .map((r) => {
        const n = ALERT_RULES.baselineDays;
        const mean = Number(r.s) / n;
        const sd = Math.sqrt(Math.max(0, Number(r.s2) / n - mean * mean));
        return { ...r, value: Number(r.value), baseline: Math.round(mean * 100) / 100, mean, sd };
      })
      .filter((r) => test(r.mean, r.sd, r.value)),
  );
}

/** Compounds with approved wishes unclaimed for N days (open now, their last approval or lapse that long ago). */
async function unclaimedWishes(db: Executor, districtId: number, now: Date): Promise<Candidate[]> {
  const before = new Date(now.getTime() - ALERT_RULES.wishUnclaimedDays * 24 * 3600 * 1000);
  const { rows } = await sql<Candidate>`
    select p.id as place_id, p.path, p.kind, p.name, count(*)::int as value, null::float8 as baseline
    from wishes w join places p on p.id = w.place_id
    where w.district_id = ${districtId} and w.status = 'open'
      and (select max(e.at) from wish_events e where e.wish_id = w.id and e.kind in ('approved', 'claim_lapsed')) <= ${before}
    group by p.id, p.path, p.kind, p.name`.execute(db);
  return rows.map((r) => ({ ...r, value: Number(r.value) }));
}

/**
 * 资金余额不足: places whose funds hold less than the threshold share of what they have received. One alert per
 * place (the funds of a place are summed: value = their balance, baseline = what they received, both in fen); the
 * stored balance is the ledger's own, kept ≥ 0 by the database.
 */
async function fundsRunningLow(db: Executor, districtId: number): Promise<Candidate[]> {
  const { rows } = await sql<Candidate>`
    with f as (
      select a.id, a.place_id, a.balance,
        coalesce((select sum(e.amount) from fund_entries e where e.credit_account_id = a.id and e.kind in ('appropriate', 'donate')), 0) as received
      from fund_accounts a where a.district_id = ${districtId} and a.kind = 'fund' and a.place_id is not null
    )
    select p.id as place_id, p.path, p.kind, p.name, sum(f.balance)::bigint as value, sum(f.received)::float8 as baseline
    from f join places p on p.id = f.place_id
    where f.received > 0 and f.balance < f.received * ${ALERT_RULES.fundLowShare}
    group by p.id, p.path, p.kind, p.name`.execute(db);
  return rows.map((r) => ({ ...r, value: Number(r.value), baseline: Number(r.baseline) }));
}

/**
 * Raises today's alerts of every district: each (place, kind, day) once — written with its notification to the
 * role holders at that place in one transaction, so a second run or a second instance adds nothing.
 */
export async function raiseAlerts(db: Db, clock: Clock): Promise<number> {
  const now = clock.now();
  const today = beijingDay(now);
  let raised = 0;
  const districts = await db.selectFrom('places').select('district_id').where('kind', '=', 'district').where('parent_id', 'is', null).execute();
  for (const { district_id: districtId } of districts) {
    const found: [AlertKind, Candidate][] = [];
    for (const c of await spikes(db, districtId, today, 'requests.overdue', ['compound', 'community', 'street'], (mean, _sd, v) => v >= ALERT_RULES.overdueMin && v >= ALERT_RULES.overdueFactor * mean)) found.push(['overdue_spike', c]);
    for (const c of await spikes(db, districtId, today, 'requests.raised', ['compound'], (mean, sd, v) => v >= ALERT_RULES.volumeMin && v > mean + ALERT_RULES.volumeSigmas * sd)) found.push(['volume_spike', c]);
    for (const c of await unclaimedWishes(db, districtId, now)) found.push(['wishes_unclaimed', c]);
    for (const c of await fundsRunningLow(db, districtId)) found.push(['fund_low', c]);
    for (const [kind, c] of found) {
      raised += await db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('cockpit_alerts')
          .values({ district_id: districtId, place_id: c.place_id, place_path: c.path, kind, day: today, value: c.value, baseline: c.baseline === null ? null : String(c.baseline), detail: JSON.stringify({ rules: ALERT_RULES }), created_at: now })
          .onConflict((oc) => oc.doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!inserted) return 0;
        const role = ROLE_AT[c.kind];
        if (role) await notifyRoleHolders(trx, districtId, role, [c.place_id], { kind: `cockpit.${kind}`, title: TITLE[kind](c.name, c.value), link: `/cockpit?placeId=${c.place_id}` }, now);
        return 1;
      });
    }
  }
  return raised;
}

export function alertsUnder(db: Executor, path: string, sinceDay: string) {
  return sql<{ id: number; place_id: number; place_name: string; kind: string; day: string; value: number; baseline: number | null; created_at: Date }>`
    select a.id, a.place_id, p.name as place_name, a.kind, to_char(a.day, 'YYYY-MM-DD') as day, a.value, a.baseline::float8 as baseline, a.created_at
    from cockpit_alerts a join places p on p.id = a.place_id
    where a.place_path like ${`${path}%`} and a.day >= ${sinceDay}::date
    order by a.day desc, a.id desc limit 50`.execute(db);
}
