// Shapes of the proxy-errand JSON (server/src/modules/errands/errands.schemas.ts).
export const ERRAND_STATUSES = ['open', 'done', 'cancelled'] as const;
export type ErrandStatus = (typeof ERRAND_STATUSES)[number];
export type ChecklistKind = 'document' | 'step';

export interface ChecklistItem {
  index: number;
  item: string;
  kind: ChecklistKind;
  done: boolean;
  doneAt: string | null;
}

interface Named {
  id: number;
  name: string;
}

/** 代办: an errand a commissioner runs for a resident in a special group (最多跑一次). */
export interface Errand {
  id: number;
  compound: Named;
  resident: Named;
  handledBy: Named;
  title: string;
  checklist: ChecklistItem[];
  checklistDone: number;
  /** How many times the resident had to go in person; the aim is at most one. */
  residentTrips: number;
  status: ErrandStatus;
  createdAt: string;
  doneAt: string | null;
}

export interface ErrandStatsRow {
  errands: number;
  open: number;
  done: number;
  cancelled: number;
  residentTrips: number;
  tripsPerDoneErrand: number | null;
  doneWithinOneTrip: number;
  oneTripShare: number | null;
}
export interface ErrandStats {
  place: Named;
  total: ErrandStatsRow;
  places: (ErrandStatsRow & { place: Named })[];
}

/** 最多跑一次: more than one trip by the resident misses the aim. */
export const TRIPS_AIM = 1;

export const errandKeys = {
  all: ['errands'] as const,
  list: (f: object) => ['errands', 'list', f] as const,
  detail: (id: number) => ['errands', 'detail', id] as const,
  stats: (placeId?: number) => ['errands', 'stats', placeId ?? null] as const,
  mine: ['errands', 'mine'] as const,
  compounds: (q: string) => ['errands', 'compounds', q] as const,
  residents: (compoundId: number, q: string) => ['errands', 'residents', compoundId, q] as const,
};
