import { useStaffMutation } from './staff-mutation';

/** 办结, with a note and photos. */
export const useResolveRequest = (id: number) =>
  useStaffMutation<{ note: string; photoIds: string[] }>(id, (i) => `/api/requests/${i}/resolve`);
