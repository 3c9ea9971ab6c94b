import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { api } from '../../../lib/api/client';
import { newIdempotencyKey } from '../../../lib/idempotency';
import { volKeys, type Certificate, type MyActivity, type MyHours, type Volunteer } from './types';

// The resident's side (H5): registration, activities near me, sign-up, the QR check-in, my hours and certificates.

export const useMyVolunteer = () => useQuery({ queryKey: volKeys.me, queryFn: () => api<{ volunteer: Volunteer | null }>('/api/me/volunteer') });

export interface RegisterInput {
  sex: 'male' | 'female'; birthDate: string; idNumber?: string; homePlaceId: number; skills: string[]; serviceCategories: string[]; consent: boolean;
}
export function useRegister() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: RegisterInput) => api<Volunteer>('/api/me/volunteer', { method: 'POST', json: body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: volKeys.all }),
  });
}

export const useNearActivities = () => useQuery({ queryKey: volKeys.near, queryFn: () => api<{ items: MyActivity[] }>('/api/me/volunteering/activities') });
export const useMyActivity = (id: number) => useQuery({ queryKey: volKeys.myActivity(id), queryFn: () => api<MyActivity>(`/api/me/volunteering/activities/${id}`) });

/** 报名: one Idempotency-Key per tap, reused if the same tap is retried, so a weak network never signs up twice. */
export function useSignUp(id: number) {
  const qc = useQueryClient();
  const key = useRef<string | null>(null);
  return useMutation({
    mutationFn: () => {
      key.current ??= newIdempotencyKey();
      return api<MyActivity>(`/api/me/volunteering/activities/${id}/signup`, { method: 'POST', json: {}, headers: { 'Idempotency-Key': key.current } });
    },
    onSuccess: (a) => {
      key.current = null;
      qc.setQueryData(volKeys.myActivity(id), a);
      void qc.invalidateQueries({ queryKey: volKeys.near });
    },
  });
}

export function useCancelSignUp(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<MyActivity>(`/api/me/volunteering/activities/${id}/cancel`, { method: 'POST', json: {} }),
    onSuccess: (a) => {
      qc.setQueryData(volKeys.myActivity(id), a);
      void qc.invalidateQueries({ queryKey: volKeys.near });
    },
  });
}

export interface AttendResult { activity: { id: number; name: string }; op: 'in' | 'out'; at: string; measuredMinutes: number | null }
export function useAttend() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (q: { a: string; op: string; exp: string; sig: string }) => api<AttendResult>('/api/me/volunteering/attendance', { method: 'POST', json: q }),
    onSuccess: () => qc.invalidateQueries({ queryKey: volKeys.all }),
  });
}

export const useMyHours = () => useQuery({ queryKey: volKeys.hours, queryFn: () => api<MyHours>('/api/me/volunteering/hours') });
export function useIssueCertificate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<Certificate>('/api/me/volunteering/certificates', { method: 'POST', json: {} }),
    onSuccess: () => qc.invalidateQueries({ queryKey: volKeys.hours }),
  });
}
export const certificatePdfUrl = (code: string) => `/api/me/volunteering/certificates/${code}/pdf`;
