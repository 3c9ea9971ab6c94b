import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../platform/audit.repository.ts';
import { maskPhone, type PersonalDataCipher } from '../../platform/personal-data.ts';

/**
 * The ledgers (台账) a community keeps, generated from what was collected once (一次采集、多方利用). Read-only
 * reporting queries over the modules' tables: the one place outside a module that reads its rows, kept here so a
 * ledger's columns live beside their Chinese headers; a module that changes a table updates its ledger here.
 */
export type LedgerQuery = { districtId: number; path: string; from: Date; to: Date };
export type LedgerRow = Record<string, unknown> & { id: number };
export type Cell = string | number | null;
export type RenderContext = { reveal: boolean; cipher: PersonalDataCipher };
export type Column = { key: string; header: string; width: number };

export type LedgerDefinition = {
  name: string;
  title: string;
  columns: Column[];
  /** Rows after `afterId` in id order (keyset pages: memory stays flat however long the ledger). */
  page(db: Executor, q: LedgerQuery, afterId: number, limit: number): Promise<LedgerRow[]>;
  count(db: Executor, q: LedgerQuery): Promise<number>;
  cells(row: LedgerRow, ctx: RenderContext): Cell[];
  /** Which columns carry personal data (masked unless revealed). */
  personal: string[];
};

const at = (d: unknown) => (d ? new Date(d as string).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : null);
/** 张* / 欧阳** : the family name only. */
export const maskName = (name: unknown) => (typeof name === 'string' && name.length > 0 ? `${name.slice(0, 1)}${'*'.repeat(Math.max(1, name.length - 1))}` : null);
const person = (name: unknown, ctx: RenderContext) => (ctx.reveal ? ((name as string | null) ?? null) : maskName(name));
const phone = (cipher: unknown, ctx: RenderContext) => {
  if (typeof cipher !== 'string') return null;
  const plain = ctx.cipher.decrypt(cipher);
  return ctx.reveal ? plain : maskPhone(plain);
};
const under = (column: string, q: LedgerQuery) => sql`${sql.ref(column)} like ${`${q.path}%`}`;
const within = (column: string, q: LedgerQuery) => sql`${sql.ref(column)} >= ${q.from} and ${sql.ref(column)} < ${q.to}`;

async function countOf(db: Executor, query: RawBuilder<{ n: number }>): Promise<number> {
  const { rows } = await query.execute(db);
  return Number(rows[0]?.n ?? 0);
}

const TYPE_ZH: Record<string, string> = { enquiry: '咨询', help: '求助', complaint: '投诉', report: '举报', suggestion: '建议' };
const STATUS_ZH: Record<string, string> = {
  submitted: '待受理', accepted: '已受理', assigned: '已派单', in_progress: '办理中', resolved: '已办结', closed: '已关闭', cancelled: '已撤回', merged: '已合并',
};
const CHANNEL_ZH: Record<string, string> = { h5: '线上', phone: '电话', walk_in: '来访', visit: '走访' };

