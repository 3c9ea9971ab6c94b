import type { Headline } from '../api/get-summary';
import type { MessageKey } from '../../../lib/i18n';

/** The numeric measures (organisations by status is a small table of its own). */
export type MeasureKey = Exclude<keyof Headline, 'organisations'>;
export type MeasureSpec = { key: MeasureKey; label: MessageKey; kind: 'count' | 'rate' | 'minutes' | 'fen'; betterWhen: 'up' | 'down' };

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

/** 项目、资金、议事: projects, funds (fen, shown in yuan) and deliberation. */
export const GOVERNANCE: MeasureSpec[] = [
  { key: 'projectsProposed', label: 'cockpit.m.projectsProposed', kind: 'count', betterWhen: 'up' },
  { key: 'projectsContracted', label: 'cockpit.m.projectsContracted', kind: 'count', betterWhen: 'up' },
  { key: 'projectsEvaluated', label: 'cockpit.m.projectsEvaluated', kind: 'count', betterWhen: 'up' },
  { key: 'fundsRaisedFen', label: 'cockpit.m.fundsRaised', kind: 'fen', betterWhen: 'up' },
  { key: 'fundsPaidFen', label: 'cockpit.m.fundsPaid', kind: 'fen', betterWhen: 'up' },
  { key: 'fundsBalanceFen', label: 'cockpit.m.fundsBalance', kind: 'fen', betterWhen: 'up' },
  { key: 'deliberationTopics', label: 'cockpit.m.deliberationTopics', kind: 'count', betterWhen: 'up' },
  { key: 'deliberationDays', label: 'cockpit.m.deliberationDays', kind: 'count', betterWhen: 'up' },
  { key: 'votes', label: 'cockpit.m.votes', kind: 'count', betterWhen: 'up' },
  { key: 'conventionsAdopted', label: 'cockpit.m.conventionsAdopted', kind: 'count', betterWhen: 'up' },
  { key: 'conventionsFiled', label: 'cockpit.m.conventionsFiled', kind: 'count', betterWhen: 'up' },
  { key: 'conventionsInForce', label: 'cockpit.m.conventionsInForce', kind: 'count', betterWhen: 'up' },
];

/** The few of them the big screen has room for. */
export const SCREEN_GOVERNANCE: MeasureSpec[] = GOVERNANCE.filter((s) => ['projectsContracted', 'fundsBalanceFen', 'deliberationTopics', 'votes'].includes(s.key));

export function formatMeasure(value: number | null, kind: MeasureSpec['kind'], locale: string): string {
  if (value === null) return '—';
  if (kind === 'rate') return `${Math.round(value * 1000) / 10}%`;
  if (kind === 'fen') return new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY', maximumFractionDigits: 0 }).format(value / 100);
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
