import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Query } from '../../../lib/api/client';

/** 需求清单 (server/src/modules/demands). */
export type DemandStatus = 'new' | 'assessed' | 'converted' | 'closed';
export type DemandSource = 'requests' | 'wish' | 'survey' | 'visit';
export type ConvertKind = 'wish' | 'activity' | 'project';
export interface Demand {
  id: number;
  place: { id: number; name: string };
  source: DemandSource;
  title: string;
  description: string | null;
  occurrences: number;
  lastSeenAt: string;
  urgency: number | null;
  peopleAffected: number | null;
  assessmentNote: string | null;
  status: DemandStatus;
  converted: { kind: ConvertKind; ref: string } | null;
  link: string | null;
}

const keys = { all: ['demands'] as const, list: (q: Query) => ['demands', 'list', q] as const };
export const useDemands = (q: Query) => useQuery({ queryKey: keys.list(q), queryFn: () => api<{ total: number; items: Demand[] }>('/api/demands', { query: q }) });

function useDemandMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: keys.all }) });
}
export const useRefreshDemands = () =>
  useDemandMutation((placeId: number) => api<{ found: number; created: number; updated: number }>('/api/demands/refresh', { method: 'POST', json: { placeId } }));
export const useAssessDemand = () =>
  useDemandMutation(({ id, ...body }: { id: number; urgency: number; peopleAffected: number; note?: string }) => api<Demand>(`/api/demands/${id}/assess`, { method: 'POST', json: body }));
export const useConvertDemand = () =>
  useDemandMutation(({ id, kind }: { id: number; kind: ConvertKind }) => api<Demand>(`/api/demands/${id}/convert`, { method: 'POST', json: { kind } }));
