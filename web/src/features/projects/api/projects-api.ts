import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Query } from '../../../lib/api/client';
import { newIdempotencyKey } from '../../../lib/idempotency';

/** 微项目 (server/src/modules/projects). Amounts in fen. */
export type ProjectStatus = 'proposed' | 'approved' | 'rejected' | 'procuring' | 'awarded' | 'contracted' | 'evaluated' | 'closed';
export const QUEUES = ['approval', 'procurement', 'contract', 'delivery', 'closing', 'closed'] as const;
export type Queue = (typeof QUEUES)[number];
type Named = { id: number; name: string };
export interface ProjectSummary {
  id: number; title: string; category: string; place: Named; status: ProjectStatus; budgetTotal: number; allocated: number; paid: number; balance: number;
  approvalLevel: 'community' | 'street' | 'district'; organisation: Named | null; procurement: 'direct' | 'round' | null; brand: boolean; demandId: number | null; createdAt: string;
}
export interface Objection { id: number; reason: string; raisedAt: string; raisedBy: string | null; answer: string | null; answeredAt: string | null; answeredBy: string | null }
export interface Allocation {
  id: number; mode: 'matched' | 'single'; amount: number; poolAmount: number; streetAmount: number; fund: Named | null; at: string;
  rule: { id: number | null; streetPerMille: number; ratio: string; capPerProject: number | null; capPerStreetYear: number | null } | null;
}
export interface Application { id: number; organisation: Named; proposal: string; amount: number; average: number | null; scorers: number; scoredByMe: boolean }
export interface Project extends ProjectSummary {
  goals: string; beneficiaries: string; budgetLines: { item: string; amount: number }[]; decidedAt: string | null; decisionNote: string | null;
  round: { id: number; call: string; rubric: { key: string; label: string; max: number }[]; status: 'open' | 'scoring' | 'notice' | 'awarded'; noticeEndsAt: string | null; leadingApplicationId: number | null; applications: Application[]; objections: Objection[] } | null;
  contract: { startsOn: string; endsOn: string; termReason: string | null; amount: number; signedAt: string } | null;
  tranches: { seq: number; title: string; amount: number; dueOn: string; afterEvaluation: boolean; paidAt: string | null }[];
  reports: { id: number; body: string; participants: number; activityRef: string | null; author: string | null; at: string; photos: { id: string; url: string }[]; activities: { id: number; title: string; startsAt: string }[] }[];
  residentsComponent: { score: number | null; count: number };
  allocations: Allocation[];
  evaluations: { id: number; residentsRatings: number | null; residentsScore: number; communityScore: number; expertScore: number; score: number; passed: boolean; note: string | null; at: string }[];
  rating: { average: number | null; count: number; mine: number | null };
  canApprove: boolean;
}
export interface MyProject extends ProjectSummary {
  goals: string;
  progress: { tranchesPaid: number; tranches: number; reports: number; latestReport: string | null; participants: number };
  rating: { average: number | null; count: number; mine: number | null };
}

export const useProjects = (q: Query) => useQuery({ queryKey: ['projects', 'list', q], queryFn: () => api<{ total: number; items: ProjectSummary[] }>('/api/projects', { query: q }) });
export const useProject = (id: number) => useQuery({ queryKey: ['projects', 'one', id], queryFn: () => api<Project>(`/api/projects/${id}`) });
export const useOpenRounds = () => useQuery({ queryKey: ['projects', 'rounds'], queryFn: () => api<{ id: number; projectId: number; title: string; place: string; call: string; budgetTotal: number }[]>('/api/projects/rounds/open') });
export const useMyCompoundProjects = () => useQuery({ queryKey: ['projects', 'h5'], queryFn: () => api<MyProject[]>('/api/h5/projects') });
export const usePublicProject = (id: number) => useQuery({ queryKey: ['public-project', id], queryFn: () => api<Project & { evaluation: { score: number; passed: boolean } | null; notice: { endsAt: string; open: boolean; leading: string | null; objections: Objection[] } | null }>(`/api/public/projects/${id}`, { quiet401: true }) });

export interface NewProject { placeId: number; demandId: number | null; title: string; category: string; goals: string; beneficiaries: string; budgetLines: { item: string; amount: number }[]; brand: boolean }
export function useProposeProject() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: NewProject) => api<Project>('/api/projects', { method: 'POST', json: body }), onSuccess: () => qc.invalidateQueries({ queryKey: ['projects'] }) });
}

/** One step of a project: POST to /api/projects/:id/<path>; money steps carry a fresh Idempotency-Key per attempt. */
export function useProjectStep(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ path, body, money }: { path: string; body?: unknown; money?: boolean }) =>
      api<Project>(`/api/projects/${id}/${path}`, { method: 'POST', json: body ?? {}, headers: money ? { 'Idempotency-Key': newIdempotencyKey() } : {} }),
    onSuccess: (p) => {
      qc.setQueryData(['projects', 'one', id], p);
      void qc.invalidateQueries({ queryKey: ['projects', 'list'] });
      void qc.invalidateQueries({ queryKey: ['funds'] });
    },
  });
}
export function useRateProject() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, stars, comment }: { id: number; stars: number; comment?: string }) => api(`/api/projects/${id}/ratings`, { method: 'POST', json: { stars, comment } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['projects', 'h5'] }),
  });
}

// What the project steps pick from: the purchase directory, the caller's organisations, and the funds in reach.
export const useDirectoryFor = (category: string, enabled: boolean) =>
  useQuery({ queryKey: ['organisations', 'directory', category], enabled, queryFn: () => api<{ organisation: Named }[]>('/api/organisations/directory', { query: { category } }) });
export const useMyOrganisations = (enabled: boolean) => useQuery({ queryKey: ['organisations', 'mine'], enabled, queryFn: () => api<Named[]>('/api/organisations/mine') });
export const useFundsInReach = (enabled: boolean) =>
  useQuery({ queryKey: ['funds'], enabled, queryFn: () => api<{ id: number; kind: string; name: string; place: Named; balance: number }[]>('/api/funds') });
export const useAllOrganisations = (enabled: boolean) =>
  useQuery({ queryKey: ['organisations', 'list', { pageSize: 100 }], enabled, queryFn: () => api<{ items: Named[] }>('/api/organisations', { query: { pageSize: 100 } }) });
export interface MatchRow {
  need: { id: number; title: string; place: Named; urgency: number | null; peopleAffected: number | null; status: string };
  organisations: { id: number; name: string; status: string; categories: string[]; inDirectory: string[] }[];
}
export const useMatchmaking = (q: Query) => useQuery({ queryKey: ['projects', 'matchmaking', q], queryFn: () => api<{ total: number; items: MatchRow[] }>('/api/projects/matchmaking', { query: q }) });

/** 公示异议: anyone signed in raises one while the notice runs. */
export function useRaiseObjection(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) => api<Objection>(`/api/projects/${id}/objections`, { method: 'POST', json: { reason } }),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: ['public-project', id] }); void qc.invalidateQueries({ queryKey: ['projects', 'one', id] }); },
  });
}
export const useOrganisationActivities = (id: number, enabled: boolean) =>
  useQuery({ queryKey: ['projects', 'activities', id], queryFn: () => api<{ id: number; title: string; startsAt: string }[]>(`/api/projects/${id}/organisation-activities`), enabled });
