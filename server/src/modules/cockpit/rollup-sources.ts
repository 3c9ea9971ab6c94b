import { sql, type RawBuilder } from 'kysely';

/**
 * Where the cockpit's numbers come from. Each source is an append-only table of what happened (a timeline, a
 * ledger); `deltas` turns some of its rows into (place, Beijing day, measure, value) increments. A delta may read
 * only what never changes after the row is written (the row itself, a request's compound, type and first
 * deadline), so applying rows one batch at a time, as they arrive, gives the same rollups as applying them all at
 * once in a rebuild (rollup.test.ts proves it). A module adds a measure by adding a source or a line here.
 *
 * Each query selects place_id, day (date), measure, value.
 */
export type RollupSource = {
  name: string;
  table: string;
  deltas(rows: Rows): RawBuilder<unknown>;
  /** The rows of a shared table (domain_events) this source reads, so the job's cursor skips the others cheaply. */
  only?: (alias: string) => RawBuilder<unknown>;
};

/**
 * Which rows of a source to turn into deltas, as a condition on the source's alias: the job passes a batch of ids,
 * a rebuild a whole id range of the district (one set-based statement instead of one per batch).
 */
export type Rows = (alias: string) => RawBuilder<unknown>;

const idList = (ids: readonly number[]) => sql`(${sql.join(ids.map((id) => sql`${id}::bigint`))})`;
export const rowsWithIds = (ids: readonly number[]): Rows => (alias) => sql`${sql.ref(`${alias}.id`)} in ${idList(ids)}`;
export const rowsInRange = (districtId: number, after: number, upTo: number): Rows => (alias) =>
  sql`${sql.ref(`${alias}.district_id`)} = ${districtId} and ${sql.ref(`${alias}.id`)} > ${after} and ${sql.ref(`${alias}.id`)} <= ${upTo}`;
const beijingDay = (column: RawBuilder<unknown>) => sql`(${column} at time zone 'Asia/Shanghai')::date`;

/** 诉求: raised (by type and category), responded, resolved, rated, overdue, reopened, cancelled, merged; 部门报到 missed. */
const requestEvents: RollupSource = {
  name: 'request_events',
  table: 'request_events',
  deltas: (rows) => sql`
    select r.compound_id as place_id, ${beijingDay(sql`e.at`)} as day, m.measure, m.value
    from request_events e
    join requests r on r.id = e.request_id
    join request_categories c on c.id = r.category_id
    cross join lateral (
      select 'requests.raised', 1::bigint where e.kind = 'raised'
      union all select 'requests.type.' || r.type, 1 where e.kind = 'raised'
      union all select 'requests.category.' || c.code, 1 where e.kind = 'raised'
      union all select 'requests.accepted', 1 where e.kind = 'accepted'
      union all select 'requests.accepted_on_time', 1 where e.kind = 'accepted' and e.at <= r.response_due_at
      union all select 'requests.response_minutes', round(extract(epoch from e.at - r.created_at) / 60)::bigint where e.kind = 'accepted'
      union all select 'requests.resolved', 1 where e.kind = 'resolved'
      -- On time: resolved before its resolution deadline ever passed (the deadline's passing is the escalation to the
      -- street that the SLA timer writes, so this reads the timeline only, never the mutable deadline column).
      union all select 'requests.resolved_on_time', 1 where e.kind = 'resolved' and not exists (
        select 1 from request_events x where x.request_id = e.request_id and x.kind = 'escalated' and x.data->>'to' = 'street' and x.at <= e.at)
      union all select 'requests.resolution_minutes', round(extract(epoch from e.at - r.created_at) / 60)::bigint where e.kind = 'resolved'
      union all select 'requests.rated', 1 where e.kind = 'rated'
      union all select 'requests.satisfied', 1 where e.kind = 'rated' and (e.data->>'rating')::int >= 4
      union all select 'requests.response_overdue', 1 where e.kind = 'escalated' and e.data->>'to' = 'community'
      union all select 'requests.overdue', 1 where e.kind = 'escalated' and e.data->>'to' = 'street'
      union all select 'requests.reopened', 1 where e.kind = 'reopened'
      union all select 'requests.cancelled', 1 where e.kind = 'cancelled'
      union all select 'requests.merged', 1 where e.kind = 'merged'
      union all select 'reports.missed', 1 where e.kind = 'report_missed'
    ) as m(measure, value)
    where ${rows('e')}`,
};

