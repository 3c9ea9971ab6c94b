/**
 * The SQL the generator runs: everything is produced inside the database (generate_series, random()), so a
 * statement ships a few hundred bytes and writes up to hundreds of thousands of rows, with no dependency (no
 * COPY stream library in the lock file). Numbers are interpolated, never user text: every value here is a count
 * or an id the generator computed itself.
 *
 * Determinism: each batch runs `setseed` in its own transaction first, so the same command gives the same data.
 */

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const arr = (xs: readonly string[]) => `array[${xs.map(q).join(',')}]`;

export const STREET_WORDS = ['东湖', '西溪', '南星', '北山', '清波', '湖滨', '望江', '紫阳', '采荷', '凯旋', '笕桥', '彭埠', '九堡', '丁桥', '半山', '康桥'];
export const COMMUNITY_WORDS = ['明月', '春晓', '翠苑', '长乐', '和风', '安康', '新桥', '金桂', '映雪', '怡园', '丰收', '紫荆', '兰亭', '松涛', '瑞景', '望湖', '沁园', '朝晖', '文晖', '德胜'];
export const COMPOUND_WORDS = ['花园', '新村', '公寓', '家园', '苑', '里', '府', '雅居', '小区', '大厦'];
export const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
export const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '秀', '霞', '平', '刚'];
export const DEPARTMENTS = ['城管执法局', '住房和城乡建设局', '市场监督管理局', '公安分局派出所'];
const TEXTS = ['楼道灯不亮，晚上回家很不方便', '小区门口垃圾桶满了没人清理', '地下车库有车辆长期占用消防通道', '楼上装修噪声太大，周末一早就开始',
  '电梯经常停在三楼不动', '健身器材损坏，老人使用有危险', '物业费公示不清楚，希望公开账目', '邻居在楼道堆放杂物', '独居老人需要上门助餐', '宠物狗在绿地随地便溺'];

/** Children of every place of `parentKind` in the district: ids drawn first (offset 0 keeps nextval once per row), then the path from them. */
function children(district: number, parentKind: string, kind: string, perParent: string, name: string, code: string | null): string {
  return `
insert into places (id, district_id, parent_id, kind, name, code, path, depth)
select id, ${district}, parent_id, '${kind}', ${name}, ${code ?? 'null'}, ppath || id || '/', pdepth + 1
from (
  select nextval('places_id_seq') as id, p.id as parent_id, p.path as ppath, p.depth as pdepth, p.name as pname, n, p.code as pcode
  from places p cross join lateral generate_series(1, ${perParent}) n
  where p.district_id = ${district} and p.kind = '${parentKind}'
  order by p.id, n
  offset 0
) x`;
}

/** One district's tree below it: streets → communities → compounds → buildings → units → households. */
export function treeStatements(district: number, dno: number, shape: { streets: number; communitiesPerStreet: number; compoundsPerCommunity: number; buildings: number; units: number; floors: number }): string[] {
  return [
    children(district, 'district', 'street', String(shape.streets), `(${arr(STREET_WORDS)})[1 + (n + ${dno * 3}) % ${STREET_WORDS.length}] || '街道' || case when n > ${STREET_WORDS.length} then n::text else '' end`, `'D${dno}-S' || n`),
    // 4 departments per district, like the demo's 职能部门 (department reports, assignee_department_id).
    `insert into places (id, district_id, parent_id, kind, name, code, path, depth)
     select id, ${district}, ${district}, 'department', name, code, '/${district}/' || id || '/', 2
     from (select nextval('places_id_seq') as id, (${arr(DEPARTMENTS)})[n] as name, 'D${dno}-DEPT-' || n as code from generate_series(1, ${DEPARTMENTS.length}) n offset 0) x`,
    children(district, 'street', 'community', String(shape.communitiesPerStreet), `(${arr(COMMUNITY_WORDS)})[1 + (n + pcode_hash(pcode)) % ${COMMUNITY_WORDS.length}] || n || '社区'`, `pcode || '-C' || n`),
    children(district, 'community', 'compound', String(shape.compoundsPerCommunity), `replace(pname, '社区', '') || (${arr(COMPOUND_WORDS)})[1 + (n + pcode_hash(pcode)) % ${COMPOUND_WORDS.length}] || case when n > 1 then n || '期' else '' end`, `pcode || '-Q' || n`),
    children(district, 'compound', 'building', String(shape.buildings), `n || '幢'`, null),
    children(district, 'building', 'unit', String(shape.units), `n || '单元'`, null),
    // Households: floors × 2 doors per unit; the name carries building, unit, floor and door like the demo's.
    `insert into places (id, district_id, parent_id, kind, name, code, path, depth)
     select id, ${district}, parent_id, 'household', bname || uname || (1 + (n - 1) / 2) || '0' || (1 + (n - 1) % 2) || '室', null, ppath || id || '/', pdepth + 1
     from (
       select nextval('places_id_seq') as id, u.id as parent_id, u.path as ppath, u.depth as pdepth, u.name as uname, b.name as bname, n
       from places u join places b on b.id = u.parent_id cross join lateral generate_series(1, ${shape.floors * 2}) n
       where u.district_id = ${district} and u.kind = 'unit'
       order by u.id, n
       offset 0
     ) x`,
    `insert into community_profiles (place_id, district_id, community_class, tags)
     select id, ${district}, (array['urban','urban','urban','new','old','old','village_to_residence'])[1 + floor(random() * 7)::int], '{}'
     from places where district_id = ${district} and kind = 'community'`,
    `insert into compound_profiles (place_id, district_id, compound_kind, build_year, household_count, property_company, committee_type, service_point_hours)
     select id, ${district}, k, case when k = 'old' then 1980 + floor(random() * 20)::int else 2000 + floor(random() * 23)::int end,
       ${shape.buildings * shape.units * shape.floors * 2}, case when k = 'old' and random() < 0.7 then null else '安居物业服务有限公司' end,
       case when k in ('commercial','mixed') and random() < 0.7 then 'owners_committee' when k = 'old' and random() < 0.45 then 'self_management_committee' else 'none' end,
       '周一至周五 8:30-17:30；紧急事务随时呼叫'
     from (select id, (array['commercial','commercial','commercial','commercial','old','old','old','resettlement','public_rental','mixed'])[1 + floor(random() * 10)::int] as k
           from places where district_id = ${district} and kind = 'compound') c`,
    `insert into households (place_id, district_id, exclusive_area, area_source)
     select id, ${district}, round((50 + random() * 100)::numeric, 2), 'register' from places where district_id = ${district} and kind = 'household'`,
  ];
}

