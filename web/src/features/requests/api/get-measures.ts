import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { requestKeys } from './types';

export interface Measures {
  place: { id: number; name: string };
  from: string;
  to: string;
  requests: number;
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  averageResponseMinutes: number | null;
  averageResolutionMinutes: number | null;
  score: number | null;
  weights: { response: number; resolution: number; satisfaction: number };
  departments: { departmentId: number; name: string; reports: number; ackOnTime: number; actionOnTime: number; ackMissed: number; actionMissed: number }[];
}
export interface MeasuresFilter {
  placeId?: number;
  from?: string;
  to?: string;
}

export const getMeasures = (f: MeasuresFilter) => api<Measures>('/api/measures', { query: { ...f } });
export const useMeasures = (f: MeasuresFilter) => useQuery({ queryKey: requestKeys.measures(f), queryFn: () => getMeasures(f) });
