import type { SqlClient } from '../lib/sql-client.ts';

/**
 * The cockpit bench's fill: synthetic requests and their timelines written by PostgreSQL itself
 * (`generate_series` in statements of 250,000 requests), with the distributions of requests-fill.ts (the same
 * statuses, deadlines, lateness, ratings and channels; see there). Two differences, both for scale:
 *   - no row crosses the wire: the client sends a range of numbers, the server draws the rows (3,000 requests/s
 *     from Node's multi-row inserts made 10M an hour's fill; this is an order of magnitude faster);
 *   - ids follow time, as in a real district (a request raised later has a higher id), where requests-fill.ts
 *     draws each row's time at random. A rebuild reads sources in id spans, so with ids in time order each span
 *     adds to the rollups of its own weeks, not to every (place, day) of two years again.
 * Deterministic for a given row count (`setseed`, one session).
 */
const INSERT = `
with g as (
  select i, random() as rc, random() as rown, random() as rcat, random() as rtype, random() as rtext, random() as rurg,
    random() as rstat, random() as rlate, random() as rch, random() as rrate, random() as rclose, random() as rdept
  from generate_series($1::bigint, $1::bigint + $2::bigint - 1) as i
),
a as (
  select g.*, c.id as compound_id, c.path as compound_path, c.district_id,
    c.owners[1 + floor(g.rown * cardinality(c.owners))::int] as resident,
    k.id as category_id, k.default_party, k.response_minutes, k.resolution_minutes,
    $4::timestamptz - interval '730 days' * (1 - (g.i + 0.5) / $3::float8) as created,
    g.rurg < 0.05 as urgent, g.rlate < 0.12 as late
  from g
  join fill_compounds c on c.k = 1 + floor(g.rc * $5::int)::int
  join fill_categories k on k.k = 1 + floor(g.rcat * $6::int)::int
),
b as (
  select a.*,
    a.created + interval '1 minute' * a.response_minutes * case when a.urgent then 0.5 else 1 end as response_due,
    a.created + interval '1 minute' * a.resolution_minutes * case when a.urgent then 0.5 else 1 end as resolution_due,
    case when a.created < $4::timestamptz - interval '30 days' then
      case when a.rstat < 0.945 then 'closed' when a.rstat < 0.985 then 'cancelled' when a.rstat < 0.995 then 'resolved'
        when a.rstat < 0.9975 then 'assigned' else 'in_progress' end
    else
      case when a.rstat < 0.15 then 'submitted' when a.rstat < 0.25 then 'accepted' when a.rstat < 0.45 then 'assigned'
        when a.rstat < 0.6 then 'in_progress' when a.rstat < 0.8 then 'resolved' else 'closed' end
    end as status
  from a
),
c as (
  select b.*, case when b.status in ('submitted', 'cancelled') then null
    else least($4::timestamptz, b.created + (case when b.late then 2 else 0.5 end) * (b.response_due - b.created)) end as accepted
  from b
),
d as (
  select c.*, case when c.status in ('resolved', 'closed')
    then least($4::timestamptz, c.accepted + (case when c.late then 1.3 else 0.4 end) * (c.resolution_due - c.created)) end as resolved
  from c
),
e as (
  select d.*,
    case when d.status = 'closed' then least($4::timestamptz, d.resolved + interval '2 days' * d.rclose)
      when d.status = 'cancelled' then d.created + interval '1 hour' end as closed,
    case when d.accepted is null or d.status = 'accepted' then null
      when d.default_party = 'department' and cardinality($7::bigint[]) = 0 then 'residents_committee'
      else d.default_party end as party
  from d
),
ins as (
  insert into requests (district_id, compound_id, compound_path, category_id, type, description, urgency, status, resident_id, raised_by,
    channel, assignee_party, assignee_department_id, escalation_level, response_due_at, resolution_due_at, accepted_at, resolved_at, closed_at,
    rating, created_at, updated_at)
  select e.district_id, e.compound_id, e.compound_path, e.category_id,
    (array['help', 'help', 'complaint', 'report', 'enquiry', 'suggestion'])[1 + floor(e.rtype * 6)::int],
    (array['楼道灯不亮，晚上回家很不方便', '小区门口垃圾桶满了没人清理', '地下车库有车辆长期占用消防通道', '楼上装修噪声太大，周末一早就开始',
      '电梯经常停在三楼不动', '健身器材损坏，老人使用有危险', '物业费公示不清楚，希望公开账目', '邻居在楼道堆放杂物', '独居老人需要上门助餐', '宠物狗在绿地随地便溺'])[1 + floor(e.rtext * 10)::int],
    case when e.urgent then 'urgent' else 'normal' end, e.status, e.resident, e.resident,
    case when e.rch < 0.8 then 'h5' else 'phone' end, e.party,
    case when e.party = 'department' then ($7::bigint[])[1 + floor(e.rdept * cardinality($7::bigint[]))::int] end,
    case when e.late and e.status in ('submitted', 'accepted', 'assigned', 'in_progress') then 'street' else 'compound' end,
    e.response_due, e.resolution_due, e.accepted, e.resolved, e.closed,
    case when e.status = 'closed' then case when e.late then 2 + floor(e.rrate * 3)::int when e.rrate < 0.85 then 5 else 4 end end::smallint,
    e.created, coalesce(e.closed, e.resolved, e.accepted, e.created)
  from e order by e.i
  returning id, district_id, raised_by, status, created_at, updated_at
)
insert into request_events (district_id, request_id, at, actor_id, kind, from_status, to_status)
select district_id, id, created_at, raised_by, 'raised', null, 'submitted' from ins
union all
select district_id, id, updated_at, null, status, 'submitted', status from ins where status <> 'submitted'`;

