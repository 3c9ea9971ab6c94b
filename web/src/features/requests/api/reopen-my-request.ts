import { useMineMutation } from './mine-mutation';

/** 重新打开: within 7 days of resolution. */
export const useReopenMyRequest = (id: number) => useMineMutation<{ reason: string }>(id, 'reopen');
