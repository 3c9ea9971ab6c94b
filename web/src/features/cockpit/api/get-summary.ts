import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';

export interface Headline {
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
  fundsRaisedFen: number;
  fundsPaidFen: number;
  fundsBalanceFen: number | null;
  deliberationTopics: number;
  deliberationDays: number;
  votes: number;
  conventionsAdopted: number;
  conventionsFiled: number;
  conventionsInForce: number;
  organisations: { registered: number; filed: number; communityGuided: number } | null;
}
export interface PlaceRef { id: number; name: string; kind: string }
export interface CockpitSummary {
  place: PlaceRef;
  trail: PlaceRef[];
  from: string;
  to: string;
  headline: Headline;
  previous: Headline;
  totals: Record<string, number>;
  series: { day: string; raised: number; resolved: number; overdue: number; satisfied: number; rated: number }[];
  children: (PlaceRef & { headline: Headline })[];
}

export const getSummary = (placeId?: number) => api<CockpitSummary>('/api/cockpit/summary', { query: { placeId } });

/** The cockpit's numbers for a place (the server's default: the caller's widest place), refreshed every minute. */
export const useSummary = (placeId?: number) =>
  useQuery({ queryKey: ['cockpit', 'summary', placeId ?? null], queryFn: () => getSummary(placeId), refetchInterval: 60_000, placeholderData: keepPreviousData });