/** 街道吹哨: whistles blown, counted at the compound of the request (so they add up to the street). */
const whistles: RollupSource = {
  name: 'whistles',
  table: 'whistles',
  deltas: (rows) => sql`
    select r.compound_id as place_id, ${beijingDay(sql`w.blown_at`)} as day, 'requests.whistles' as measure, 1::bigint as value
    from whistles w join requests r on r.id = w.request_id
    where ${rows('w')}
    union all
    select r.compound_id, ${beijingDay(sql`d.ack_due_at`)}, 'reports.called', 1
    from department_reports d join whistles w on w.id = d.whistle_id join requests r on r.id = d.request_id
    where ${rows('w')}`,
};

/** 微心愿: posted, approved, claimed, fulfilled, confirmed, lapsed … one measure per timeline kind. */
const wishEvents: RollupSource = {
  name: 'wish_events',
  table: 'wish_events',
  deltas: (rows) => sql`
    select w.place_id, ${beijingDay(sql`e.at`)} as day, 'wishes.' || e.kind as measure, 1::bigint as value
    from wish_events e join wishes w on w.id = e.wish_id
    where ${rows('e')} and e.kind ~ '^[a-z_]+$'`,
};

/**
 * 志愿服务: minutes served (a correction adds the difference to the record it supersedes), attendances (人次, one per
 * sign-up's first record) and activities held (the first record of an activity), on the activity's day and place.
 */
const volunteerHours: RollupSource = {
  name: 'volunteer_hours',
  table: 'volunteer_hours',
  deltas: (rows) => sql`
    select a.place_id, ${beijingDay(sql`a.starts_at`)} as day, m.measure, m.value
    from volunteer_hours h
    join volunteer_activities a on a.id = h.activity_id
    left join volunteer_hours prev on prev.id = h.supersedes_id
    cross join lateral (
      select 'volunteer.minutes', (h.minutes - coalesce(prev.minutes, 0))::bigint
      union all select 'volunteer.attendances', 1 where h.supersedes_id is null
      union all select 'volunteer.activities_held', 1 where h.supersedes_id is null
        and not exists (select 1 from volunteer_hours x where x.activity_id = h.activity_id and x.id < h.id)
    ) as m(measure, value)
    where ${rows('h')}`,
};

/** Activities published, on their day (a cancelled one stays counted as published: activities held says what ran). */
const volunteerActivities: RollupSource = {
  name: 'volunteer_activities',
  table: 'volunteer_activities',
  deltas: (rows) => sql`
    select a.place_id, ${beijingDay(sql`a.starts_at`)} as day, 'volunteer.activities' as measure, 1::bigint as value
    from volunteer_activities a where ${rows('a')}`,
};

/** 积分: issued (earned), redeemed, redemptions cancelled, expired; the ledger is district-wide, so at the district. */
const pointsEntries: RollupSource = {
  name: 'points_entries',
  table: 'points_entries',
  deltas: (rows) => sql`
    select d.id as place_id, ${beijingDay(sql`e.created_at`)} as day,
      case e.kind when 'earn' then 'points.issued' when 'redeem' then 'points.redeemed'
        when 'cancel' then 'points.redemption_cancelled' when 'expire' then 'points.expired' else 'points.' || e.kind end as measure,
      e.amount::bigint as value
    from points_entries e
    join places d on d.district_id = e.district_id and d.kind = 'district' and d.parent_id is null
    where ${rows('e')}`,
};

/** 项目化治理: projects proposed (a project row, at its place and on the day it was written). */
const projects: RollupSource = {
  name: 'projects',
  table: 'projects',
  deltas: (rows) => sql`
    select p.place_id, ${beijingDay(sql`p.created_at`)} as day, 'projects.proposed' as measure, 1::bigint as value
    from projects p where ${rows('p')}`,
};

