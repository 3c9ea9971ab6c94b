import { useStaffMutation } from './staff-mutation';

export interface WhistleBody {
  departmentIds: number[];
  reason: string;
  ackMinutes?: number;
  actionMinutes?: number;
}
/** 街道吹哨: name departments that must report and act by deadlines. */
export const useWhistleRequest = (id: number) => useStaffMutation<WhistleBody>(id, (i) => `/api/requests/${i}/whistle`);
