import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';

export const LEDGER_KINDS = ['requests', 'errands', 'volunteer_activities', 'wishes', 'projects', 'deliberation_minutes', 'funds'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];
export interface LedgerExport {
  id: string;
  ledger: LedgerKind;
  title: string;
  format: 'xlsx' | 'pdf';
  placeId: number;
  from: string;
  to: string;
  reveal: boolean;
  status: 'queued' | 'running' | 'done' | 'failed';
  rowsDone: number;
  rowsTotal: number | null;
  fileName: string | null;
  downloadUrl: string | null;
  createdAt: string;
  finishedAt: string | null;
}
export interface NewLedgerExport { ledger: LedgerKind; placeId: number; from: string; to: string; format: 'xlsx' | 'pdf'; reveal: boolean }

const key = ['ledgers', 'exports'];

/** My recent exports; polled while one is still being written. */
export const useLedgerExports = () =>
  useQuery({
    queryKey: key,
    queryFn: () => api<{ items: LedgerExport[] }>('/api/ledgers/exports'),
    refetchInterval: (q) => (q.state.data?.items.some((e) => e.status === 'queued' || e.status === 'running') ? 1_000 : false),
  });

export const useCreateLedgerExport = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: NewLedgerExport) => api<LedgerExport>('/api/ledgers/exports', { method: 'POST', json: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
};
