import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';

/** 业主共同决定 (server/src/modules/votes). Areas are integers of 0.01 m². */
export type Choice = 'for' | 'against' | 'abstain';
export type VoteStatus = 'draft' | 'announced' | 'open' | 'closed' | 'published';
export interface Measure { areaCenti: number; heads: number }
export interface Tally {
  item: number;
  electorate: Measure & { units: number };
  participating: Measure;
  for: Measure;
  against: Measure;
  abstain: Measure;
  quorum: { met: boolean; areaMet: boolean; headsMet: boolean };
  approval: { threshold: 'three_quarters' | 'more_than_half'; met: boolean; areaMet: boolean; headsMet: boolean };
  passed: boolean;
  followMajority: null | { side: 'for' | 'against' | null; added: Measure; for: Measure; passed: boolean };
}
export interface Vote {
  id: number;
  scope: { id: number; name: string; kind: string };
  compoundId: number;
  item: number;
  title: string;
  description: string;
  topicId: number | null;
  extraordinary: boolean;
  secret: boolean;
  followMajorityAllowed: boolean;
  windowDays: number;
  status: VoteStatus;
  announcedAt: string | null;
  noticeEndsAt: string | null;
  openedAt: string | null;
  closesAt: string | null;
  closedAt: string | null;
  publishDueAt: string | null;
  publishedAt: string | null;
  turnout: Measure | null;
  result: Tally | null;
  mine: null | { canVote: boolean; voted: boolean; choice: Choice | null; channel: 'online' | 'proxy' | 'paper' | null; undoUntil: string | null; proxyFor: { ownerId: number; name: string }[] };
}
export interface Participation {
  items: { ownerName: string; units: number; areaCenti: number; channel: 'online' | 'proxy' | 'paper'; paperRef: string | null; choice: Choice | null }[];
  notVoted: { ownerName: string; ownerId: number; units: number; areaCenti: number }[];
}
export interface CreateVote { scopePlaceId: number; item: number; title: string; description: string; topicId?: number; extraordinary: boolean; secret: boolean; windowDays: number }

const keys = { all: ['votes'] as const };
export const useVotes = () => useQuery({ queryKey: [...keys.all, 'list'], queryFn: () => api<{ items: Vote[] }>('/api/votes') });
// Staff watch the live tally: refresh every 15 s while the page is open.
export const useVote = (id: number) => useQuery({ queryKey: [...keys.all, id], queryFn: () => api<Vote>(`/api/votes/${id}`), refetchInterval: 15_000 });
export const useParticipation = (id: number, enabled: boolean) =>
  useQuery({ queryKey: [...keys.all, id, 'participation'], enabled, queryFn: () => api<Participation>(`/api/votes/${id}/participation`) });
export const useMyVotes = () => useQuery({ queryKey: [...keys.all, 'mine'], queryFn: () => api<{ items: Vote[] }>('/api/me/votes') });
export const usePlaceChildren = (id: number | undefined) =>
  useQuery({ queryKey: ['votes', 'places', id], enabled: id !== undefined, queryFn: () => api<{ id: number; name: string; kind: string }[]>(`/api/places/${id}/children`) });

function useVoteMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: keys.all }) });
}
export const useCreateVote = () => useVoteMutation((v: CreateVote) => api<Vote>('/api/votes', { method: 'POST', json: v }));
export const useVoteStep = () =>
  useVoteMutation(({ id, step }: { id: number; step: 'announce' | 'open' | 'close' | 'publish' }) => api<Vote>(`/api/votes/${id}/${step}`, { method: 'POST', json: {} }));
export const usePaperBallot = () =>
  useVoteMutation(({ id, ...body }: { id: number; ownerId: number; choice: Choice; scanRef: string }) => api<Vote>(`/api/votes/${id}/paper-ballots`, { method: 'POST', json: body }));
export const useCastBallot = () =>
  useVoteMutation(({ id, choice, change }: { id: number; choice: Choice; change: boolean }) => api<Vote>(`/api/me/votes/${id}/ballot`, { method: change ? 'PATCH' : 'POST', json: { choice } }));
export const useUndoBallot = () => useVoteMutation((id: number) => api<Vote>(`/api/me/votes/${id}/ballot`, { method: 'DELETE' }));

/** 居民投票 (residents' polls): one answer per verified resident or household. */
export interface Poll {
  id: number; place: { id: number; name: string }; question: string; options: string[]; per: 'resident' | 'household'; topicId: number | null; closesAt: string; open: boolean; answeredByMe: boolean;
  outcome: null | { electorate: number; answered: number; counts: number[]; quorumMet: boolean; chosen: number | null };
}
export const useMyPolls = () => useQuery({ queryKey: [...keys.all, 'polls', 'mine'], queryFn: () => api<{ items: Poll[] }>('/api/me/polls') });
export const useAnswerPoll = () => useVoteMutation(({ id, option }: { id: number; option: number }) => api<Poll>(`/api/me/polls/${id}/answer`, { method: 'POST', json: { option } }));
