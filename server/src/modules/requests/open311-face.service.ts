import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Locale } from '../../platform/messages.ts';
import { REQUEST_TYPES } from './categories.ts';
import { OPEN_STATUSES, STATUSES, type RequestStatus } from './lifecycle.ts';
import * as face from './open311-face.repository.ts';
import * as repo from './requests.repository.ts';
import { createRequest } from './requests.service.ts';
import { ensureDistrictSetup } from './setup.service.ts';

/**
 * The requests module as the Open311 face sees it: a district's services (its active categories), raising a
 * request for a compound, and requests reduced to their public fields. No person's name or phone is ever read
 * here; free text is published only for requests raised through this face, and even then phone and ID numbers
 * are masked (DESIGN.md: nothing is published without consent).
 */

/** Open311 speaks of open and closed only; resolved counts as closed (the party considers the matter done). */
export const OPEN311_STATUS: Record<RequestStatus, 'open' | 'closed'> = Object.fromEntries(
  STATUSES.map((s) => [s, OPEN_STATUSES.includes(s) ? 'open' : 'closed']),
) as Record<RequestStatus, 'open' | 'closed'>;

export function statusesFor(open311: 'open' | 'closed'): RequestStatus[] {
  return STATUSES.filter((s) => OPEN311_STATUS[s] === open311);
}

/** 工单五类 (接诉即办): the request types a client may choose, with their Chinese names. */
export const REQUEST_TYPE_NAMES: Record<(typeof REQUEST_TYPES)[number], { zh: string; en: string }> = {
  enquiry: { zh: '咨询', en: 'Enquiry' },
  help: { zh: '求助', en: 'Help' },
  complaint: { zh: '投诉', en: 'Complaint' },
  report: { zh: '举报', en: 'Report' },
  suggestion: { zh: '建议', en: 'Suggestion' },
};

const PARTY_NAMES: Record<string, { zh: string; en: string }> = {
  property: { zh: '物业', en: 'Property company' },
  owners_committee: { zh: '业委会', en: "Owners' committee" },
  self_management_committee: { zh: '自管会', en: 'Self-management committee' },
  residents_committee: { zh: '居委会', en: "Residents' committee" },
  department: { zh: '职能部门', en: 'Government department' },
  commissioner: { zh: '小区专员', en: 'Compound commissioner' },
};

/** What each step of the timeline says in public: the kind of step only, never the note or who took it. */
const PUBLIC_NOTES: Record<string, { zh: string; en: string }> = {
  raised: { zh: '诉求已提交，等待小区专员受理', en: 'Submitted; waiting for the commissioner' },
  accepted: { zh: '小区专员已受理', en: 'Accepted by the commissioner' },
  assigned: { zh: '已派单给责任方', en: 'Assigned to the responsible party' },
  started: { zh: '责任方正在处理', en: 'In progress' },
  resolved: { zh: '已办结，等待确认', en: 'Resolved; awaiting confirmation' },
  rated: { zh: '已确认办结', en: 'Confirmed as resolved' },
  reopened: { zh: '已重新打开', en: 'Reopened' },
  cancelled: { zh: '已撤回', en: 'Withdrawn' },
  disputed: { zh: '派单有异议，正在重新分派', en: 'Being reassigned' },
  merged: { zh: '已与相同诉求合并', en: 'Merged with the same request' },
  duplicate_merged: { zh: '已合并相同诉求', en: 'A duplicate was merged into it' },
  escalated: { zh: '超时未处理，已升级', en: 'Escalated after a missed deadline' },
  whistle: { zh: '街道已吹哨，职能部门报到处置', en: 'The street called in the departments' },
  department_ack: { zh: '职能部门已报到', en: 'A department reported in' },
  department_action: { zh: '职能部门已处置', en: 'A department acted' },
  return_visit: { zh: '已回访', en: 'Followed up with the resident' },
  auto_closed: { zh: '办结后自动关闭', en: 'Closed automatically after resolution' },
  consultation_convened: { zh: '已召集三方协商', en: 'A tri-party consultation was convened' },
  consultation_closed: { zh: '三方协商已结束', en: 'The tri-party consultation ended' },
};

const pick = (t: { zh: string; en: string }, locale: Locale) => (locale === 'en-US' ? t.en : t.zh);

/** Mainland mobile numbers and ID numbers typed into free text are masked before publication. */
export function maskContactDetails(text: string): string {
  return text
    .replace(/(?<!\d)(\d{6})(\d{8})(\d{3}[\dXx])(?!\d)/g, (_, a: string, _b: string, c: string) => `${a.slice(0, 4)}**********${c}`)
    .replace(/(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)/g, '$1****$3');
}

export type District = { id: number; code: string | null; name: string };

/** The district a call is for: by its code (jurisdiction_id), or the only one there is. */
export async function open311District(deps: Pick<Deps, 'db'>, code: string | undefined): Promise<District> {
  if (code) {
    const d = await face.findDistrictByCode(deps.db, code);
    if (!d) throw new AppError('NOT_FOUND', {}, { description: `jurisdiction_id ${code} is not served here` });
    return d;
  }
  const all = await face.firstDistricts(deps.db);
  if (all.length === 1) return all[0]!;
  throw new AppError('VALIDATION_FAILED', {}, { description: 'jurisdiction_id is required (the district code)' });
}

