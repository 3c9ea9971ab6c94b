import { useStaffMutation } from './staff-mutation';

/** 开始办理. */
export const useStartRequest = (id: number) => useStaffMutation<{ note?: string }>(id, (i) => `/api/requests/${i}/start`);
