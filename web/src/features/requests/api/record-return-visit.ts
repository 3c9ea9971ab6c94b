import { useStaffMutation } from './staff-mutation';

/** 回访 result. */
export const useRecordReturnVisit = (id: number) =>
  useStaffMutation<{ reached: boolean; satisfied?: boolean; note?: string }>(id, (i) => `/api/requests/${i}/return-visit`);
