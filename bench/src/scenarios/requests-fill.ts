import type { SqlClient } from '../lib/sql-client.ts';

/**
 * Fills `requests` with synthetic rows straight through SQL (not the API), in batches of multi-row inserts from
 * `unnest` arrays, across the demo district's compounds, raised by the compounds' owners. Each request gets its
 * timeline (`raised`, and the step that brought it to its status). Deterministic for a given row count.
 *
 * Distributions (roughly what a district with a few years of use looks like; the demo seed's young mix):
 *   created_at   uniform over the last two years
 *   older than 30 days: 94.5 % closed, 4 % cancelled, 1 % resolved, 0.5 % still open (stuck: assigned/in_progress)
 *   younger:            15 % submitted, 10 % accepted, 20 % assigned, 15 % in_progress, 20 % resolved, 20 % closed
 *   → about 2.5 % of all rows open, the queue's working set.
 * Deadlines are calendar time (created + the category's limits; urgent 5 %, half the limits); the server's
 * working-time calendar is not applied. No timers are written for these rows, so the server's timer runner does
 * not wake up to escalate a backlog of 25,000 overdue requests in the middle of a measurement.
 */

const DAY = 86_400_000;
const TYPES = ['help', 'help', 'complaint', 'report', 'enquiry', 'suggestion'];
const TEXTS = ['楼道灯不亮，晚上回家很不方便', '小区门口垃圾桶满了没人清理', '地下车库有车辆长期占用消防通道', '楼上装修噪声太大，周末一早就开始',
  '电梯经常停在三楼不动', '健身器材损坏，老人使用有危险', '物业费公示不清楚，希望公开账目', '邻居在楼道堆放杂物', '独居老人需要上门助餐', '宠物狗在绿地随地便溺'];
const OPEN = ['submitted', 'accepted', 'assigned', 'in_progress'];

