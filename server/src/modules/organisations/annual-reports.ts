import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Executor } from '../../platform/audit.repository.ts';
import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { notifyPerson, notifyRoleHolders } from '../../platform/notifications.ts';
import { scheduleTimers, type TimerRunner } from '../../platform/timers.ts';
import * as repo from './organisations.repository.ts';

/**
 * 年报提醒: a registered social group reports by 3/31 to its sponsor (业务主管单位) and by 5/31 to the registrar
 * (登记管理机关). Each deadline is a row; two durable timers per row remind the organisation's members and the
 * staff of its place REMIND_DAYS before the deadline and, if nothing was filed, the morning after it. A reminder
 * is stamped on its row when sent, so it goes exactly once; the overdue timer also lays out the next deadlines,
 * so the chain runs year after year without anyone having to start it again.
 */
export const ANNUAL_REPORT_REMIND_DAYS = 14;
export const ANNUAL_REPORT_TIMER = { before: 'org_report.before', overdue: 'org_report.overdue' } as const;

const ADDRESSEE = { '03-31': 'sponsor', '05-31': 'registrar' } as const;
const ADDRESSEE_ZH = { sponsor: '业务主管单位', registrar: '登记管理机关' } as const;
/** Which staff role looks after an organisation registered at a place of this kind. */
const STAFF_ROLE: Record<string, string> = { district: 'district_admin', street: 'street_admin', community: 'community_worker' };

/** 09:00 Beijing time on the day `days` after the calendar day `day` (YYYY-MM-DD). */
function beijingMorning(day: string, days: number): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days, 1));
}

/** The next two deadlines from `now` (Beijing calendar), each with its addressee. */
export function nextDeadlines(now: Date): { deadline: string; addressee: 'sponsor' | 'registrar' }[] {
  const today = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const year = Number(today.slice(0, 4));
  return (['03-31', '05-31'] as const)
    .map((md) => ({ deadline: `${year}-${md}` >= today ? `${year}-${md}` : `${year + 1}-${md}`, addressee: ADDRESSEE[md] }))
    .sort((a, b) => a.deadline.localeCompare(b.deadline));
}

/** Lays out a registered organisation's coming deadlines and their reminders (idempotent: existing rows stay). */
export async function scheduleAnnualReports(db: Executor, org: { id: number; district_id: number; status: string }, now: Date): Promise<number> {
  if (org.status !== 'registered') return 0;
  const made = await repo.insertAnnualReports(db, nextDeadlines(now).map((d) => ({ district_id: org.district_id, organisation_id: org.id, deadline: d.deadline, addressee: d.addressee })));
  await scheduleTimers(db, made.flatMap((r) => [
    { districtId: org.district_id, kind: ANNUAL_REPORT_TIMER.before, subjectId: r.id, dueAt: beijingMorning(r.deadline, -ANNUAL_REPORT_REMIND_DAYS) },
    { districtId: org.district_id, kind: ANNUAL_REPORT_TIMER.overdue, subjectId: r.id, dueAt: beijingMorning(r.deadline, 1) },
  ]));
  return made.length;
}

async function remind(trx: Transaction<Database>, reportId: number, stage: 'before' | 'overdue', now: Date): Promise<void> {
  const r = await repo.lockAnnualReport(trx, reportId);
  if (!r) return;
  const org = (await repo.findOrganisation(trx, r.organisation_id))!;
  // Whatever happens to this deadline, the next ones are laid out when it has passed.
  if (stage === 'overdue') await scheduleAnnualReports(trx, org, now);
  const sent = stage === 'before' ? r.reminded_before_at : r.reminded_overdue_at;
  if (sent !== null || r.filed_on !== null || org.status !== 'registered') return;
  await repo.stampReminder(trx, reportId, stage, now);
  const to = ADDRESSEE_ZH[r.addressee];
  const notice = stage === 'before'
    ? { kind: 'organisation.annual_report_due', title: `年报提醒：${org.name} 须于 ${r.deadline} 前向${to}报送年度工作报告`, link: `/organisations/${org.id}` }
    : { kind: 'organisation.annual_report_overdue', title: `年报逾期：${org.name} 未在 ${r.deadline} 前向${to}报送年度工作报告`, link: `/organisations/${org.id}` };
  for (const m of await repo.membersOf(trx, org.id)) await notifyPerson(trx, org.district_id, m.id, notice, now);
  const role = STAFF_ROLE[org.place_kind];
  if (role) await notifyRoleHolders(trx, org.district_id, role, [org.place_id], notice, now);
}

export function registerOrganisationTimers(timers: TimerRunner): void {
  timers.on(ANNUAL_REPORT_TIMER.before, (trx, timer, now) => remind(trx, timer.subjectId, 'before', now));
  timers.on(ANNUAL_REPORT_TIMER.overdue, (trx, timer, now) => remind(trx, timer.subjectId, 'overdue', now));
}

/** 报送: staff record that the report for a deadline was filed; no reminder for it goes out after that. */
export async function fileAnnualReport(deps: Deps, caller: Caller, organisationId: number, reportId: number, filedOn: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const r = await repo.lockAnnualReport(trx, reportId);
    if (!r || r.organisation_id !== organisationId) throw new AppError('NOT_FOUND');
    if (r.filed_on !== null) throw new AppError('CONFLICT');
    await repo.fileAnnualReport(trx, reportId, filedOn, caller.personId);
    await auditAction(trx, caller, 'organisation.annual_report', { type: 'organisation', id: organisationId }, { deadline: r.deadline, filedOn });
  });
}
