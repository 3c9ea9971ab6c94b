/**
 * The life of a request (DESIGN.md "Work orders"):
 * submitted → accepted (first receiver: the commissioner) → assigned → in_progress → resolved → closed,
 * with cancel (before acceptance), dispute (back to the commissioner), reopen (within 7 days of resolution) and merge.
 */
export const STATUSES = ['submitted', 'accepted', 'assigned', 'in_progress', 'resolved', 'closed', 'cancelled', 'merged'] as const;
export type RequestStatus = (typeof STATUSES)[number];

export const ACTIONS = ['accept', 'assign', 'start', 'resolve', 'confirm', 'reopen', 'cancel', 'dispute', 'merge'] as const;
export type RequestAction = (typeof ACTIONS)[number];

const FROM: Record<RequestAction, readonly RequestStatus[]> = {
  accept: ['submitted'],
  assign: ['submitted', 'accepted', 'assigned', 'in_progress'],
  start: ['assigned'],
  resolve: ['assigned', 'in_progress'],
  confirm: ['resolved'],
  reopen: ['resolved', 'closed'],
  cancel: ['submitted'],
  dispute: ['assigned', 'in_progress'],
  merge: ['submitted', 'accepted', 'assigned', 'in_progress'],
};

const TO: Record<RequestAction, RequestStatus> = {
  accept: 'accepted',
  assign: 'assigned',
  start: 'in_progress',
  resolve: 'resolved',
  confirm: 'closed',
  reopen: 'assigned',
  cancel: 'cancelled',
  dispute: 'accepted',
  merge: 'merged',
};

export const REOPEN_WINDOW_MS = 7 * 24 * 3600 * 1000;

export function canApply(action: RequestAction, status: RequestStatus): boolean {
  return FROM[action].includes(status);
}

export function nextStatus(action: RequestAction): RequestStatus {
  return TO[action];
}

export const OPEN_STATUSES: readonly RequestStatus[] = ['submitted', 'accepted', 'assigned', 'in_progress'];