/** A small deterministic integer from a code, so names vary between sibling subtrees. */
export const PCODE_HASH_FN = `create or replace function pcode_hash(t text) returns int language sql immutable as $$ select abs(hashtext(coalesce(t, ''))) % 1000 $$`;

/** How many ids a place path holds ('/1/2/' → 2). */
export const DEPTH_OF_FN = `create or replace function depth_of(p text) returns int language sql immutable as $$ select length(p) - length(replace(p, '/', '')) - 1 $$`;

/**
 * People and their role assignments for one district: an owner per household (one person each), a commissioner
 * per compound, two community workers and a residents' committee member per community, a street admin per
 * street, a district admin. Ids are drawn from the identity sequence first so that the person and the role
 * assignment are written by one statement. The phone is one fixed ciphertext made once with the server's own
 * cipher (so nothing decrypts to garbage), its lookup hash a unique synthetic value: these people cannot sign in;
 * the demo district's accounts can.
 */
export function peopleStatement(district: number, placeKind: string, role: string, perPlace: number, phoneCipher: string, peopleSeq: string): string {
  return `
with src as materialized (
  select nextval(${q(peopleSeq)}) as pid, p.id as place_id, p.path, n
  from places p cross join lateral generate_series(1, ${perPlace}) n
  where p.district_id = ${district} and p.kind = '${placeKind}'
  offset 0
), ins as (
  insert into people (id, district_id, name, phone_cipher, phone_hash)
  select pid, ${district}, (${arr(SURNAMES)})[1 + floor(random() * ${SURNAMES.length})::int] || (${arr(GIVEN)})[1 + floor(random() * ${GIVEN.length})::int]
    || case when random() < 0.6 then (${arr(GIVEN)})[1 + floor(random() * ${GIVEN.length})::int] else '' end,
    ${q(phoneCipher)}, encode(sha256(convert_to('bench-generated:' || pid, 'UTF8')), 'hex')
  from src
  returning id
)
insert into role_assignments (district_id, person_id, role, place_id, place_path, is_local, valid_from)
select ${district}, pid, '${role}', place_id, path, ${role === 'commissioner' ? 'random() < 0.5' : 'false'}, now() - interval '3 years'
from src`;
}

