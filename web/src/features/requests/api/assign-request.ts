import { useStaffMutation } from './staff-mutation';
import type { Party } from './types';

export interface AssignBody {
  party?: Party;
  departmentId?: number;
  note?: string;
}
/** 派单 to a party (default: the category's). */
export const useAssignRequest = (id: number) => useStaffMutation<AssignBody>(id, (i) => `/api/requests/${i}/assign`);