/** 诉求台账 */
const requests: LedgerDefinition = {
  name: 'requests',
  title: '诉求台账',
  personal: ['resident', 'phone'],
  columns: [
    { key: 'id', header: '编号', width: 10 }, { key: 'created', header: '提交时间', width: 20 }, { key: 'compound', header: '小区', width: 18 },
    { key: 'category', header: '类别', width: 16 }, { key: 'type', header: '类型', width: 8 }, { key: 'channel', header: '渠道', width: 8 },
    { key: 'description', header: '诉求内容', width: 40 }, { key: 'resident', header: '居民', width: 10 }, { key: 'phone', header: '联系电话', width: 14 },
    { key: 'status', header: '状态', width: 10 }, { key: 'accepted', header: '受理时间', width: 20 }, { key: 'resolved', header: '办结时间', width: 20 },
    { key: 'overdue', header: '是否超期', width: 10 }, { key: 'rating', header: '评价（星）', width: 10 },
  ],
  page: async (db, q, afterId, limit) => (await sql<LedgerRow>`
    select r.id, r.created_at, p.name as compound, c.name_zh as category, r.type, r.channel, r.description, pe.name as resident,
      pe.phone_cipher, r.status, r.accepted_at, r.resolved_at, r.rating,
      exists (select 1 from request_events x where x.request_id = r.id and x.kind = 'escalated' and x.data->>'to' = 'street') as overdue
    from requests r
    join places p on p.id = r.compound_id
    join request_categories c on c.id = r.category_id
    left join people pe on pe.id = r.resident_id
    where r.district_id = ${q.districtId} and ${under('r.compound_path', q)} and ${within('r.created_at', q)} and r.id > ${afterId}
    order by r.id limit ${limit}`.execute(db)).rows,
  count: (db, q) => countOf(db, sql<{ n: number }>`select count(*) as n from requests r where r.district_id = ${q.districtId} and ${under('r.compound_path', q)} and ${within('r.created_at', q)}`),
  cells: (r, ctx) => [
    Number(r.id), at(r.created_at), r.compound as string, r.category as string, TYPE_ZH[r.type as string] ?? (r.type as string), CHANNEL_ZH[r.channel as string] ?? (r.channel as string),
    r.description as string, person(r.resident, ctx), phone(r.phone_cipher, ctx), STATUS_ZH[r.status as string] ?? (r.status as string),
    at(r.accepted_at), at(r.resolved_at), r.overdue ? '是' : '否', r.rating === null ? null : Number(r.rating),
  ],
};

/** 代办台账: proxy errands for residents in special groups (特殊群体走访代办). */
const errands: LedgerDefinition = {
  name: 'errands',
  title: '特殊群体代办台账',
  personal: ['resident', 'phone'],
  columns: [
    { key: 'id', header: '编号', width: 10 }, { key: 'created', header: '登记时间', width: 20 }, { key: 'compound', header: '小区', width: 18 },
    { key: 'resident', header: '服务对象', width: 10 }, { key: 'phone', header: '联系电话', width: 14 }, { key: 'title', header: '代办事项', width: 30 },
    { key: 'commissioner', header: '代办专员', width: 10 }, { key: 'trips', header: '居民跑腿次数', width: 12 }, { key: 'status', header: '状态', width: 8 },
    { key: 'done', header: '办结时间', width: 20 },
  ],
  page: async (db, q, afterId, limit) => (await sql<LedgerRow>`
    select e.id, e.created_at, p.name as compound, pe.name as resident, pe.phone_cipher, e.title, cm.name as commissioner, e.resident_trips, e.status, e.done_at
    from errands e
    join places p on p.id = e.compound_id
    join people pe on pe.id = e.resident_id
    join people cm on cm.id = e.commissioner_id
    where e.district_id = ${q.districtId} and ${under('e.compound_path', q)} and ${within('e.created_at', q)} and e.id > ${afterId}
    order by e.id limit ${limit}`.execute(db)).rows,
  count: (db, q) => countOf(db, sql<{ n: number }>`select count(*) as n from errands e where e.district_id = ${q.districtId} and ${under('e.compound_path', q)} and ${within('e.created_at', q)}`),
  cells: (r, ctx) => [
    Number(r.id), at(r.created_at), r.compound as string, person(r.resident, ctx), phone(r.phone_cipher, ctx), r.title as string, r.commissioner as string,
    Number(r.resident_trips), ({ open: '办理中', done: '已办结', cancelled: '已取消' } as Record<string, string>)[r.status as string] ?? (r.status as string), at(r.done_at),
  ],
};

