import { useStaffMutation } from './staff-mutation';

/** 部门处置情况: what the department did. */
export const useActDepartmentReport = (requestId: number, reportId: number) =>
  useStaffMutation<{ note: string }>(requestId, () => `/api/department-reports/${reportId}/action`);
