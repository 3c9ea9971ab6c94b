import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { consultationKeys, type Consultation } from './consultations.types';

export const listConsultations = (requestId: number) => api<{ items: Consultation[] }>(`/api/requests/${requestId}/consultations`);

export const useConsultations = (requestId: number) =>
  useQuery({ queryKey: consultationKeys.list(requestId), queryFn: () => listConsultations(requestId) });
