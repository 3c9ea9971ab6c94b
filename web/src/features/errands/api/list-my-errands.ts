import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { errandKeys, type Errand } from './types';

/** 我的代办: what the commissioner is running for me (H5). */
export const listMyErrands = () => api<{ items: Errand[] }>('/api/me/errands');
export const useMyErrands = () => useQuery({ queryKey: errandKeys.mine, queryFn: listMyErrands });
