import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';

/** 重置双因素认证 (security administrator): server/src/modules/auth/totp-reset.service.ts. */
export interface TotpEnrolment {
  personId: number;
  name: string;
  phoneMasked: string;
  roles: string[];
  enabled: boolean;
  enabledAt: string | null;
  startedAt: string;
  recoveryCodesLeft: number;
}

const key = ['security', 'totp-enrolments'] as const;

export const useTotpEnrolments = () =>
  useQuery({ queryKey: key, queryFn: () => api<{ items: TotpEnrolment[] }>('/api/security/totp-enrolments') });

export function useResetTotp() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { personId: number; reason: string }) =>
      api<{ personId: number; resetAt: string; sessionsEnded: number }>('/api/security/totp-resets', { method: 'POST', json: body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
}
