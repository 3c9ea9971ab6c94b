import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { volKeys, type Activity, type ActivityDetail, type Match, type PlaceHit, type QrCode } from './types';

// The organiser's side (workbench): activities, the check-in QR, attendance and hours, matching, the export.

export type When = 'upcoming' | 'past' | 'all';
export const useActivities = (when: When, page: number) =>
  useQuery({
    queryKey: volKeys.list(when, page),
    queryFn: () => api<{ items: Activity[]; total: number }>('/api/volunteering/activities', { query: { when, page, pageSize: 20 } }),
    placeholderData: keepPreviousData,
  });
export const useActivity = (id: number) => useQuery({ queryKey: volKeys.detail(id), queryFn: () => api<ActivityDetail>(`/api/volunteering/activities/${id}`) });

/** A fresh signed URL every 20 seconds (each lives 60): a photo of the code stops working within a minute. */
export const useActivityQr = (id: number, op: 'in' | 'out', enabled: boolean) =>
  useQuery({ queryKey: volKeys.qr(id, op), queryFn: () => api<QrCode>(`/api/volunteering/activities/${id}/qr`, { query: { op } }), refetchInterval: 20_000, enabled });

export const useMatches = (id: number) => useQuery({ queryKey: volKeys.matches(id), queryFn: () => api<{ items: Match[] }>(`/api/volunteering/activities/${id}/matches`) });

export const useSearchPlaces = (q: string) =>
  useQuery({ queryKey: volKeys.places(q), queryFn: () => api<{ items: PlaceHit[] }>('/api/places/search', { query: { q } }), enabled: q.trim().length > 0 });

export interface NewActivity {
  title: string; content: string; placeId: number; address: string; startsAt: string; endsAt: string; slots: number; skillsWanted: string[]; need?: string;
}
export function useCreateActivity() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewActivity) => api<Activity>('/api/volunteering/activities', { method: 'POST', json: body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: volKeys.all }),
  });
}

export function useRecordHours(activityId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { signupId: number; action: 'confirm' | 'correct'; minutes?: number; reason?: string }) =>
      api<ActivityDetail>(`/api/volunteering/activities/${activityId}/signups/${v.signupId}/${v.action}`, {
        method: 'POST',
        json: { ...(v.minutes !== undefined ? { minutes: v.minutes } : {}), ...(v.reason ? { reason: v.reason } : {}) },
      }),
    onSuccess: (d) => qc.setQueryData(volKeys.detail(activityId), d),
  });
}

export function useCancelActivity(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<Activity>(`/api/volunteering/activities/${id}/cancel`, { method: 'POST', json: {} }),
    onSuccess: () => qc.invalidateQueries({ queryKey: volKeys.all }),
  });
}

export const exportCsvUrl = '/api/volunteering/export.csv';