/** Per compound: its owners and its district's departments, in a random order (the Pareto weight follows the order). */
export const COMPOUNDS_TABLE = [
  `drop table if exists bench_gen_compounds`,
  // Owners hold households (/district/street/community/compound/building/unit/household/): the compound is the
  // path's fourth id. One grouped scan; a LIKE on each compound's path cannot use the index (its pattern is a column).
  `create table bench_gen_compounds as
   with o as (
     select split_part(place_path, '/', 5)::bigint as compound_id, array_agg(person_id order by id) as owners
     from role_assignments where role = 'owner' and valid_to is null and depth_of(place_path) = 7
     group by 1
   )
   select row_number() over (order by md5(c.id::text))::int as idx, c.id as compound_id, c.path, c.district_id, o.owners,
     array(select d.id from places d where d.district_id = c.district_id and d.kind = 'department' order by d.id) as departments
   from places c join o on o.compound_id = c.id
   where c.kind = 'compound'`,
  `alter table bench_gen_compounds add primary key (idx)`,
  `drop table if exists bench_gen_categories`,
  `create table bench_gen_categories as
   select district_id, (row_number() over (partition by district_id order by sort, id) - 1)::int as idx, id, default_party, response_minutes, resolution_minutes
   from request_categories where active`,
  `alter table bench_gen_categories add primary key (district_id, idx)`,
];

/**
 * One batch of requests with their timelines. Distributions:
 *  - compound: index = ⌈N · u^2.5⌉ over a random order of compounds (Pareto-like: the busiest 20 % raise about
 *    half, the busiest 1 % about 16 %);
 *  - category: skewed the same way (u^1.8) over the district's categories in their display order;
 *  - day: uniform over `years`; 40 % of weekend requests move to a weekday of the same week (weekday peak);
 *  - hour (Beijing): 5 % at night, 40 % 8–12, 25 % 12–18, 30 % 18–22;
 *  - status: older than 30 days 93 % closed, 4 % cancelled, 1.5 % resolved, 1.5 % still open (stuck, overdue);
 *    the last 30 days 12 % submitted, 8 % accepted, 20 % assigned, 15 % in progress, 23 % resolved, 22 % closed;
 *  - 12 % answered or resolved late: the timeline then holds the escalation the SLA timer would have written
 *    (to the community when not accepted in time, to the street when not resolved in time), and an open overdue
 *    request carries escalation_level street.
 * Timeline: raised, accepted, escalated, resolved, closed, rated, cancelled as they apply (the cockpit's rollup
 * reads exactly these kinds). No timers: the server's timer runner would otherwise fire for the whole backlog.
 */
