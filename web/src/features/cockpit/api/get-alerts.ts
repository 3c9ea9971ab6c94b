import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';

export type AlertKind = 'overdue_spike' | 'volume_spike' | 'wishes_unclaimed' | 'fund_low';
export interface CockpitAlert { id: number; placeId: number; placeName: string; kind: AlertKind; day: string; value: number; baseline: number | null; createdAt: string }

/** 社区眼: alerts raised under a place in the last 7 days. */
export const useAlerts = (placeId: number | undefined) =>
  useQuery({
    queryKey: ['cockpit', 'alerts', placeId ?? null],
    queryFn: () => api<{ items: CockpitAlert[] }>('/api/cockpit/alerts', { query: { placeId } }),
    enabled: placeId !== undefined,
    refetchInterval: 60_000,
  });
