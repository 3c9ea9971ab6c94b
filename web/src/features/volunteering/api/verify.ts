import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { volKeys, type Verification } from './types';

/** 证明查验: public, no sign-in. */
export const useVerification = (code: string) =>
  useQuery({ queryKey: volKeys.verify(code), queryFn: () => api<Verification>(`/api/public/volunteer-certificates/${encodeURIComponent(code)}`, { quiet401: true }), retry: false });
