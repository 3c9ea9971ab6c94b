/**
 * The cockpit's headline numbers, derived from summed rollups only (so a street's are as cheap as a compound's).
 * Outcomes, never activity: no online time, check-ins or likes (国办函〔2026〕12号; DESIGN.md).
 */
export type Totals = Record<string, number>;

export type Headline = {
  requests: number;
  open: number | null;
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  averageResponseMinutes: number | null;
  averageResolutionMinutes: number | null;
  overdue: number;
  whistles: number;
  wishesPosted: number;
  wishesConfirmed: number;
  volunteerHours: number;
  volunteerAttendances: number;
  volunteerActivities: number;
  pointsIssued: number;
  pointsRedeemed: number;
  compounds: number | null;
  coveredCompounds: number | null;
  commissioners: number | null;
  localCommissionerShare: number | null;
  projectsProposed: number;
  projectsContracted: number;
  projectsEvaluated: number;
  /** Fen raised into funds (appropriations and donations) and paid to organisations over the period. */
  fundsRaisedFen: number;
  fundsPaidFen: number;
  /** Fen the place's funds hold at the end of the period (running gauge); null before any fund moved. */
  fundsBalanceFen: number | null;
  deliberationTopics: number;
  deliberationDays: number;
  /** Owners' votes and residents' polls set up. */
  votes: number;
  /** 小区公约: versions adopted by the owners and filings submitted over the period; conventions in force at its end. */
  conventionsAdopted: number;
  conventionsFiled: number;
  conventionsInForce: number;
  /** Social organisations by status now (a live count: their status history is not kept); null where not read. */
  organisations: { registered: number; filed: number; communityGuided: number } | null;
};

/**
 * The summed measures headlineOf reads (besides the gauges: coverage.* and the running ones). The summary reads
 * only these for the children and the previous period; the place's own totals carry every measure.
 */
export const HEADLINE_MEASURES = [
  'requests.raised', 'requests.accepted', 'requests.accepted_on_time', 'requests.response_minutes', 'requests.resolved',
  'requests.resolved_on_time', 'requests.resolution_minutes', 'requests.overdue', 'requests.rated', 'requests.satisfied', 'requests.whistles',
  'wishes.posted', 'wishes.confirmed', 'volunteer.minutes', 'volunteer.attendances', 'volunteer.activities_held', 'points.issued', 'points.redeemed',
  'projects.proposed', 'projects.contracted', 'projects.evaluated', 'funds.raised', 'funds.paid',
  'deliberation.topics', 'deliberation.days', 'deliberation.votes', 'deliberation.polls', 'conventions.adopted', 'conventions.filed',
] as const;

const ratio = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 1000) / 1000);
const avg = (sum: number, n: number) => (n === 0 ? null : Math.round(sum / n));

export function headlineOf(t: Totals, open: number | null, organisations: Headline['organisations'] = null): Headline {
  const v = (m: string) => t[m] ?? 0;
  const gauge = (m: string) => (m in t ? t[m]! : null);
  const commissioners = gauge('coverage.commissioners');
  return {
    requests: v('requests.raised'),
    open,
    /** Of the requests accepted, the share accepted within the response limit. */
    responseRate: ratio(v('requests.accepted_on_time'), v('requests.accepted')),
    /** Of the resolution deadlines that came due or were met, the share met (resolved before it passed). */
    resolutionRate: ratio(v('requests.resolved_on_time'), v('requests.resolved_on_time') + v('requests.overdue')),
    satisfactionRate: ratio(v('requests.satisfied'), v('requests.rated')),
    averageResponseMinutes: avg(v('requests.response_minutes'), v('requests.accepted')),
    averageResolutionMinutes: avg(v('requests.resolution_minutes'), v('requests.resolved')),
    overdue: v('requests.overdue'),
    whistles: v('requests.whistles'),
    wishesPosted: v('wishes.posted'),
    wishesConfirmed: v('wishes.confirmed'),
    volunteerHours: Math.round((v('volunteer.minutes') / 60) * 10) / 10,
    volunteerAttendances: v('volunteer.attendances'),
    volunteerActivities: v('volunteer.activities_held'),
    pointsIssued: v('points.issued'),
    pointsRedeemed: v('points.redeemed'),
    compounds: gauge('coverage.compounds'),
    coveredCompounds: gauge('coverage.covered'),
    commissioners,
    localCommissionerShare: commissioners === null ? null : ratio(v('coverage.commissioners_local'), commissioners),
    projectsProposed: v('projects.proposed'),
    projectsContracted: v('projects.contracted'),
    projectsEvaluated: v('projects.evaluated'),
    fundsRaisedFen: v('funds.raised'),
    fundsPaidFen: v('funds.paid'),
    fundsBalanceFen: gauge('funds.balance'),
    deliberationTopics: v('deliberation.topics'),
    deliberationDays: v('deliberation.days'),
    votes: v('deliberation.votes') + v('deliberation.polls'),
    conventionsAdopted: v('conventions.adopted'),
    conventionsFiled: v('conventions.filed'),
    conventionsInForce: v('conventions.in_force'),
    organisations,
  };
}
