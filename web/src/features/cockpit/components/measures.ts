import type { Headline } from '../api/get-summary';
import type { MessageKey } from '../../../lib/i18n';

export type MeasureKey = keyof Headline;
export type MeasureSpec = { key: MeasureKey; label: MessageKey; kind: 'count' | 'rate' | 'minutes'; betterWhen: 'up' | 'down' };

/** The headline measures, in the order shown; outcomes only (no online time, check-ins or likes). */
export const HEADLINE: MeasureSpec[] = [
  { key: 'requests', label: 'cockpit.m.requests', kind: 'count', betterWhen: 'down' },
  { key: 'open', label: 'cockpit.m.open', kind: 'count', betterWhen: 'down' },
  { key: 'responseRate', label: 'cockpit.m.responseRate', kind: 'rate', betterWhen: 'up' },
  { key: 'resolutionRate', label: 'cockpit.m.resolutionRate', kind: 'rate', betterWhen: 'up' },
  { key: 'satisfactionRate', label: 'cockpit.m.satisfactionRate', kind: 'rate', betterWhen: 'up' },
  { key: 'overdue', label: 'cockpit.m.overdue', kind: 'count', betterWhen: 'down' },
  { key: 'volunteerHours', label: 'cockpit.m.volunteerHours', kind: 'count', betterWhen: 'up' },
  { key: 'wishesPosted', label: 'cockpit.m.wishesPosted', kind: 'count', betterWhen: 'up' },
];

export const SECONDARY: MeasureSpec[] = [
  { key: 'averageResponseMinutes', label: 'cockpit.m.averageResponseMinutes', kind: 'minutes', betterWhen: 'down' },
  { key: 'averageResolutionMinutes', label: 'cockpit.m.averageResolutionMinutes', kind: 'minutes', betterWhen: 'down' },
  { key: 'whistles', label: 'cockpit.m.whistles', kind: 'count', betterWhen: 'down' },
  { key: 'wishesConfirmed', label: 'cockpit.m.wishesConfirmed', kind: 'count', betterWhen: 'up' },
  { key: 'volunteerAttendances', label: 'cockpit.m.volunteerAttendances', kind: 'count', betterWhen: 'up' },
  { key: 'volunteerActivities', label: 'cockpit.m.volunteerActivities', kind: 'count', betterWhen: 'up' },
  { key: 'pointsIssued', label: 'cockpit.m.pointsIssued', kind: 'count', betterWhen: 'up' },
  { key: 'pointsRedeemed', label: 'cockpit.m.pointsRedeemed', kind: 'count', betterWhen: 'up' },
  { key: 'localCommissionerShare', label: 'cockpit.m.localShare', kind: 'rate', betterWhen: 'up' },
];

export function formatMeasure(value: number | null, kind: MeasureSpec['kind'], locale: string): string {
  if (value === null) return '—';
  if (kind === 'rate') return `${Math.round(value * 1000) / 10}%`;
  return new Intl.NumberFormat(locale).format(value);
}

/** Change against the previous period: a relative change for counts, percentage points for rates. */
export function trendOf(now: number | null, before: number | null, kind: MeasureSpec['kind']): { text: string; dir: 'up' | 'down' | 'flat' } | null {
  if (now === null || before === null) return null;
  if (kind === 'rate') {
    const pts = Math.round((now - before) * 1000) / 10;
    return { text: `${pts > 0 ? '+' : ''}${pts}pt`, dir: pts > 0 ? 'up' : pts < 0 ? 'down' : 'flat' };
  }
  if (before === 0) return null;
  const pct = Math.round(((now - before) / before) * 1000) / 10;
  return { text: `${pct > 0 ? '+' : ''}${pct}%`, dir: pct > 0 ? 'up' : pct < 0 ? 'down' : 'flat' };
}
