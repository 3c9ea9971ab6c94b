import { useQueryClient } from '@tanstack/react-query';
import type { Session, SessionRole } from '../../../lib/api/types';

/**
 * My roles, from the session the workbench layout has already loaded (it renders pages only once signed in).
 * Read from the cache rather than importing the auth feature (no imports across features).
 */
export function useMyRoles(): SessionRole[] {
  const qc = useQueryClient();
  return qc.getQueryData<Session | null>(['session'])?.roles ?? [];
}