/** Contracts signed (and their amount in fen), at the project's place. */
const projectContracts: RollupSource = {
  name: 'project_contracts',
  table: 'project_contracts',
  deltas: (rows) => sql`
    select p.place_id, ${beijingDay(sql`c.signed_at`)} as day, m.measure, m.value
    from project_contracts c join projects p on p.id = c.project_id
    cross join lateral (values ('projects.contracted', 1::bigint), ('projects.contracted_fen', c.amount::bigint)) as m(measure, value)
    where ${rows('c')}`,
};

/** Projects evaluated (结项评估), and of those passed. */
const projectEvaluations: RollupSource = {
  name: 'project_evaluations',
  table: 'project_evaluations',
  deltas: (rows) => sql`
    select p.place_id, ${beijingDay(sql`e.created_at`)} as day, m.measure, m.value
    from project_evaluations e join projects p on p.id = e.project_id
    cross join lateral (
      select 'projects.evaluated', 1::bigint
      union all select 'projects.evaluation_passed', 1 where e.passed
    ) as m(measure, value)
    where ${rows('e')}`,
};

/**
 * 资金: money into funds (appropriations, donations, releases back from projects) and out of them (allocations
 * to projects), and money paid out of projects to organisations, in fen, at the fund's (or project's) place. The
 * running gauge funds.balance is in − out (RUNNING_GAUGES).
 */
const fundEntries: RollupSource = {
  name: 'fund_entries',
  table: 'fund_entries',
  deltas: (rows) => sql`
    select c.place_id, ${beijingDay(sql`e.created_at`)} as day, m.measure, e.amount::bigint as value
    from fund_entries e join fund_accounts c on c.id = e.credit_account_id
    cross join lateral (
      select 'funds.in' where c.kind = 'fund'
      union all select 'funds.raised' where c.kind = 'fund' and e.kind in ('appropriate', 'donate')
    ) as m(measure)
    where ${rows('e')} and c.place_id is not null
    union all
    select m.place_id, ${beijingDay(sql`e.created_at`)}, m.measure, e.amount::bigint
    from fund_entries e join fund_accounts d on d.id = e.debit_account_id
    cross join lateral (
      select d.place_id, 'funds.out' where d.kind = 'fund'
      -- A project's account has no place of its own: the project's (never changes) is where it was paid.
      union all select p.place_id, 'funds.paid' from projects p where e.kind = 'pay' and d.kind = 'project' and p.id = d.owner_id
    ) as m(place_id, measure)
    where ${rows('e')} and m.place_id is not null`,
};

/** 议事协商: topics raised, at their place. */
const deliberationTopics: RollupSource = {
  name: 'deliberation_topics',
  table: 'deliberation_topics',
  deltas: (rows) => sql`
    select t.place_id, ${beijingDay(sql`t.created_at`)} as day, 'deliberation.topics' as measure, 1::bigint as value
    from deliberation_topics t where ${rows('t')}`,
};

/** Open deliberation days (公开议事日), on the day they are held. */
const deliberationDays: RollupSource = {
  name: 'deliberation_days',
  table: 'deliberation_days',
  deltas: (rows) => sql`
    select d.place_id, ${beijingDay(sql`d.starts_at`)} as day, 'deliberation.days' as measure, 1::bigint as value
    from deliberation_days d where ${rows('d')}`,
};

/** Owners' votes (业主共同决定) and residents' polls, on the day they were set up, at their compound or place. */
const ownerVotes: RollupSource = {
  name: 'owner_votes',
  table: 'owner_votes',
  deltas: (rows) => sql`
    select v.compound_id as place_id, ${beijingDay(sql`v.created_at`)} as day, 'deliberation.votes' as measure, 1::bigint as value
    from owner_votes v where ${rows('v')}`,
};
const residentPolls: RollupSource = {
  name: 'resident_polls',
  table: 'resident_polls',
  deltas: (rows) => sql`
    select p.place_id, ${beijingDay(sql`p.created_at`)} as day, 'deliberation.polls' as measure, 1::bigint as value
    from resident_polls p where ${rows('p')}`,
};

