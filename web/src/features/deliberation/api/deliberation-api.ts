import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';

/** 议事协商 (server/src/modules/deliberation): topics, seconds, deliberation days, minutes, follow-ups. */
export type TopicStatus = 'open' | 'on_agenda' | 'deliberated' | 'closed';
export interface Topic { id: number; place: { id: number; name: string }; title: string; body: string; raisedAs: 'resident' | 'party' | 'commissioner' | 'request'; raisedBy: string | null; sourceRequestId: number | null; status: TopicStatus; seconds: number; secondedByMe: boolean; mine: boolean; createdAt: string }
export type Party = 'residents_committee' | 'owners_committee' | 'self_management_committee' | 'property_company' | 'resident' | 'department' | 'commissioner' | 'other';
export interface Followup { id: number; task: string; ownerName: string; dueOn: string; doneAt: string | null; doneNote: string | null; overdue: boolean }
export interface Day {
  id: number; place: { id: number; name: string }; title: string; startsAt: string; location: string; facilitator: string | null; status: 'scheduled' | 'held' | 'published'; minutesPublishedAt: string | null;
  agenda: { id: number; topicId: number; title: string; discussion: string | null; resolution: string | null; followups: Followup[] }[];
  participants: { id: number; name: string; party: Party; signedIn: boolean }[]; signedIn: number; invited: number;
}
export interface ScheduleDay { placeId: number; title: string; startsAt: string; location: string; facilitatorId?: number; topicIds: number[]; participants: { name: string; party: Party; showName: boolean }[] }

const keys = { all: ['deliberation'] as const };
export const useTopics = () => useQuery({ queryKey: [...keys.all, 'topics'], queryFn: () => api<{ items: Topic[] }>('/api/topics') });
export const useDays = () => useQuery({ queryKey: [...keys.all, 'days'], queryFn: () => api<{ items: Day[] }>('/api/deliberation-days') });
export const useDay = (id: number) => useQuery({ queryKey: [...keys.all, 'days', id], queryFn: () => api<Day>(`/api/deliberation-days/${id}`) });

function useDeliberationMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: keys.all }) });
}
export const useRaiseTopic = () => useDeliberationMutation((v: { placeId: number; title: string; body: string }) => api<Topic>('/api/topics', { method: 'POST', json: v }));
export const useSecondTopic = () => useDeliberationMutation((id: number) => api<Topic>(`/api/topics/${id}/second`, { method: 'POST', json: {} }));
export const useScheduleDay = () => useDeliberationMutation((v: ScheduleDay) => api<Day>('/api/deliberation-days', { method: 'POST', json: v }));
export const useSignIn = () => useDeliberationMutation(({ dayId, participantId }: { dayId: number; participantId: number }) => api<Day>(`/api/deliberation-days/${dayId}/participants/${participantId}/sign-in`, { method: 'POST', json: {} }));
export const useMinutes = () =>
  useDeliberationMutation(({ dayId, itemId, ...body }: { dayId: number; itemId: number; discussion: string; resolution: string }) => api<Day>(`/api/deliberation-days/${dayId}/agenda/${itemId}/minutes`, { method: 'PATCH', json: body }));
export const useAddFollowup = () =>
  useDeliberationMutation(({ dayId, itemId, ...body }: { dayId: number; itemId: number; task: string; ownerName: string; dueOn: string }) => api<Day>(`/api/deliberation-days/${dayId}/agenda/${itemId}/followups`, { method: 'POST', json: body }));
export const useFollowupDone = () => useDeliberationMutation(({ id, note }: { id: number; note: string }) => api<Day>(`/api/deliberation-followups/${id}/done`, { method: 'POST', json: { note } }));
export const usePublishMinutes = () => useDeliberationMutation((dayId: number) => api<Day>(`/api/deliberation-days/${dayId}/publish`, { method: 'POST', json: {} }));
/** The compound of my home (for raising a topic there): the same /api/me/home the H5 home page reads. */
export const useMyHomeCompounds = () =>
  useQuery({ queryKey: ['me', 'home'], queryFn: () => api<{ homes: { compound: { id: number; name: string } }[] }>('/api/me/home') });
export const useFacilitators = (placeId: number) =>
  useQuery({ queryKey: [...keys.all, 'facilitators', placeId], queryFn: () => api<{ items: { id: number; name: string }[] }>('/api/deliberation-facilitators', { query: { placeId } }) });