/**
 * Fills `total` requests with `workers` connections side by side, each its own slice of the time range in its own
 * transaction (a worker's slice is all or nothing). A big fill first drops the secondary indexes of requests and
 * request_events (committed: the workers must not wait on each other's locks) and builds them again at the end, one
 * sort each instead of millions of random inserts into them.
 */
export async function fillRequestsInSql(db: SqlClient, total: number, log: (line: string) => void, workers = 1, batch = 250_000): Promise<{ seconds: number }> {
  const t0 = performance.now();
  const now = new Date().toISOString();
  const secondary = total >= 500_000 ? (await db.query<{ name: string; def: string }>(`
    select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def from pg_index i
    where i.indrelid in ('requests'::regclass, 'request_events'::regclass) and not i.indisprimary and not i.indisunique`)).rows : [];
  for (const ix of secondary) await db.query(`drop index ${ix.name}`);
  let done = 0;
  const slice = Math.ceil(total / workers);
  await Promise.all(Array.from({ length: workers }, (_, w) => db.tx(async (q) => {
    await q(`create temp table fill_compounds on commit drop as
      select (row_number() over (order by c.id))::int as k, c.id, c.path, c.district_id, o.owners
      from places c join (
        select split_part(place_path, '/', 5)::bigint as compound_id, array_agg(person_id order by person_id) as owners
        from role_assignments where role = 'owner' and valid_to is null group by 1
      ) o on o.compound_id = c.id
      where c.kind = 'compound'`);
    await q(`create temp table fill_categories on commit drop as
      select (row_number() over (order by id))::int as k, id, default_party, response_minutes, resolution_minutes from request_categories where active`);
    const nc = (await q<{ n: number }>('select count(*)::int as n from fill_compounds')).rows[0]!.n;
    const nk = (await q<{ n: number }>('select count(*)::int as n from fill_categories')).rows[0]!.n;
    if (nc === 0 || nk === 0) throw new Error('fill: no compounds with owners or no categories: is the demo district seeded?');
    const departments = (await q<{ id: number }>(`select id from places where kind = 'department' order by id`)).rows.map((r) => r.id);
    await q(`select setseed(${((total % 1000) + w + 1) / 1003})`);
    const end = Math.min(total, (w + 1) * slice);
    for (let at = w * slice; at < end;) {
      const n = Math.min(batch, end - at);
      await q(INSERT, [at, n, total, now, nc, nk, departments]);
      at += n;
      done += n;
      const s = (performance.now() - t0) / 1000;
      log(`fill: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} requests, ${Math.round(done / s).toLocaleString('en-US')} rows/s`);
    }
  })));
  await Promise.all(secondary.map(async (ix) => {
    await db.query(ix.def);
    log(`fill: index ${ix.name} built again (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }));
  return { seconds: (performance.now() - t0) / 1000 };
}
