import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Query } from '../../../lib/api/client';

/** 党建引领: 大党委 units, 双报到 members, tasks, 联点 and reports (server/src/modules/party). */
export const UNIT_KINDS = ['government', 'institution', 'enterprise', 'social_org'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
export type MemberStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn';
type Named = { id: number; name: string };

export interface Unit { id: number; community: Named; name: string; kind: UnitKind; contactName: string | null; note: string | null; joinedAt: string; members: number }
export interface Member {
  id: number; person: Named; community: Named; unit: Named | null; unitName: string; branch: string | null; status: MemberStatus;
  reviewNote: string | null; createdAt: string; reviewedAt: string | null;
}
export interface Task {
  id: number; community: Named; title: string; description: string | null; slots: number; taken: number; startsAt: string; status: 'open' | 'closed';
  claimedByMe: boolean; claims: { memberId: number; name: string; status: 'claimed' | 'done'; minutes: number | null }[];
}
export interface Liaison { id: number; person: Named; community: Named; post: string; since: string }
export interface Figures { units: number; members: number; pending: number; wishesClaimed: number; wishesFulfilled: number; wishesFulfilledValueFen: number; tasksDone: number; serviceMinutes: number }
export interface ReportRow extends Figures { kind: 'unit' | 'community' | 'unaffiliated'; id: number | null; name: string }
export interface Report { place: Named; total: Figures; rows: ReportRow[] }
export interface MyParty {
  homes: (Named & { units: Named[] })[];
  registration: Member | null;
  record: { wishesClaimed: number; wishesFulfilled: number; tasksClaimed: number; tasksDone: number; serviceMinutes: number; services: { taskId: number; title: string; status: 'claimed' | 'done'; minutes: number | null; startsAt: string }[] };
  tasks: Task[];
}

export const partyKeys = {
  all: ['party'] as const,
  communities: ['party', 'communities'] as const,
  units: (placeId?: number) => ['party', 'units', placeId ?? 'scope'] as const,
  members: (q: Query) => ['party', 'members', q] as const,
  tasks: ['party', 'tasks'] as const,
  liaisons: ['party', 'liaisons'] as const,
  myLiaisons: ['party', 'my-liaisons'] as const,
  report: (placeId?: number) => ['party', 'report', placeId ?? 'scope'] as const,
  mine: ['party', 'mine'] as const,
};

export const useCommunities = (enabled = true) => useQuery({ queryKey: partyKeys.communities, queryFn: () => api<{ items: Named[] }>('/api/party/communities'), enabled });
export const useUnits = (placeId?: number) => useQuery({ queryKey: partyKeys.units(placeId), queryFn: () => api<{ items: Unit[] }>('/api/party/units', { query: { placeId } }) });
export const useMembers = (q: Query) => useQuery({ queryKey: partyKeys.members(q), queryFn: () => api<{ total: number; items: Member[] }>('/api/party/members', { query: q }) });
export const useTasks = () => useQuery({ queryKey: partyKeys.tasks, queryFn: () => api<{ items: Task[] }>('/api/party/tasks') });
export const useLiaisons = (enabled = true) => useQuery({ queryKey: partyKeys.liaisons, queryFn: () => api<{ items: Liaison[] }>('/api/party/liaisons'), enabled });
export const useMyLiaisons = () => useQuery({ queryKey: partyKeys.myLiaisons, queryFn: () => api<{ items: { liaison: Liaison; report: Report }[] }>('/api/me/party-liaisons') });
export const useReport = (placeId?: number, enabled = true) => useQuery({ queryKey: partyKeys.report(placeId), queryFn: () => api<Report>('/api/party/report', { query: { placeId } }), enabled });
export const useMyParty = () => useQuery({ queryKey: partyKeys.mine, queryFn: () => api<MyParty>('/api/me/party') });
/** People the district admin can see, for choosing a 联点 leader. */
export const usePeopleSearch = (q: string) =>
  useQuery({ queryKey: ['party', 'people', q], queryFn: () => api<{ items: Named[] }>('/api/people', { query: { q, pageSize: 20 } }), enabled: q.trim().length > 0 });

/** Every party mutation refreshes every party query: lists, reports and my record move together. */
function usePartyMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: partyKeys.all }) });
}

export const useCreateUnit = () =>
  usePartyMutation((body: { communityId: number; name: string; kind: UnitKind; contactName?: string; note?: string }) => api<Unit>('/api/party/units', { method: 'POST', json: body }));
export const useRemoveUnit = () => usePartyMutation((id: number) => api<null>(`/api/party/units/${id}`, { method: 'DELETE' }));
export const useReviewMember = () =>
  usePartyMutation(({ id, decision, note }: { id: number; decision: 'approve' | 'reject'; note?: string }) =>
    api<Member>(`/api/party/members/${id}/review`, { method: 'POST', json: { decision, ...(note ? { note } : {}) } }));
export const useCreateTask = () =>
  usePartyMutation((body: { communityId: number; title: string; description?: string; slots: number; startsAt: string }) => api<Task>('/api/party/tasks', { method: 'POST', json: body }));
export const useRecordService = () =>
  usePartyMutation(({ taskId, ...body }: { taskId: number; memberId: number; minutes: number; note?: string }) => api<Task>(`/api/party/tasks/${taskId}/service`, { method: 'POST', json: body }));
export const useCloseTask = () => usePartyMutation((id: number) => api<Task>(`/api/party/tasks/${id}/close`, { method: 'POST', json: {} }));
export const useCreateLiaison = () =>
  usePartyMutation((body: { personId: number; communityId: number; post: string }) => api<Liaison>('/api/party/liaisons', { method: 'POST', json: body }));
export const useEndLiaison = () => usePartyMutation((id: number) => api<null>(`/api/party/liaisons/${id}`, { method: 'DELETE' }));
export const useRegister = () =>
  usePartyMutation((body: { communityId: number; unitId?: number; unitName: string; branch?: string; consent: boolean }) => api<Member>('/api/me/party', { method: 'POST', json: body }));
export const useWithdraw = () => usePartyMutation(() => api<Member>('/api/me/party/withdraw', { method: 'POST', json: {} }));
export const useClaimTask = () => usePartyMutation((id: number) => api<Task>(`/api/me/party/tasks/${id}/claim`, { method: 'POST', json: {} }));

/** 90 minutes → "1.5". */
export const hours = (minutes: number) => (Math.round((minutes / 60) * 10) / 10).toString();
export const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;
