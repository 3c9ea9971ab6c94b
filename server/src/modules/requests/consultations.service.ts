import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { notifyRoleHolders } from '../../platform/notifications.ts';
import { hasPermission, pathInScope, scopeFor } from '../../platform/scope.ts';
import { requestAccess } from './access.ts';
import * as repo from './consultations.repository.ts';
import type { CloseConsultationInput, ConsultationDto, ConsultationParty, ConveneInput } from './consultations.schemas.ts';
import { appendTimelineEvent } from './index.ts';
import * as requests from './requests.repository.ts';

/** Who answers for each party, and where they sit: residents' committee members at the community, the rest at the compound. */
const PARTY_ROLE: Record<ConsultationParty, { role: string; at: 'community' | 'compound'; zh: string }> = {
  residents_committee: { role: 'residents_committee', at: 'community', zh: '居委会' },
  owners_committee: { role: 'owners_committee', at: 'compound', zh: '业委会' },
  self_management_committee: { role: 'self_management_committee', at: 'compound', zh: '自管会' },
  property: { role: 'property_staff', at: 'compound', zh: '物业' },
};

/** A consultation cannot be convened on a request that is over. */
const FINISHED = ['closed', 'cancelled', 'merged'];

type Convened = { note: string | null; invited: { party: ConsultationParty; people: number }[] };

function toDto(c: repo.ConsultationRow, convened: Convened | undefined): ConsultationDto {
  return {
    id: c.id,
    requestId: c.request_id,
    status: c.closed_at ? 'closed' : 'scheduled',
    scheduledAt: c.scheduled_at.toISOString(),
    parties: c.parties as ConsultationParty[],
    note: convened?.note ?? null,
    convenedBy: { id: c.convened_by, name: c.convened_by_name },
    invited: convened?.invited ?? [],
    attended: (c.attended as ConsultationParty[] | null) ?? null,
    outcome: c.outcome,
    toDeliberation: c.to_deliberation,
    closedAt: c.closed_at ? c.closed_at.toISOString() : null,
    createdAt: c.created_at.toISOString(),
  };
}

/** The note and invitation counts live on the 'consultation_convened' timeline event (no column for them). */
async function convenedDetails(deps: Deps, requestId: number): Promise<Map<number, Convened>> {
  const events = await requests.listEvents(deps.db, requestId);
  const out = new Map<number, Convened>();
  for (const e of events) {
    if (e.kind !== 'consultation_convened') continue;
    const data = e.data as { consultationId?: number; invited?: Convened['invited'] } | null;
    if (data?.consultationId) out.set(data.consultationId, { note: e.note, invited: data.invited ?? [] });
  }
  return out;
}

/** The request, if the caller holds first-receiver authority (requests.handle) over its compound; otherwise it does not exist. */
async function handledRequest(deps: Deps, caller: Caller, requestId: number) {
  const scope = scopeFor(caller.roles, 'requests.handle');
  const r = await requests.findRequest(deps.db, requestId);
  if (!r || !pathInScope(scope, r.compound_path)) throw new AppError('NOT_FOUND');
  return r;
}

/**
 * 小区协商铃: the commissioner convenes the three parties on a request. Each invited party's role holders get an
 * in-app invitation; the request's timeline records it.
 */
