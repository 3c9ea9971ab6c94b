import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { newIdempotencyKey } from '../../../lib/idempotency';

/** 资金 (server/src/modules/funds). Amounts in fen. */
export const FUND_KINDS = ['district_pool', 'street_match', 'community', 'crowdfunding', 'donation'] as const;
export type FundKind = (typeof FUND_KINDS)[number];
export interface Fund { id: number; kind: FundKind; name: string; place: { id: number; name: string }; balance: number; received: number; allocated: number }
export interface FundEntry { id: number; kind: string; amount: number; counterparty: string; memo: string | null; at: string }
export interface YearReport {
  fund: Fund; year: number; opening: number; closing: number; balanced: boolean;
  inflows: { kind: string; amount: number; count: number }[]; outflows: { kind: string; amount: number; count: number }[];
  projects: { projectId: number; title: string; allocated: number; released: number }[];
}

export const useFunds = (enabled = true) => useQuery({ queryKey: ['funds'], queryFn: () => api<Fund[]>('/api/funds'), enabled });
export const useFundEntries = (id: number | null) =>
  useQuery({ queryKey: ['funds', 'entries', id], queryFn: () => api<{ total: number; items: FundEntry[] }>(`/api/funds/${id}/entries`, { query: { pageSize: 50 } }), enabled: id !== null });
export const useYearReport = (id: number | null, year: number) =>
  useQuery({ queryKey: ['funds', 'report', id, year], queryFn: () => api<YearReport>(`/api/funds/${id}/report`, { query: { year } }), enabled: id !== null });

export function useCreateFund() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: { kind: FundKind; placeId: number; name: string }) => api<Fund>('/api/funds', { method: 'POST', json: body }), onSuccess: () => qc.invalidateQueries({ queryKey: ['funds'] }) });
}
export function useReceive() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, key, ...body }: { id: number; key: string; amount: number; source: 'appropriation' | 'donors'; memo: string }) =>
      api<Fund>(`/api/funds/${id}/receipts`, { method: 'POST', json: body, headers: { 'Idempotency-Key': key } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['funds'] }),
  });
}
export { newIdempotencyKey };

/** 配套规则 (GET/PUT /api/funds/matching-rule). */
export interface MatchingRule {
  id: number | null; streetPerMille: number; capPerProject: number | null; capPerStreetYear: number | null; ratio: string; unit: number;
  note: string | null; setAt: string | null; setBy: string | null;
}
export const useMatchingRule = () => useQuery({ queryKey: ['funds', 'matching-rule'], queryFn: () => api<{ current: MatchingRule; history: MatchingRule[] }>('/api/funds/matching-rule') });
export function useSetMatchingRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { streetPerMille: number; capPerProject: number | null; capPerStreetYear: number | null; note?: string }) =>
      api<{ current: MatchingRule; history: MatchingRule[] }>('/api/funds/matching-rule', { method: 'PUT', json: body }),
    onSuccess: (r) => qc.setQueryData(['funds', 'matching-rule'], r),
  });
}