/** mulberry32: a small deterministic PRNG. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INSERT = `
with ins as (
  insert into requests (district_id, compound_id, compound_path, category_id, type, description, urgency, status, resident_id, raised_by,
    channel, assignee_party, assignee_department_id, escalation_level, response_due_at, resolution_due_at, accepted_at, resolved_at, closed_at,
    rating, created_at, updated_at)
  select * from unnest($1::bigint[], $2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[], $10::bigint[],
    $11::text[], $12::text[], $13::bigint[], $14::text[], $15::timestamptz[], $16::timestamptz[], $17::timestamptz[], $18::timestamptz[], $19::timestamptz[],
    $20::smallint[], $21::timestamptz[], $22::timestamptz[])
  returning id, district_id, raised_by, status, created_at, updated_at
)
insert into request_events (district_id, request_id, at, actor_id, kind, from_status, to_status)
select district_id, id, created_at, raised_by, 'raised', null, 'submitted' from ins
union all
select district_id, id, updated_at, null, status, 'submitted', status from ins where status <> 'submitted'`;

export type FillResult = { rows: number; events: number; seconds: number; rowsPerSecond: number; open: number };

export async function fillRequests(db: SqlClient, total: number, log: (line: string) => void, batch = 5000): Promise<FillResult> {
  const compounds = (await db.query<{ id: number; path: string; district_id: number }>(`select id, path, district_id from places where kind = 'compound' order by id`)).rows;
  // Owners by compound: a household's path is /district/street/community/compound/building/unit/household/.
  const owners = (await db.query<{ compound_id: number; person_id: number }>(
    `select split_part(place_path, '/', 5)::bigint as compound_id, person_id from role_assignments where role = 'owner' and valid_to is null`,
  )).rows;
  const cats = (await db.query<{ id: number; district_id: number; default_party: string; response_minutes: number; resolution_minutes: number }>(
    'select id, district_id, default_party, response_minutes, resolution_minutes from request_categories where active order by id',
  )).rows;
  const departments = (await db.query<{ id: number }>(`select id from places where kind = 'department' order by id`)).rows.map((r) => r.id);
  const byCompound = new Map<number, number[]>();
  for (const o of owners) byCompound.set(o.compound_id, [...(byCompound.get(o.compound_id) ?? []), o.person_id]);
  const usable = compounds.filter((c) => (byCompound.get(c.id)?.length ?? 0) > 0);
  if (usable.length === 0 || cats.length === 0) throw new Error('fill: no compounds with owners or no categories: is the demo district seeded?');
  const rand = rng(20261123);
  const int = (n: number) => Math.floor(rand() * n);
  const now = Date.now();
  const t0 = performance.now();
  let done = 0;
  let events = 0;
  let open = 0;
  let lastLog = 0;
  while (done < total) {
    const n = Math.min(batch, total - done);
    const cols: unknown[][] = Array.from({ length: 22 }, () => new Array(n));
    for (let i = 0; i < n; i++) {
      const c = usable[int(usable.length)]!;
      const people = byCompound.get(c.id)!;
      const resident = people[int(people.length)]!;
      const cat = cats[int(cats.length)]!;
      const created = now - rand() * 730 * DAY;
      const age = now - created;
      const urgent = rand() < 0.05;
      const f = urgent ? 0.5 : 1;
      const responseDue = created + cat.response_minutes * f * 60_000;
      const resolutionDue = created + cat.resolution_minutes * f * 60_000;
      const r = rand();
      const status = age > 30 * DAY
        ? r < 0.945 ? 'closed' : r < 0.985 ? 'cancelled' : r < 0.995 ? 'resolved' : r < 0.9975 ? 'assigned' : 'in_progress'
        : r < 0.15 ? 'submitted' : r < 0.25 ? 'accepted' : r < 0.45 ? 'assigned' : r < 0.6 ? 'in_progress' : r < 0.8 ? 'resolved' : 'closed';
      if (OPEN.includes(status)) open++;
      const late = rand() < 0.12;
      const accepted = status === 'submitted' || status === 'cancelled' ? null : Math.min(now, created + (late ? 2 : 0.5) * (responseDue - created));
      const resolved = status === 'resolved' || status === 'closed' ? Math.min(now, accepted! + (late ? 1.3 : 0.4) * (resolutionDue - created)) : null;
      const closed = status === 'closed' ? Math.min(now, resolved! + rand() * 2 * DAY) : status === 'cancelled' ? created + 3_600_000 : null;
      let party: string | null = null;
      let dept: number | null = null;
      if (accepted !== null && status !== 'accepted') {
        party = cat.default_party;
        if (party === 'department' && departments.length) dept = departments[int(departments.length)]!;
        else if (party === 'department') party = 'residents_committee';
      }
      const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
      const row = [
        c.district_id, c.id, c.path, cat.id, TYPES[int(TYPES.length)], TEXTS[int(TEXTS.length)], urgent ? 'urgent' : 'normal', status, resident, resident,
        rand() < 0.8 ? 'h5' : 'phone', party, dept, late && OPEN.includes(status) ? 'street' : 'compound', iso(responseDue), iso(resolutionDue),
        iso(accepted), iso(resolved), iso(closed), status === 'closed' ? (late ? 2 + int(3) : rand() < 0.85 ? 5 : 4) : null,
        iso(created), iso(closed ?? resolved ?? accepted ?? created),
      ];
      for (let k = 0; k < 22; k++) cols[k]![i] = row[k];
      events += status === 'submitted' ? 1 : 2;
    }
    await db.query(INSERT, cols);
    done += n;
    const t = performance.now();
    if (t - lastLog > 2000 || done === total) {
      lastLog = t;
      const s = (t - t0) / 1000;
      process.stderr.write(`\r  … fill: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} requests, ${Math.round(done / s).toLocaleString('en-US')} rows/s   `);
    }
  }
  process.stderr.write('\n');
  const seconds = (performance.now() - t0) / 1000;
  log(`filled ${done.toLocaleString('en-US')} requests (${open.toLocaleString('en-US')} open) and ${events.toLocaleString('en-US')} events in ${seconds.toFixed(1)} s: ${Math.round(done / seconds).toLocaleString('en-US')} requests/s`);
  return { rows: done, events, seconds, rowsPerSecond: done / seconds, open };
}
