import type { Locale } from '../../platform/messages.ts';
import type { RequestRow } from './requests.repository.ts';
import type { RequestSummary } from './requests.schemas.ts';
import { OPEN_STATUSES, type RequestStatus } from './lifecycle.ts';

/** Overdue: not accepted by the response limit, or still open past the resolution limit. */
export function isOverdue(r: { status: string; response_due_at: Date; resolution_due_at: Date }, now: Date): boolean {
  if (r.status === 'submitted' && r.response_due_at < now) return true;
  return OPEN_STATUSES.includes(r.status as RequestStatus) && r.resolution_due_at < now;
}

export function requestSummaryDto(r: RequestRow, locale: Locale, now: Date): RequestSummary {
  return {
    id: r.id,
    type: r.type as RequestSummary['type'],
    category: { id: r.category_id, name: locale === 'en-US' ? r.category_en : r.category_zh },
    description: r.description,
    status: r.status as RequestSummary['status'],
    urgency: r.urgency as RequestSummary['urgency'],
    compound: { id: r.compound_id, name: r.compound_name },
    assigneeParty: r.assignee_party as RequestSummary['assigneeParty'],
    escalationLevel: r.escalation_level as RequestSummary['escalationLevel'],
    channel: r.channel as RequestSummary['channel'],
    createdAt: r.created_at.toISOString(),
    responseDueAt: r.response_due_at.toISOString(),
    resolutionDueAt: r.resolution_due_at.toISOString(),
    overdue: isOverdue(r, now),
    rating: r.rating,
  };
}

export const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
