import type { MessageKey, Translate } from '../../../lib/i18n';
import type { TimelineEvent } from '../api/types';

const KNOWN = new Set([
  'raised', 'accept', 'accepted', 'assigned', 'start', 'started', 'resolve', 'resolved', 'confirm', 'confirmed', 'reopen',
  'reopened', 'cancel', 'cancelled', 'dispute', 'disputed', 'merge', 'merged', 'duplicate_merged', 'escalated', 'whistle',
  'department_ack', 'department_action', 'report_missed', 'return_visit', 'auto_closed', 'consultation_convened', 'consultation_closed',
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
  // 小区协商铃: who was invited, who came, and whether it went on to a deliberation day.
  const parties = (x: unknown) => (x as string[]).map((p) => t(`consult.party.${p}` as MessageKey)).join('、');
  if (e.kind === 'consultation_convened' && Array.isArray(d.parties)) parts.push(parties(d.parties));
  if (e.kind === 'consultation_closed' && Array.isArray(d.attended)) parts.push(`${t('consult.attended')}：${d.attended.length ? parties(d.attended) : t('common.none')}`);
  if (e.kind === 'consultation_closed' && d.toDeliberation === true) parts.push(t('consult.toDeliberationTag'));
  // 回访: whether the resident was reached and, if so, satisfied.
  const yesNo = (x: unknown) => t(x ? 'common.yes' : 'common.no');
  if (e.kind === 'return_visit' && typeof d.reached === 'boolean') parts.push(`${t('req.form.reached')}：${yesNo(d.reached)}`);
  if (e.kind === 'return_visit' && typeof d.satisfied === 'boolean') parts.push(`${t('req.form.satisfied')}：${yesNo(d.satisfied)}`);
  if (e.kind === 'duplicate_merged' && typeof d.from === 'number') parts.push(t('req.no', { id: d.from }));
  return parts.length ? parts.join(' · ') : null;
}
