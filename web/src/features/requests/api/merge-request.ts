import { useStaffMutation } from './staff-mutation';

/** 合并 a duplicate into another request. */
export const useMergeRequest = (id: number) => useStaffMutation<{ intoId: number }>(id, (i) => `/api/requests/${i}/merge`);
