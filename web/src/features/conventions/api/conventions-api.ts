import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';

/** 小区公约 (server/src/modules/conventions) and 业委会/自管会 elections (server/src/modules/committees). */
export type DiffLine = { op: 'same' | 'added' | 'removed'; text: string };
export type VersionStatus = 'draft' | 'voting' | 'in_force' | 'superseded' | 'rejected';
export interface Filing {
  id: number; versionId: number; versionNo: number; conventionId: number; title: string; compoundName: string; status: 'submitted' | 'accepted' | 'returned';
  submittedBy: string; submittedAt: string; decidedBy: string | null; decidedAt: string | null; reason: string | null;
}
export interface ConventionVersion {
  id: number; versionNo: number; body: string; changeNote: string; status: VersionStatus; vote: { id: number; status: string; passed: boolean | null } | null;
  createdAt: string; inForceAt: string | null; supersededAt: string | null; diff: DiffLine[] | null; diffStats: { added: number; removed: number } | null;
  acknowledgements: number | null; acknowledgedByMe: boolean; filings: Filing[];
}
export interface Convention { id: number; compound: { id: number; name: string }; title: string; createdAt: string; inForceVersionNo: number | null; managed: boolean; versions: ConventionVersion[] }

const keys = { all: ['conventions'] as const, committees: ['committees'] as const };
export const useConventions = () => useQuery({ queryKey: [...keys.all, 'list'], queryFn: () => api<{ items: Convention[] }>('/api/conventions') });
export const useConvention = (id: number) => useQuery({ queryKey: [...keys.all, id], queryFn: () => api<Convention>(`/api/conventions/${id}`) });
export const useMyConventions = () => useQuery({ queryKey: [...keys.all, 'mine'], queryFn: () => api<{ items: Convention[] }>('/api/me/conventions') });
export const useFilings = (enabled: boolean) =>
  useQuery({ queryKey: [...keys.all, 'filings'], enabled, queryFn: () => api<{ items: Filing[] }>('/api/convention-filings') });

function useInvalidating<V, R>(fn: (v: V) => Promise<R>, key: readonly string[] = keys.all) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: key }) });
}
export const useCreateConvention = () => useInvalidating((v: { compoundId: number; title: string; body: string }) => api<Convention>('/api/conventions', { method: 'POST', json: v }));
export const useAddVersion = () =>
  useInvalidating(({ id, ...body }: { id: number; body: string; changeNote: string }) => api<Convention>(`/api/conventions/${id}/versions`, { method: 'POST', json: body }));
export const usePutToVote = () =>
  useInvalidating(({ id, versionId, windowDays }: { id: number; versionId: number; windowDays: number }) =>
    api<Convention>(`/api/conventions/${id}/versions/${versionId}/vote`, { method: 'POST', json: { windowDays } }));
export const useSubmitFiling = () =>
  useInvalidating(({ id, versionId }: { id: number; versionId: number }) => api<Convention>(`/api/conventions/${id}/versions/${versionId}/filings`, { method: 'POST', json: {} }));
export const useDecideFiling = () =>
  useInvalidating(({ id, accept, reason }: { id: number; accept: boolean; reason?: string }) =>
    api<Filing>(`/api/convention-filings/${id}/${accept ? 'accept' : 'return'}`, { method: 'POST', json: accept ? {} : { reason: reason ?? '' } }));
export const useAcknowledge = () => useInvalidating((versionId: number) => api<Convention>(`/api/me/convention-versions/${versionId}/acknowledge`, { method: 'POST', json: {} }));

export type CommitteeKind = 'owners_committee' | 'self_management_committee';
export type Role = 'chair' | 'vice_chair' | 'member';
export interface Member { id: number; personId: number; name: string; role: Role; termStart: string; termEnd: string }
export interface Candidate {
  nominationId: number; personId: number; name: string; isOwner: boolean; selfNominated: boolean; statement: string; status: 'pending' | 'approved' | 'rejected';
  reviewNote: string | null; votes: { heads: number; areaCenti: number; elected: boolean } | null;
}
export interface Election {
  id: number; compound: { id: number; name: string }; kind: CommitteeKind; seats: number; termYears: number; status: 'nominating' | 'voting' | 'formed' | 'failed';
  vote: { id: number; status: string; closesAt: string | null } | null; candidates: Candidate[]; participating: { heads: number; areaCenti: number } | null;
  failure: 'quorum' | 'too_few' | 'even' | 'owners' | null; members: Member[]; managed: boolean; myPicks: number[] | null; createdAt: string; decidedAt: string | null;
}
export interface CompoundCommittee {
  committee: null | { electionId: number; kind: CommitteeKind; termStart: string; termEnd: string; expired: boolean; members: Omit<Member, 'personId'>[] };
}
export const useElections = () => useQuery({ queryKey: [...keys.committees, 'list'], queryFn: () => api<{ items: Election[] }>('/api/committee-elections') });
export const useElection = (id: number) => useQuery({ queryKey: [...keys.committees, id], queryFn: () => api<Election>(`/api/committee-elections/${id}`) });
export const useEligible = (id: number, enabled: boolean) =>
  useQuery({ queryKey: [...keys.committees, id, 'eligible'], enabled, queryFn: () => api<{ items: { personId: number; name: string }[] }>(`/api/committee-elections/${id}/eligible`) });
export const useMyElections = () => useQuery({ queryKey: [...keys.committees, 'mine'], queryFn: () => api<{ items: Election[] }>('/api/me/committee-elections') });
export const useCompoundCommittee = (placeId: number) =>
  useQuery({ queryKey: [...keys.committees, 'place', placeId], queryFn: () => api<CompoundCommittee>(`/api/places/${placeId}/committee`) });
export const useCreateElection = () =>
  useInvalidating((v: { compoundId: number; kind: CommitteeKind; seats: number; termYears: number }) => api<Election>('/api/committee-elections', { method: 'POST', json: v }), keys.committees);
export const useNominate = () =>
  useInvalidating(({ id, ...body }: { id: number; personId?: number; statement: string }) => api<Election>(`/api/committee-elections/${id}/nominations`, { method: 'POST', json: body }), keys.committees);
export const useReview = () =>
  useInvalidating(({ nominationId, ...body }: { nominationId: number; approve: boolean; note: string }) => api<Election>(`/api/committee-nominations/${nominationId}/review`, { method: 'POST', json: body }), keys.committees);
export const useStartElectionVote = () =>
  useInvalidating(({ id, windowDays }: { id: number; windowDays: number }) => api<Election>(`/api/committee-elections/${id}/vote`, { method: 'POST', json: { windowDays } }), keys.committees);
export const useSettle = () => useInvalidating((id: number) => api<Election>(`/api/committee-elections/${id}/settle`, { method: 'POST', json: {} }), keys.committees);
export const useSetRole = () => useInvalidating(({ memberId, role }: { memberId: number; role: Role }) => api<Election>(`/api/committee-members/${memberId}`, { method: 'PATCH', json: { role } }), keys.committees);
export const useCastPicks = () =>
  useInvalidating(({ id, nominationIds }: { id: number; nominationIds: number[] }) => api<Election>(`/api/me/committee-elections/${id}/ballot`, { method: 'PUT', json: { nominationIds } }), keys.committees);