/** 小区公约: conventions drafted (a convention row, at its compound, on the day it was written). */
const conventions: RollupSource = {
  name: 'conventions',
  table: 'conventions',
  deltas: (rows) => sql`
    select c.compound_id as place_id, ${beijingDay(sql`c.created_at`)} as day, 'conventions.drafted' as measure, 1::bigint as value
    from conventions c where ${rows('c')}`,
};

/**
 * Conventions coming into force: every version the owners adopted (公约通过, the `convention.in_force` event the
 * conventions module writes when the linked vote passes), and of those a convention's first (`conventions.established`,
 * which the running gauge conventions.in_force adds up: a convention stays in force once adopted, an amendment
 * replaces its version). Read from the append-only event, never from the versions' mutable status; its day is the
 * version's in_force_at, written once in the same transaction as the event (the event's own created_at is the
 * database's clock, not the injected one).
 */
const conventionsInForce: RollupSource = {
  name: 'convention_in_force_events',
  table: 'domain_events',
  only: (alias) => sql`${sql.ref(`${alias}.type`)} = 'convention.in_force'`,
  deltas: (rows) => sql`
    select c.compound_id as place_id, ${beijingDay(sql`v.in_force_at`)} as day, m.measure, 1::bigint as value
    from domain_events e
    join convention_versions v on v.id = (e.payload->>'versionId')::bigint
    join conventions c on c.id = v.convention_id
    cross join lateral (
      select 'conventions.adopted'
      union all select 'conventions.established' where not exists (
        select 1 from domain_events x where x.type = 'convention.in_force' and x.id < e.id and x.payload->>'conventionId' = e.payload->>'conventionId')
    ) as m(measure)
    where ${rows('e')} and e.type = 'convention.in_force'`,
};

/** Conventions filed with the street (公约备案), on the day the filing was submitted, at the convention's compound. */
const conventionFilings: RollupSource = {
  name: 'convention_filings',
  table: 'convention_filings',
  deltas: (rows) => sql`
    select c.compound_id as place_id, ${beijingDay(sql`f.submitted_at`)} as day, 'conventions.filed' as measure, 1::bigint as value
    from convention_filings f join convention_versions v on v.id = f.version_id join conventions c on c.id = v.convention_id
    where ${rows('f')}`,
};

export const ROLLUP_SOURCES: readonly RollupSource[] = [
  requestEvents, whistles, wishEvents, volunteerHours, volunteerActivities, pointsEntries,
  projects, projectContracts, projectEvaluations, fundEntries, deliberationTopics, deliberationDays, ownerVotes, residentPolls,
  conventions, conventionsInForce, conventionFilings,
];

/**
 * Running gauges (cockpit_gauges): the sum of a measure's deltas over every day up to D, kept on the days it changed,
 * so reading it at any day is one index probe. `plus` measures add, `minus` measures subtract.
 */
export type RunningGauge = { measure: string; plus: readonly string[]; minus: readonly string[] };
export const RUNNING_GAUGES: readonly RunningGauge[] = [
  /** 在办: requests open at the end of the day: raised − resolved − cancelled − merged + reopened. */
  { measure: 'requests.open', plus: ['requests.raised', 'requests.reopened'], minus: ['requests.resolved', 'requests.cancelled', 'requests.merged'] },
  /** 资金余额: what the place's funds hold at the end of the day, in fen. */
  { measure: 'funds.balance', plus: ['funds.in'], minus: ['funds.out'] },
  /** 公约生效: conventions of the place in force at the end of the day (each counted once, from its first adoption). */
  { measure: 'conventions.in_force', plus: ['conventions.established'], minus: [] },
];

/** Gauges snapshotted per day (the value at the end of the day), not summed over days. */
export const GAUGE_PREFIX = 'coverage.';
