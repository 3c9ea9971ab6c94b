import { useStaffMutation } from './staff-mutation';

/** 派单异议: back to the commissioner. */
export const useDisputeRequest = (id: number) => useStaffMutation<{ reason: string }>(id, (i) => `/api/requests/${i}/dispute`);
