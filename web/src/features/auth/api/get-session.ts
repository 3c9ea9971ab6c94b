import { useQuery } from '@tanstack/react-query';
import { api, ApiError, setCsrfToken } from '../../../lib/api/client';
import type { Session } from '../../../lib/api/types';

export const sessionKey = ['session'] as const;

/** The signed-in session, or null when nobody is signed in (401 is an answer here, not an error). */
export async function getSession(): Promise<Session | null> {
  try {
    const s = await api<Session>('/api/auth/me', { quiet401: true });
    setCsrfToken(s.csrfToken);
    return s;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw e;
  }
}

export const useSession = () => useQuery({ queryKey: sessionKey, queryFn: getSession, staleTime: 60_000 });
