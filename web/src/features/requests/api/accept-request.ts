import { useStaffMutation } from './staff-mutation';

/** 受理 (first receiver). */
export const useAcceptRequest = (id: number) => useStaffMutation<{ note?: string }>(id, (i) => `/api/requests/${i}/accept`);
