import { useStaffMutation } from './staff-mutation';

/** 部门报到: the department acknowledges (requestId is the request the report belongs to). */
export const useAckDepartmentReport = (requestId: number, reportId: number) =>
  useStaffMutation<undefined>(requestId, () => `/api/department-reports/${reportId}/ack`);
