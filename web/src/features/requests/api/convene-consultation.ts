import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { consultationKeys, type Consultation, type ConsultationParty } from './consultations.types';
import { requestKeys } from './types';

export interface ConveneBody {
  scheduledAt: string;
  parties: ConsultationParty[];
  note?: string;
}

/** 召集三方协商: invites the chosen parties; the request's timeline gains the step. */
export const conveneConsultation = (requestId: number, body: ConveneBody) =>
  api<Consultation>(`/api/requests/${requestId}/consultations`, { method: 'POST', json: body });

export function useConveneConsultation(requestId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ConveneBody) => conveneConsultation(requestId, body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: consultationKeys.list(requestId) });
      void qc.invalidateQueries({ queryKey: requestKeys.detail(requestId) });
    },
  });
}