/** 志愿活动台账 */
const activities: LedgerDefinition = {
  name: 'volunteer_activities',
  title: '志愿服务活动台账',
  personal: [],
  columns: [
    { key: 'id', header: '编号', width: 10 }, { key: 'starts', header: '开始时间', width: 20 }, { key: 'ends', header: '结束时间', width: 20 },
    { key: 'title', header: '活动名称', width: 30 }, { key: 'place', header: '地点', width: 16 }, { key: 'address', header: '集合地址', width: 24 },
    { key: 'org', header: '记录单位', width: 20 }, { key: 'slots', header: '招募人数', width: 10 }, { key: 'attendances', header: '服务人次', width: 10 },
    { key: 'hours', header: '服务时长（小时）', width: 14 }, { key: 'status', header: '状态', width: 8 },
  ],
  page: async (db, q, afterId, limit) => (await sql<LedgerRow>`
    select a.id, a.starts_at, a.ends_at, a.title, p.name as place, a.address, a.recording_org, a.slots, a.status,
      (select count(distinct h.signup_id) from volunteer_hours h where h.activity_id = a.id) as attendances,
      (select coalesce(sum(h.minutes), 0) from volunteer_hours h where h.activity_id = a.id
        and not exists (select 1 from volunteer_hours n where n.supersedes_id = h.id)) as minutes
    from volunteer_activities a join places p on p.id = a.place_id
    where a.district_id = ${q.districtId} and ${under('a.place_path', q)} and ${within('a.starts_at', q)} and a.id > ${afterId}
    order by a.id limit ${limit}`.execute(db)).rows,
  count: (db, q) => countOf(db, sql<{ n: number }>`select count(*) as n from volunteer_activities a where a.district_id = ${q.districtId} and ${under('a.place_path', q)} and ${within('a.starts_at', q)}`),
  cells: (r) => [
    Number(r.id), at(r.starts_at), at(r.ends_at), r.title as string, r.place as string, r.address as string, r.recording_org as string, Number(r.slots),
    Number(r.attendances), Math.round((Number(r.minutes) / 60) * 10) / 10, r.status === 'cancelled' ? '已取消' : '已发布',
  ],
};

const WISH_STATUS_ZH: Record<string, string> = { pending_review: '待审核', rejected: '未通过', open: '待认领', claimed: '已认领', fulfilled: '已实现待确认', confirmed: '已确认实现', withdrawn: '已撤回' };
const CLAIMER_ZH: Record<string, string> = { party_member: '党员', unit: '单位', volunteer: '志愿者', merchant: '商家' };

/** 微心愿台账 */
const wishes: LedgerDefinition = {
  name: 'wishes',
  title: '微心愿台账',
  personal: ['recipient'],
  columns: [
    { key: 'id', header: '编号', width: 10 }, { key: 'created', header: '发布时间', width: 20 }, { key: 'place', header: '小区', width: 16 },
    { key: 'recipient', header: '心愿人', width: 10 }, { key: 'title', header: '心愿', width: 26 }, { key: 'value', header: '估值（元）', width: 10 },
    { key: 'status', header: '状态', width: 12 }, { key: 'claimer', header: '认领方', width: 16 }, { key: 'claimed', header: '认领时间', width: 20 },
    { key: 'fulfilled', header: '实现时间', width: 20 }, { key: 'confirmed', header: '确认时间', width: 20 },
  ],
  page: async (db, q, afterId, limit) => (await sql<LedgerRow>`
    select w.id, w.created_at, p.name as place, pe.name as recipient, w.title, w.value_fen, w.status, w.claimer_kind, w.claimer_unit,
      w.claimed_at, w.fulfilled_at, w.confirmed_at
    from wishes w join places p on p.id = w.place_id left join people pe on pe.id = w.recipient_id
    where w.district_id = ${q.districtId} and ${under('w.place_path', q)} and ${within('w.created_at', q)} and w.id > ${afterId}
    order by w.id limit ${limit}`.execute(db)).rows,
  count: (db, q) => countOf(db, sql<{ n: number }>`select count(*) as n from wishes w where w.district_id = ${q.districtId} and ${under('w.place_path', q)} and ${within('w.created_at', q)}`),
  cells: (r, ctx) => [
    Number(r.id), at(r.created_at), r.place as string, person(r.recipient, ctx), r.title as string, Number(r.value_fen) / 100,
    WISH_STATUS_ZH[r.status as string] ?? (r.status as string),
    r.claimer_kind ? `${CLAIMER_ZH[r.claimer_kind as string] ?? r.claimer_kind}${r.claimer_unit ? `（${r.claimer_unit as string}）` : ''}` : null,
    at(r.claimed_at), at(r.fulfilled_at), at(r.confirmed_at),
  ],
};

const yuan = (fen: unknown) => (fen === null || fen === undefined ? null : Number(fen) / 100);
const PROJECT_STATUS_ZH: Record<string, string> = {
  proposed: '待审批', approved: '已立项', rejected: '未通过', procuring: '采购中', awarded: '已确定承接方', contracted: '已签约', evaluated: '已评估', closed: '已结项',
};
const LEVEL_ZH: Record<string, string> = { community: '社区', street: '街道', district: '区' };

