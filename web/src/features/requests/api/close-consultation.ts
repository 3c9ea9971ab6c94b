import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { consultationKeys, type Consultation, type ConsultationParty } from './consultations.types';
import { requestKeys } from './types';

export interface CloseConsultationBody {
  attended: ConsultationParty[];
  outcome: string;
  toDeliberation: boolean;
}

/** 结束协商: who came, what was agreed, and whether it goes on to a deliberation day. */
export const closeConsultation = (id: number, body: CloseConsultationBody) =>
  api<Consultation>(`/api/consultations/${id}`, { method: 'PATCH', json: body });

export function useCloseConsultation(requestId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: CloseConsultationBody }) => closeConsultation(id, body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: consultationKeys.list(requestId) });
      void qc.invalidateQueries({ queryKey: requestKeys.detail(requestId) });
    },
  });
}
