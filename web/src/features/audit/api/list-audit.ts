import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';

export interface AuditEntry {
  id: number;
  at: string;
  actorId: number | null;
  actorName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  result: 'ok' | 'denied' | 'failed';
  ip: string | null;
}
export interface AuditFilter {
  action?: string;
  actorId?: number;
  result?: AuditEntry['result'];
  from?: string;
  to?: string;
}

export const listAudit = (f: AuditFilter, cursor?: string) =>
  api<{ items: AuditEntry[]; nextCursor: string | null }>('/api/audit', { query: { ...f, cursor } });

/** Cursor paging: the log is append-only and large, so "load more" rather than page numbers. */
export const useAudit = (f: AuditFilter) =>
  useInfiniteQuery({
    queryKey: ['audit', f],
    queryFn: ({ pageParam }) => listAudit(f, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
