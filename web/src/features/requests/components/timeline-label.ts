import type { MessageKey, Translate } from '../../../lib/i18n';
import type { TimelineEvent } from '../api/types';

const KNOWN = new Set([
  'raised', 'accept', 'accepted', 'assigned', 'start', 'started', 'resolve', 'resolved', 'confirm', 'confirmed', 'reopen',
  'reopened', 'cancel', 'cancelled', 'dispute', 'disputed', 'merge', 'merged', 'duplicate_merged', 'escalated', 'whistle',
  'department_ack', 'department_action', 'report_missed', 'return_visit', 'auto_closed',
]);

/** What happened, in words: the event kind, else the status it moved to. */
export function eventTitle(e: TimelineEvent, t: Translate): string {
  if (KNOWN.has(e.kind)) return t(`req.event.${e.kind}` as MessageKey);
  if (e.toStatus) return t(`req.status.${e.toStatus}` as MessageKey);
  return t('req.event.other');
}

/** Extra words from the event's data: the party it went to, the level it escalated to, the departments named. */
export function eventDetail(e: TimelineEvent, t: Translate): string | null {
  const d = e.data ?? {};
  const parts: string[] = [];
  if (typeof d.party === 'string') parts.push(t(`req.party.${d.party}` as MessageKey));
  if (typeof d.to === 'string' && e.kind === 'escalated') parts.push(t(`req.escalation.${d.to}` as MessageKey));
  if (Array.isArray(d.departments)) parts.push(d.departments.join('、'));
  if (typeof d.rating === 'number') parts.push('★'.repeat(d.rating));
  return parts.length ? parts.join(' · ') : null;
}
