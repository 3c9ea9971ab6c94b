import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { volKeys, type Activity, type ActivityDetail, type Named, type Volunteer } from './types';

// The organiser's people: the volunteer roster (名册), registering someone with their consent (代登记),
// service teams (服务队), emergency call-outs (应急动员) and their duty roster (值班表).

export interface Team { id: number; name: string; place: Named; ledBySocialWorker: boolean; leader: Named | null; organisation: string | null; members: number }

export const useVolunteers = (skill: string, page: number) =>
  useQuery({
    queryKey: [...volKeys.all, 'volunteers', skill, page],
    queryFn: () => api<{ items: Volunteer[]; total: number }>('/api/volunteering/volunteers', { query: { skill: skill || undefined, page, pageSize: 20 } }),
    placeholderData: keepPreviousData,
  });

export interface PersonHit { id: number; name: string; phoneMasked?: string }
/** People in the caller's reach, by name or full phone number, for registering one as a volunteer. */
export const usePeopleSearch = (q: string) =>
  useQuery({
    queryKey: ['people', 'search', q],
    queryFn: () => api<{ items: PersonHit[]; total: number }>('/api/people', { query: { q, pageSize: 20 } }),
    enabled: q.trim().length > 0,
  });

export interface RegisterVolunteer {
  personId: number; sex: 'male' | 'female'; birthDate: string; idNumber?: string; homePlaceId: number; skills: string[]; serviceCategories: string[]; consent: boolean;
}
export function useRegisterVolunteer() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: RegisterVolunteer) => api<Volunteer>('/api/volunteering/volunteers', { method: 'POST', json: body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: volKeys.all }),
  });
}

export const useTeams = () => useQuery({ queryKey: [...volKeys.all, 'teams'], queryFn: () => api<{ items: Team[] }>('/api/volunteering/teams') });

export function useCreateTeam() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; placeId: number; ledBySocialWorker: boolean; organisation?: string }) => api<Team>('/api/volunteering/teams', { method: 'POST', json: body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: volKeys.all }),
  });
}

export function useAddTeamMember(teamId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (volunteerId: number) => api<{ ok: true }>(`/api/volunteering/teams/${teamId}/members`, { method: 'POST', json: { volunteerId } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: volKeys.all }),
  });
}

export interface NewEmergency { title: string; content: string; placeId: number; address: string; startsAt: string; endsAt: string; slots: number }
export function useCreateEmergency() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewEmergency) => api<Activity & { notified: number }>('/api/volunteering/emergencies', { method: 'POST', json: body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: volKeys.all }),
  });
}

export function useAssignDuty(activityId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { volunteerId: number; post: string; shiftStart: string; shiftEnd: string }) =>
      api<ActivityDetail>(`/api/volunteering/activities/${activityId}/duties`, { method: 'POST', json: body }),
    onSuccess: (d) => qc.setQueryData(volKeys.detail(activityId), d),
  });
}