/** 项目台账: projects of the place proposed in the period, with their money and evaluation. */
const projects: LedgerDefinition = {
  name: 'projects',
  title: '项目台账',
  personal: [],
  columns: [
    { key: 'id', header: '编号', width: 10 }, { key: 'created', header: '申报时间', width: 20 }, { key: 'place', header: '实施地点', width: 16 },
    { key: 'title', header: '项目名称', width: 26 }, { key: 'category', header: '类别', width: 12 }, { key: 'status', header: '状态', width: 12 },
    { key: 'level', header: '审批层级', width: 10 }, { key: 'budget', header: '预算（元）', width: 12 }, { key: 'organisation', header: '承接组织', width: 22 },
    { key: 'contract', header: '合同金额（元）', width: 14 }, { key: 'paid', header: '已拨付（元）', width: 12 }, { key: 'score', header: '评估得分', width: 10 },
    { key: 'closed', header: '结项时间', width: 20 },
  ],
  page: async (db, q, afterId, limit) => (await sql<LedgerRow>`
    select pr.id, pr.created_at, p.name as place, pr.title, pr.category, pr.status, pr.approval_level, pr.budget_total, o.name as organisation,
      (select c.amount from project_contracts c where c.project_id = pr.id) as contract_amount,
      (select coalesce(sum(e.amount), 0) from fund_accounts a join fund_entries e on e.debit_account_id = a.id and e.kind = 'pay'
        where a.kind = 'project' and a.owner_id = pr.id) as paid,
      (select ev.score from project_evaluations ev where ev.project_id = pr.id order by ev.id desc limit 1) as score,
      pr.closed_at
    from projects pr join places p on p.id = pr.place_id left join organisations o on o.id = pr.organisation_id
    where pr.district_id = ${q.districtId} and ${under('pr.place_path', q)} and ${within('pr.created_at', q)} and pr.id > ${afterId}
    order by pr.id limit ${limit}`.execute(db)).rows,
  count: (db, q) => countOf(db, sql<{ n: number }>`select count(*) as n from projects pr where pr.district_id = ${q.districtId} and ${under('pr.place_path', q)} and ${within('pr.created_at', q)}`),
  cells: (r) => [
    Number(r.id), at(r.created_at), r.place as string, r.title as string, r.category as string, PROJECT_STATUS_ZH[r.status as string] ?? (r.status as string),
    LEVEL_ZH[r.approval_level as string] ?? (r.approval_level as string), yuan(r.budget_total), (r.organisation as string | null) ?? null,
    yuan(r.contract_amount), yuan(r.paid), r.score === null ? null : Number(r.score), at(r.closed_at),
  ],
};

/**
 * 议事记录台账 (minutes): one row per topic discussed at an open deliberation day of the place in the period. The
 * participants are counted, not named (a resident's name is shown in the minutes only when they agreed to it).
 */
