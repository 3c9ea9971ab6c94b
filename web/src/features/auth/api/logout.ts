import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken } from '../../../lib/api/client';
import { sessionKey } from './get-session';

export const logout = (everywhere = false) =>
  api<void>(everywhere ? '/api/auth/logout-all' : '/api/auth/logout', { method: 'POST', quiet401: true });

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: logout,
    onSettled: () => {
      setCsrfToken(null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionKey[0] });
      qc.setQueryData(sessionKey, null);
    },
  });
}
