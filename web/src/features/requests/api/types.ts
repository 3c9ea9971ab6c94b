// Shapes of the requests module's JSON (server/src/modules/requests/requests.schemas.ts).
export const REQUEST_TYPES = ['enquiry', 'help', 'complaint', 'report', 'suggestion'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];
export const STATUSES = ['submitted', 'accepted', 'assigned', 'in_progress', 'resolved', 'closed', 'cancelled', 'merged'] as const;
export type RequestStatus = (typeof STATUSES)[number];
export const PARTIES = ['property', 'owners_committee', 'self_management_committee', 'residents_committee', 'department'] as const;
export type Party = (typeof PARTIES)[number];
export const ESCALATION_LEVELS = ['compound', 'community', 'street'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];
export type Urgency = 'normal' | 'urgent';
export type Channel = 'h5' | 'phone' | 'walk_in' | 'visit' | 'open311';
export const STAFF_CHANNELS = ['phone', 'walk_in', 'visit'] as const;

export interface Category {
  id: number;
  code: string;
  name: string;
  defaultParty: Exclude<Party, 'self_management_committee'>;
  responseMinutes: number;
  resolutionMinutes: number;
  workingTime: boolean;
  active: boolean;
}

export interface RequestSummary {
  id: number;
  type: RequestType;
  category: { id: number; name: string };
  description: string;
  status: RequestStatus;
  urgency: Urgency;
  compound: { id: number; name: string };
  assigneeParty: Party | null;
  escalationLevel: EscalationLevel;
  channel: Channel;
  createdAt: string;
  responseDueAt: string;
  resolutionDueAt: string;
  overdue: boolean;
  rating: number | null;
}

export interface TimelineEvent {
  id: number;
  at: string;
  kind: string;
  actorName: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  note: string | null;
  data: Record<string, unknown> | null;
}

export interface DepartmentReport {
  id: number;
  departmentId: number;
  departmentName: string;
  ackDueAt: string;
  actionDueAt: string;
  acknowledgedAt: string | null;
  actedAt: string | null;
  actionNote: string | null;
  ackMissed: boolean;
  actionMissed: boolean;
}

export type RequestAction = 'accept' | 'assign' | 'start' | 'resolve' | 'confirm' | 'reopen' | 'cancel' | 'dispute' | 'merge';

export interface RequestDetail extends RequestSummary {
  locationText: string | null;
  locationPlace: { id: number; name: string } | null;
  assigneeDepartment: { id: number; name: string } | null;
  resident: { id: number; name: string } | null;
  acceptedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  ratingComment: string | null;
  mergedInto: number | null;
  photos: { id: string; purpose: 'report' | 'resolution'; url: string }[];
  timeline: TimelineEvent[];
  departmentReports: DepartmentReport[];
  returnVisit: { dueAt: string; doneAt: string | null; reached: boolean | null; satisfied: boolean | null; note: string | null } | null;
  allowedActions: RequestAction[];
}

export interface RequestPage {
  items: RequestSummary[];
  total: number;
}

/** What a resident or staff member fills in to raise a request. */
export interface RaiseFields {
  compoundId: number;
  categoryId: number;
  type: RequestType;
  description: string;
  locationText?: string;
  urgency: Urgency;
  photoIds: string[];
}

export const OPEN_STATUSES: RequestStatus[] = ['submitted', 'accepted', 'assigned', 'in_progress'];

/** The queues refresh every 15 s until the server's event stream invalidates them sooner. */
export const QUEUE_REFETCH_MS = 15_000;

export const requestKeys = {
  all: ['requests'] as const,
  categories: ['requests', 'categories'] as const,
  queue: (f: object) => ['requests', 'queue', f] as const,
  detail: (id: number) => ['requests', 'detail', id] as const,
  mine: ['requests', 'mine'] as const,
  mineDetail: (id: number) => ['requests', 'mine', id] as const,
  measures: (f: object) => ['requests', 'measures', f] as const,
  departments: ['requests', 'departments'] as const,
  compounds: (q: string) => ['requests', 'compounds', q] as const,
  homes: ['requests', 'homes'] as const,
};
