import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken } from '../../../lib/api/client';
import type { Session } from '../../../lib/api/types';
import { sessionKey } from './get-session';

export interface LoginInput {
  phone: string;
  password: string;
}

export async function login(input: LoginInput): Promise<Session> {
  const s = await api<Session>('/api/auth/login', { method: 'POST', json: input, quiet401: true });
  setCsrfToken(s.csrfToken);
  return s;
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (s) => {
      // A new person may see different data: drop everything cached for the previous one.
      // (The session query itself stays: mounted observers keep watching it and see the new value.)
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionKey[0] });
      qc.setQueryData(sessionKey, s);
    },
  });
}
