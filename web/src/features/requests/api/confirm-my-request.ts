import { useMineMutation } from './mine-mutation';

/** 确认办结并评价 (1–5 stars). */
export const useConfirmMyRequest = (id: number) => useMineMutation<{ rating: number; comment?: string }>(id, 'confirm');