const minutes: LedgerDefinition = {
  name: 'deliberation_minutes',
  title: '议事协商记录台账',
  personal: [],
  columns: [
    { key: 'id', header: '编号', width: 10 }, { key: 'starts', header: '议事时间', width: 20 }, { key: 'place', header: '地点', width: 16 },
    { key: 'day', header: '议事会', width: 24 }, { key: 'location', header: '会场', width: 16 }, { key: 'facilitator', header: '促动师', width: 10 },
    { key: 'participants', header: '参会人数', width: 10 }, { key: 'topic', header: '议题', width: 26 }, { key: 'discussion', header: '讨论情况', width: 40 },
    { key: 'resolution', header: '协商结果', width: 40 }, { key: 'followups', header: '跟进事项（已办结/总数）', width: 16 }, { key: 'status', header: '状态', width: 10 },
  ],
  page: async (db, q, afterId, limit) => (await sql<LedgerRow>`
    select i.id, d.starts_at, p.name as place, d.title as day_title, d.location, f.name as facilitator, d.status, t.title as topic, i.discussion, i.resolution,
      (select count(*) from deliberation_participants x where x.day_id = d.id) as participants,
      (select count(*) from deliberation_followups x where x.agenda_item_id = i.id) as followups,
      (select count(*) from deliberation_followups x where x.agenda_item_id = i.id and x.done_at is not null) as followups_done
    from deliberation_agenda_items i
    join deliberation_days d on d.id = i.day_id
    join deliberation_topics t on t.id = i.topic_id
    join places p on p.id = d.place_id
    left join people f on f.id = d.facilitator_id
    where d.district_id = ${q.districtId} and ${under('d.place_path', q)} and ${within('d.starts_at', q)} and i.id > ${afterId}
    order by i.id limit ${limit}`.execute(db)).rows,
  count: (db, q) => countOf(db, sql<{ n: number }>`
    select count(*) as n from deliberation_agenda_items i join deliberation_days d on d.id = i.day_id
    where d.district_id = ${q.districtId} and ${under('d.place_path', q)} and ${within('d.starts_at', q)}`),
  cells: (r) => [
    Number(r.id), at(r.starts_at), r.place as string, r.day_title as string, r.location as string, (r.facilitator as string | null) ?? null, Number(r.participants),
    r.topic as string, (r.discussion as string | null) ?? null, (r.resolution as string | null) ?? null, `${Number(r.followups_done)}/${Number(r.followups)}`,
    ({ scheduled: '待召开', held: '已召开', published: '纪要已公开' } as Record<string, string>)[r.status as string] ?? (r.status as string),
  ],
};

const ENTRY_ZH: Record<string, string> = { appropriate: '财政拨入', donate: '捐赠', allocate: '分配至项目', pay: '项目拨付', release: '结余退回' };

/**
 * 资金台账: every movement of money touching a fund of the place, or a project of the place, in the period (the
 * append-only ledger: one row per entry, never edited).
 */
const funds: LedgerDefinition = {
  name: 'funds',
  title: '资金台账',
  personal: [],
  columns: [
    { key: 'id', header: '流水号', width: 10 }, { key: 'at', header: '时间', width: 20 }, { key: 'kind', header: '类型', width: 12 },
    { key: 'from', header: '付出方', width: 24 }, { key: 'to', header: '收入方', width: 24 }, { key: 'amount', header: '金额（元）', width: 14 },
    { key: 'memo', header: '摘要', width: 30 },
  ],
  page: async (db, q, afterId, limit) => (await sql<LedgerRow>`
    select e.id, e.created_at, e.kind, e.amount, e.memo, d.name as debit_name, c.name as credit_name
    from fund_entries e
    join fund_accounts d on d.id = e.debit_account_id
    join fund_accounts c on c.id = e.credit_account_id
    where e.district_id = ${q.districtId} and ${within('e.created_at', q)} and e.id > ${afterId} and ${fundEntryUnder(q)}
    order by e.id limit ${limit}`.execute(db)).rows,
  count: (db, q) => countOf(db, sql<{ n: number }>`
    select count(*) as n from fund_entries e join fund_accounts d on d.id = e.debit_account_id join fund_accounts c on c.id = e.credit_account_id
    where e.district_id = ${q.districtId} and ${within('e.created_at', q)} and ${fundEntryUnder(q)}`),
  cells: (r) => [
    Number(r.id), at(r.created_at), ENTRY_ZH[r.kind as string] ?? (r.kind as string), r.debit_name as string, r.credit_name as string, yuan(r.amount),
    (r.memo as string | null) ?? null,
  ],
};

/** An entry belongs to a place when either side is a fund of it, or a project of it (a project's account has no place). */
function fundEntryUnder(q: LedgerQuery) {
  const side = (alias: string) => sql`(${sql.ref(`${alias}.place_path`)} like ${`${q.path}%`} or (${sql.ref(`${alias}.kind`)} = 'project'
    and exists (select 1 from projects pr where pr.id = ${sql.ref(`${alias}.owner_id`)} and pr.place_path like ${`${q.path}%`})))`;
  return sql`(${side('d')} or ${side('c')})`;
}

export const LEDGERS: Record<string, LedgerDefinition> = Object.fromEntries([requests, errands, activities, wishes, projects, minutes, funds].map((l) => [l.name, l]));
export const LEDGER_NAMES = Object.keys(LEDGERS) as [string, ...string[]];