export async function open311DistrictById(deps: Deps, id: number): Promise<District> {
  const d = await face.findDistrictById(deps.db, id);
  if (!d) throw new AppError('NOT_FOUND');
  return d;
}

export type Open311Service = { code: string; name: string; nameZh: string; nameEn: string; party: string; responseMinutes: number; resolutionMinutes: number; workingTime: boolean };

/** The district's active categories: one Open311 service each. */
export async function open311Services(deps: Deps, districtId: number, locale: Locale): Promise<Open311Service[]> {
  await ensureDistrictSetup(deps.db, districtId);
  const rows = await repo.listCategories(deps.db, districtId);
  return rows.filter((c) => c.active).map((c) => ({
    code: c.code,
    name: locale === 'en-US' ? c.name_en : c.name_zh,
    nameZh: c.name_zh,
    nameEn: c.name_en,
    party: pick(PARTY_NAMES[c.default_party] ?? PARTY_NAMES.residents_committee!, locale),
    responseMinutes: c.response_minutes,
    resolutionMinutes: c.resolution_minutes,
    workingTime: c.working_time,
  }));
}

export type Open311Raise = {
  serviceCode: string;
  compoundRef: string;
  description: string;
  type: (typeof REQUEST_TYPES)[number];
  urgency: 'normal' | 'urgent';
};

/**
 * Raises a request through the requests module's own createRequest (deadlines, timers, timeline, notifications,
 * audit), as the API key's system person, with no resident attached: nothing about the person who reported it is
 * stored.
 */
export async function raiseFromOpen311(
  deps: Deps,
  raiser: { personId: number; districtId: number; keyId: number; ip: string | null },
  input: Open311Raise,
): Promise<number> {
  await ensureDistrictSetup(deps.db, raiser.districtId);
  const category = (await repo.listCategories(deps.db, raiser.districtId)).find((c) => c.code === input.serviceCode && c.active);
  if (!category) throw new AppError('VALIDATION_FAILED', {}, { description: `service_code ${input.serviceCode} is not a service of this jurisdiction` });
  const compound = await face.findCompoundByRef(deps.db, raiser.districtId, input.compoundRef);
  if (!compound) throw new AppError('VALIDATION_FAILED', {}, { description: `address_id ${input.compoundRef} is not a compound of this jurisdiction` });
  const caller: Caller = { personId: raiser.personId, districtId: raiser.districtId, name: 'Open311', sessionId: `open311-key:${raiser.keyId}`, csrfToken: '', roles: [], ip: raiser.ip };
  return createRequest(deps, caller, {
    compoundId: compound.id,
    input: { compoundId: compound.id, categoryId: category.id, type: input.type, description: input.description, urgency: input.urgency, photoIds: [] },
    residentId: null,
    channel: 'open311',
    idempotencyKey: undefined,
  });
}

export type PublicRequest = {
  id: number;
  status: 'open' | 'closed';
  statusNote: string | null;
  serviceCode: string;
  serviceName: string;
  description: string | null;
  agency: string;
  requestedAt: Date;
  updatedAt: Date;
  expectedAt: Date | null;
  compoundName: string;
  compoundId: number;
};

function publicRequestDto(r: face.PublicRequestRow, locale: Locale): PublicRequest {
  const status = r.status as RequestStatus;
  const note = r.last_event_kind ? PUBLIC_NOTES[r.last_event_kind] : undefined;
  const party = r.assignee_party === 'department' && r.department_name ? r.department_name : pick(PARTY_NAMES[r.assignee_party ?? 'commissioner']!, locale);
  return {
    id: r.id,
    status: OPEN311_STATUS[status],
    statusNote: note ? pick(note, locale) : null,
    serviceCode: r.category_code,
    serviceName: r.category_zh,
    description: r.channel === 'open311' ? maskContactDetails(r.description) : null,
    agency: party,
    requestedAt: r.created_at,
    updatedAt: r.updated_at,
    expectedAt: OPEN_STATUSES.includes(status) ? r.resolution_due_at : null,
    compoundName: r.compound_name,
    compoundId: r.compound_id,
  };
}

export type PublicRequestQuery = { ids?: number[]; serviceCode?: string; from?: Date; to?: Date; status?: ('open' | 'closed')[]; limit: number };

export async function open311Requests(deps: Deps, districtId: number, q: PublicRequestQuery, locale: Locale): Promise<PublicRequest[]> {
  const rows = await face.listPublicRequests(deps.db, districtId, {
    ids: q.ids,
    categoryCode: q.serviceCode,
    from: q.from,
    to: q.to,
    statuses: q.status ? q.status.flatMap(statusesFor) : undefined,
    limit: q.limit,
  });
  return rows.map((r) => publicRequestDto(r, locale));
}

export async function open311Request(deps: Deps, districtId: number, id: number, locale: Locale): Promise<PublicRequest> {
  const [row] = await face.listPublicRequests(deps.db, districtId, { ids: [id], limit: 1 });
  if (!row) throw new AppError('NOT_FOUND', {}, { description: `service_request_id ${id} not found` });
  return publicRequestDto(row, locale);
}