export function requestsBatch(o: { batch: number; compounds: number; categories: number; years: number; nowIso: string }): string {
  return `
with g as (
  select 1 + floor(${o.compounds} * power(random(), 2.5))::int as cidx,
    floor(${o.categories} * power(random(), 1.8))::int as catidx,
    random() as r_status, random() as r_late, random() as r_urgent, random() as r_hour, random() as r_hour2, random() as r_weekend,
    random() as r_owner, random() as r_text, random() as r_type, random() as r_channel, random() as r_dept, random() as r_close, random() as r_rating,
    date_trunc('day', ${q(o.nowIso)}::timestamptz at time zone 'Asia/Shanghai') - floor(random() * ${Math.round(o.years * 365)}) * interval '1 day' as day0
  from generate_series(1, ${o.batch})
), t as (
  select g.*, c.compound_id, c.path, c.district_id, c.owners, c.departments, cat.id as category_id, cat.default_party, cat.response_minutes, cat.resolution_minutes,
    (case when extract(isodow from day0) >= 6 and r_weekend < 0.4
       then day0 - (extract(isodow from day0) - 1 - floor(r_weekend / 0.4 * 5)) * interval '1 day' else day0 end)
      + case when r_hour < 0.05 then r_hour2 * interval '7 hours' when r_hour < 0.45 then interval '8 hours' + r_hour2 * interval '4 hours'
             when r_hour < 0.7 then interval '12 hours' + r_hour2 * interval '6 hours' else interval '18 hours' + r_hour2 * interval '4 hours' end as local_created
  from g
  join bench_gen_compounds c on c.idx = g.cidx
  join bench_gen_categories cat on cat.district_id = c.district_id and cat.idx = g.catidx
), s as (
  select t.*,
    -- today's hours still to come belong to the day before, so nothing is raised in the future
    case when (local_created at time zone 'Asia/Shanghai') > ${q(o.nowIso)}::timestamptz then (local_created at time zone 'Asia/Shanghai') - interval '1 day'
      else (local_created at time zone 'Asia/Shanghai') end as created, r_urgent < 0.05 as urgent,
    owners[1 + floor(r_owner * cardinality(owners))::int] as resident
  from t
), s2 as (
  select s.*,
    created + (case when urgent then 0.5 else 1 end) * response_minutes * interval '1 minute' as response_due,
    created + (case when urgent then 0.5 else 1 end) * resolution_minutes * interval '1 minute' as resolution_due,
    case when ${q(o.nowIso)}::timestamptz - created > interval '30 days' then
      case when r_status < 0.93 then 'closed' when r_status < 0.97 then 'cancelled' when r_status < 0.985 then 'resolved' when r_status < 0.995 then 'in_progress' else 'assigned' end
    else
      case when r_status < 0.12 then 'submitted' when r_status < 0.2 then 'accepted' when r_status < 0.4 then 'assigned' when r_status < 0.55 then 'in_progress' when r_status < 0.78 then 'resolved' else 'closed' end
    end as status,
    r_late < 0.12 as late
  from s
), s3 as (
  select s2.*,
    case when status in ('submitted','cancelled') then null
      else least(${q(o.nowIso)}::timestamptz, created + (case when late then 2 else 0.5 end) * (response_due - created)) end as accepted_at
  from s2
), s4 as (
  select s3.*,
    case when status in ('resolved','closed') then least(${q(o.nowIso)}::timestamptz, accepted_at + (case when late then 1.3 else 0.4 end) * (resolution_due - created)) end as resolved_at
  from s3
), f as (
  select s4.*,
    case when status = 'closed' then least(${q(o.nowIso)}::timestamptz, resolved_at + r_close * interval '2 days')
         when status = 'cancelled' then created + interval '1 hour' end as closed_at,
    case when status <> 'cancelled' and (accepted_at is null or accepted_at > response_due) and response_due < ${q(o.nowIso)}::timestamptz then response_due end as esc_community,
    case when status <> 'cancelled' and (resolved_at is null or resolved_at > resolution_due) and resolution_due < ${q(o.nowIso)}::timestamptz then resolution_due end as esc_street,
    case when accepted_at is null or status = 'accepted' then null
         when default_party = 'department' and cardinality(departments) = 0 then 'residents_committee' else default_party end as party
  from s4
), ins as (
  insert into requests (district_id, compound_id, compound_path, category_id, type, description, urgency, status, resident_id, raised_by,
    channel, assignee_party, assignee_department_id, escalation_level, response_due_at, resolution_due_at, accepted_at, resolved_at, closed_at,
    rating, created_at, updated_at)
  select district_id, compound_id, path, category_id,
    (array['help','help','complaint','report','enquiry','suggestion'])[1 + floor(r_type * 6)::int],
    (${arr(TEXTS)})[1 + floor(r_text * ${TEXTS.length})::int],
    case when urgent then 'urgent' else 'normal' end, status, resident, resident,
    case when r_channel < 0.8 then 'h5' when r_channel < 0.93 then 'phone' when r_channel < 0.98 then 'walk_in' else 'visit' end,
    party, case when party = 'department' then departments[1 + floor(r_dept * cardinality(departments))::int] end,
    case when esc_street is not null then 'street' when esc_community is not null then 'community' else 'compound' end,
    response_due, resolution_due, accepted_at, resolved_at, closed_at,
    case when status = 'closed' then case when late then 2 + floor(r_rating * 3)::int when r_rating < 0.85 then 5 else 4 end end,
    created, coalesce(closed_at, resolved_at, accepted_at, created)
  from f
  returning id, district_id, raised_by, status, created_at, accepted_at, resolved_at, closed_at, rating, response_due_at, resolution_due_at, escalation_level
)
insert into request_events (district_id, request_id, at, actor_id, kind, from_status, to_status, data)
select i.district_id, i.id, e.at, e.actor, e.kind, e.from_s, e.to_s, e.data
from ins i cross join lateral (values
  (i.created_at, i.raised_by, 'raised', null, 'submitted', null::jsonb),
  (i.accepted_at, null, 'accepted', 'submitted', 'accepted', null),
  (case when i.status <> 'cancelled' and (i.accepted_at is null or i.accepted_at > i.response_due_at) and i.response_due_at < ${q(o.nowIso)}::timestamptz then i.response_due_at end,
    null, 'escalated', null, null, '{"to":"community","reason":"not_accepted_in_time"}'::jsonb),
  (case when i.status <> 'cancelled' and (i.resolved_at is null or i.resolved_at > i.resolution_due_at) and i.resolution_due_at < ${q(o.nowIso)}::timestamptz then i.resolution_due_at end,
    null, 'escalated', null, null, '{"to":"street","reason":"not_resolved_in_time"}'::jsonb),
  (i.resolved_at, null, 'resolved', 'in_progress', 'resolved', null),
  (case when i.status = 'closed' then i.closed_at end, i.raised_by, 'closed', 'resolved', 'closed', null),
  (case when i.rating is not null then i.closed_at end, i.raised_by, 'rated', null, null, jsonb_build_object('rating', i.rating)),
  (case when i.status = 'cancelled' then i.closed_at end, i.raised_by, 'cancelled', 'submitted', 'cancelled', null)
) as e(at, actor, kind, from_s, to_s, data)
where e.at is not null`;
}
