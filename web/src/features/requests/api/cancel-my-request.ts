import { useMineMutation } from './mine-mutation';

/** 撤回: before a commissioner accepts it. */
export const useCancelMyRequest = (id: number) => useMineMutation<{ note?: string }>(id, 'cancel');
