import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken } from '../../../lib/api/client';
import type { Session } from '../../../lib/api/types';
import { sessionKey } from './get-session';

// 双因素认证: the second step of a sign-in, and the account-security page's enrolment.

export interface TotpStatus { enabled: boolean; enabledAt: string | null; recoveryCodesLeft: number; required: boolean; enforced: boolean }
const statusKey = ['me', 'totp'] as const;

export function useTotpSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (v: { challenge: string; code: string }) => {
      const s = await api<Session>('/api/auth/totp', { method: 'POST', json: v, quiet401: true });
      setCsrfToken(s.csrfToken);
      return s;
    },
    onSuccess: (s) => {
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionKey[0] });
      qc.setQueryData(sessionKey, s);
    },
  });
}

export const useTotpStatus = () => useQuery({ queryKey: statusKey, queryFn: () => api<TotpStatus>('/api/me/totp') });

export function useStartTotp() {
  return useMutation({ mutationFn: () => api<{ secret: string; otpauthUrl: string }>('/api/me/totp', { method: 'POST', json: {} }) });
}

export function useConfirmTotp() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api<{ recoveryCodes: string[] }>('/api/me/totp/confirm', { method: 'POST', json: { code } }),
    // Everything refused before (TOTP_ENROLMENT_REQUIRED) may load now. Not awaited: the caller's own onSuccess
    // (showing the recovery codes) must run before the refetched status swaps the enrolment card away.
    onSuccess: () => {
      void qc.invalidateQueries();
    },
  });
}

export function useDisableTotp() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api<void>('/api/me/totp/disable', { method: 'POST', json: { code } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: statusKey }),
  });
}
