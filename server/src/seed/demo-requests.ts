import type { Insertable } from 'kysely';
import type { Db } from '../db/create-db.ts';
import type { Database } from '../db/schema.ts';
import { categoriesOf, loadCalendar, REQUEST_TIMERS } from '../modules/requests/index.ts';
import { addDeadline } from '../platform/working-time.ts';
import { REQUEST_TEXTS } from './demo-names.ts';
import { insertMany } from './demo.repository.ts';
import type { Random } from './random.ts';

type CompoundInfo = { id: number; path: string; committee: string; owners: number[]; commissioner: number };

const DAY = 24 * 3600 * 1000;
const TYPES = ['help', 'help', 'complaint', 'report', 'enquiry', 'suggestion'] as const;

/**
 * Three months of synthetic requests so the queues, measures and cockpit show something real on first start:
 * most closed and rated, some still open (their timers set, so the clocks run as they would have).
 */
export async function seedDemoRequests(db: Db, rng: Random, now: Date, input: { districtId: number; departments: number[]; compounds: CompoundInfo[] }): Promise<number> {
  const categories = await categoriesOf(db, input.districtId);
  const calendar = await loadCalendar(db, input.districtId);
  const rows: Insertable<Database['requests']>[] = [];
  const plans: { status: string; events: { kind: string; at: Date; actor: number | null; from: string | null; to: string | null; data?: unknown }[] }[] = [];
  const count = 3000;
  for (let i = 0; i < count; i++) {
    const compound = input.compounds[rng.int(0, input.compounds.length - 1)]!;
    if (compound.owners.length === 0) continue;
    const resident = compound.owners[rng.int(0, compound.owners.length - 1)]!;
    const category = categories[rng.int(0, categories.length - 1)]!;
    const created = new Date(now.getTime() - rng.next() * 90 * DAY);
    const urgent = rng.next() < 0.05;
    const factor = urgent ? 0.5 : 1;
    const working = category.working_time && !urgent;
    const responseDue = addDeadline(created, Math.ceil(category.response_minutes * factor), working, calendar);
    const resolutionDue = addDeadline(created, Math.ceil(category.resolution_minutes * factor), working, calendar);
    const age = now.getTime() - created.getTime();
    // Older requests are further along; a few are late on purpose.
    const r = rng.next();
    const status = age > 10 * DAY ? (r < 0.9 ? 'closed' : r < 0.95 ? 'resolved' : 'cancelled') : r < 0.15 ? 'submitted' : r < 0.25 ? 'accepted' : r < 0.45 ? 'assigned' : r < 0.6 ? 'in_progress' : r < 0.8 ? 'resolved' : 'closed';
    const late = rng.next() < 0.12;
    const acceptedAt = status === 'submitted' || status === 'cancelled' ? null : new Date(Math.min(now.getTime(), created.getTime() + (late ? 2 : 0.5) * (responseDue.getTime() - created.getTime())));
    const resolvedAt = ['resolved', 'closed'].includes(status) ? new Date(Math.min(now.getTime(), acceptedAt!.getTime() + (late ? 1.3 : 0.4) * (resolutionDue.getTime() - created.getTime()))) : null;
    const closedAt = status === 'closed' && resolvedAt ? new Date(Math.min(now.getTime(), resolvedAt.getTime() + rng.next() * 2 * DAY)) : status === 'cancelled' ? new Date(created.getTime() + 3600_000) : null;
    let party: string | null = null;
    let department: number | null = null;
    if (acceptedAt && status !== 'accepted') {
      party = category.default_party;
      if (party === 'owners_committee') party = compound.committee === 'none' ? 'residents_committee' : compound.committee;
      if (party === 'department') department = input.departments[rng.int(0, input.departments.length - 1)]!;
    }
    const rating = status === 'closed' ? (late ? rng.int(2, 4) : rng.next() < 0.85 ? 5 : 4) : null;
    const texts = REQUEST_TEXTS[category.code] ?? REQUEST_TEXTS.other!;
    rows.push({
      district_id: input.districtId,
      compound_id: compound.id,
      compound_path: compound.path,
      category_id: category.id,
      type: TYPES[rng.int(0, TYPES.length - 1)]!,
      description: texts[rng.int(0, texts.length - 1)]!,
      urgency: urgent ? 'urgent' : 'normal',
      status,
      resident_id: resident,
      raised_by: resident,
      channel: rng.next() < 0.8 ? 'h5' : 'phone',
      assignee_party: party,
      assignee_department_id: department,
      escalation_level: late && !['closed', 'resolved', 'cancelled'].includes(status) ? 'street' : 'compound',
      response_due_at: responseDue,
      resolution_due_at: resolutionDue,
      accepted_at: acceptedAt,
      resolved_at: resolvedAt,
      closed_at: closedAt,
      rating,
      created_at: created,
      updated_at: closedAt ?? resolvedAt ?? acceptedAt ?? created,
    });
    const events: (typeof plans)[number]['events'] = [{ kind: 'raised', at: created, actor: resident, from: null, to: 'submitted' }];
    if (status === 'cancelled') events.push({ kind: 'cancelled', at: closedAt!, actor: resident, from: 'submitted', to: 'cancelled' });
    // What the SLA timers would have written for the late ones (escalation.service.ts): the cockpit counts these.
    if (acceptedAt && acceptedAt > responseDue) events.push({ kind: 'escalated', at: responseDue, actor: null, from: null, to: null, data: { to: 'community', reason: 'not_accepted_in_time' } });
    if (acceptedAt) events.push({ kind: 'accepted', at: acceptedAt, actor: compound.commissioner, from: 'submitted', to: 'accepted' });
    if (party) events.push({ kind: 'assigned', at: acceptedAt!, actor: compound.commissioner, from: 'accepted', to: 'assigned', data: { party, departmentId: department } });
    if (resolvedAt && resolvedAt > resolutionDue) events.push({ kind: 'escalated', at: resolutionDue, actor: null, from: null, to: null, data: { to: 'street', reason: 'not_resolved_in_time' } });
    if (resolvedAt) events.push({ kind: 'resolved', at: resolvedAt, actor: compound.commissioner, from: 'assigned', to: 'resolved' });
    if (status === 'closed' && rating) events.push({ kind: 'rated', at: closedAt!, actor: resident, from: 'resolved', to: 'closed', data: { rating } });
    plans.push({ status, events });
  }
  await db.transaction().execute(async (trx) => {
    const ids: number[] = [];
    for (let i = 0; i < rows.length; i += 500) {
      const r = await trx.insertInto('requests').values(rows.slice(i, i + 500)).returning('id').execute();
      ids.push(...r.map((x) => x.id));
    }
    await insertMany(trx, 'request_events', plans.flatMap((p, i) => p.events.map((e) => ({
      district_id: input.districtId, request_id: ids[i]!, at: e.at, actor_id: e.actor, kind: e.kind, from_status: e.from, to_status: e.to, note: null, data: e.data ? JSON.stringify(e.data) : null,
    }))));
    const timers: Insertable<Database['timers']>[] = [];
    plans.forEach((p, i) => {
      const row = rows[i]!;
      const id = ids[i]!;
      if (p.status === 'submitted') timers.push({ district_id: input.districtId, kind: REQUEST_TIMERS.responseDue, subject_id: id, due_at: row.response_due_at });
      if (['submitted', 'accepted', 'assigned', 'in_progress'].includes(p.status)) timers.push({ district_id: input.districtId, kind: REQUEST_TIMERS.resolutionDue, subject_id: id, due_at: row.resolution_due_at });
      if (p.status === 'resolved') timers.push({ district_id: input.districtId, kind: REQUEST_TIMERS.autoClose, subject_id: id, due_at: new Date((row.resolved_at as Date).getTime() + 7 * DAY) });
    });
    await insertMany(trx, 'timers', timers);
  });
  return rows.length;
}