export async function convene(deps: Deps, caller: Caller, requestId: number, input: ConveneInput): Promise<ConsultationDto> {
  const r = await handledRequest(deps, caller, requestId);
  if (FINISHED.includes(r.status)) throw new AppError('INVALID_TRANSITION', { status: r.status });
  const now = deps.clock.now();
  const scheduledAt = new Date(input.scheduledAt);
  if (scheduledAt.getTime() < now.getTime()) {
    throw new AppError('VALIDATION_FAILED', {}, { issues: [{ path: ['scheduledAt'], message: 'must not be in the past' }] });
  }
  const compound = (await requests.findCompound(deps.db, r.compound_id))!;
  // A compound has either an owners' committee or a self-management committee (or neither): invite the one it has.
  for (const party of input.parties) {
    if (party !== 'owners_committee' && party !== 'self_management_committee') continue;
    if (compound.committee_type !== party) throw new AppError('NO_SUCH_PARTY', { party: PARTY_ROLE[party].zh });
  }
  const placeOf = (party: ConsultationParty) => (PARTY_ROLE[party].at === 'community' ? compound.parent_id! : compound.id);
  const invited = await Promise.all(
    input.parties.map(async (party) => ({ party, people: await repo.countRoleHolders(deps.db, PARTY_ROLE[party].role, [placeOf(party)], now) })),
  );
  const note = input.note || null;
  const id = await deps.db.transaction().execute(async (trx) => {
    const locked = await requests.lockRequest(trx, requestId);
    if (FINISHED.includes(locked!.status)) throw new AppError('INVALID_TRANSITION', { status: locked!.status });
    const consultationId = await repo.insertConsultation(trx, {
      district_id: r.district_id, request_id: requestId, convened_by: caller.personId, scheduled_at: scheduledAt, parties: [...input.parties], created_at: now,
    });
    const when = scheduledAt.toISOString();
    for (const party of input.parties) {
      await notifyRoleHolders(trx, r.district_id, PARTY_ROLE[party].role, [placeOf(party)], {
        kind: 'consultation.invited',
        title: `小区协商邀请：${compound.name}，${when}`,
        body: [r.description.slice(0, 80), note].filter(Boolean).join('\n'),
        link: `/requests/${requestId}`,
      }, now);
    }
    await appendTimelineEvent(trx, {
      districtId: r.district_id, requestId, at: now, actorId: caller.personId, kind: 'consultation_convened', note,
      data: { consultationId, scheduledAt: when, parties: input.parties, invited },
    });
    await emitEvent(trx, r.district_id, 'request.consultation_convened', { requestId, consultationId, compoundId: r.compound_id, scheduledAt: when, parties: input.parties });
    await auditAction(trx, caller, 'consultation.convene', { type: 'consultation', id: consultationId }, { requestId, parties: input.parties });
    return consultationId;
  });
  const row = (await repo.findConsultation(deps.db, id))!;
  return toDto(row, { note, invited });
}

/**
 * Closes a consultation: who came, what was agreed, and whether it goes on to an open deliberation day (公开议事日);
 * then `request.to_deliberation` is emitted in the same transaction for the deliberation module.
 */
export async function closeConsultation(deps: Deps, caller: Caller, id: number, input: CloseConsultationInput): Promise<ConsultationDto> {
  if (!hasPermission(caller.roles, 'requests.handle')) throw new AppError('FORBIDDEN');
  const c = await repo.findConsultation(deps.db, id);
  if (!c) throw new AppError('NOT_FOUND');
  const r = await handledRequest(deps, caller, c.request_id);
  const invitedParties = c.parties as ConsultationParty[];
  const strangers = input.attended.filter((p) => !invitedParties.includes(p));
  if (strangers.length) {
    throw new AppError('VALIDATION_FAILED', {}, { issues: [{ path: ['attended'], message: `not invited: ${strangers.join(', ')}` }] });
  }
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const locked = await repo.lockConsultation(trx, id);
    if (locked!.closed_at) throw new AppError('CONSULTATION_CLOSED');
    await repo.closeConsultation(trx, id, { attended: [...input.attended], outcome: input.outcome, toDeliberation: input.toDeliberation, closedAt: now });
    await appendTimelineEvent(trx, {
      districtId: r.district_id, requestId: r.id, at: now, actorId: caller.personId, kind: 'consultation_closed', note: input.outcome,
      data: { consultationId: id, attended: input.attended, absent: invitedParties.filter((p) => !input.attended.includes(p)), toDeliberation: input.toDeliberation },
    });
    if (input.toDeliberation) {
      await emitEvent(trx, r.district_id, 'request.to_deliberation', {
        requestId: r.id,
        consultationId: id,
        compoundId: r.compound_id,
        title: `${r.category_zh}：${r.description.slice(0, 40)}`,
        summary: input.outcome,
      });
    }
    await auditAction(trx, caller, 'consultation.close', { type: 'consultation', id }, { requestId: r.id, toDeliberation: input.toDeliberation });
  });
  const row = (await repo.findConsultation(deps.db, id))!;
  return toDto(row, (await convenedDetails(deps, r.id)).get(id));
}

/** A request's consultations, for whoever may see the request. */
export async function listForRequest(deps: Deps, caller: Caller, requestId: number): Promise<{ items: ConsultationDto[] }> {
  if (!(await requests.canSee(deps.db, requestAccess(caller), requestId))) throw new AppError('NOT_FOUND');
  const [rows, convened] = await Promise.all([repo.listConsultations(deps.db, requestId), convenedDetails(deps, requestId)]);
  return { items: rows.map((c) => toDto(c, convened.get(c.id))) };
}
