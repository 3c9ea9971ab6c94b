/**
 * SLA clocks in working time (工作时间) or calendar time. Working time counts only the office windows of
 * working days in Beijing time (UTC+8, no daylight saving); a holiday table says which days are holidays and which
 * weekend days are make-up working days (调休).
 */
export type WorkCalendar = {
  /** 'YYYY-MM-DD' → holiday or make-up workday; days not listed follow Monday–Friday. */
  days: ReadonlyMap<string, 'holiday' | 'workday'>;
  /** Office windows in minutes after local midnight. */
  windows: readonly (readonly [number, number])[];
};

export const DEFAULT_WINDOWS: readonly (readonly [number, number])[] = [
  [8 * 60 + 30, 12 * 60],
  [13 * 60 + 30, 17 * 60 + 30],
];

const OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;
const MINUTE_MS = 60 * 1000;

export function localDay(t: Date): string {
  return new Date(t.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

export function isWorkday(day: string, calendar: WorkCalendar): boolean {
  const listed = calendar.days.get(day);
  if (listed) return listed === 'workday';
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday >= 1 && weekday <= 5;
}

/** The moment `minutes` of working time after `start`. */
export function addWorkingMinutes(start: Date, minutes: number, calendar: WorkCalendar): Date {
  let remaining = minutes * MINUTE_MS;
  // Local midnight of the start day, as a UTC instant.
  let dayStart = Math.floor((start.getTime() + OFFSET_MS) / DAY_MS) * DAY_MS - OFFSET_MS;
  let cursor = start.getTime();
  for (let i = 0; i < 3660; i++) {
    if (isWorkday(localDay(new Date(dayStart)), calendar)) {
      for (const [from, to] of calendar.windows) {
        const begin = Math.max(dayStart + from * MINUTE_MS, cursor);
        const end = dayStart + to * MINUTE_MS;
        if (begin >= end) continue;
        if (remaining <= end - begin) return new Date(begin + remaining);
        remaining -= end - begin;
      }
    }
    dayStart += DAY_MS;
    cursor = dayStart;
  }
  throw new Error('No working time found within ten years: check the holiday table.');
}

export function addDeadline(start: Date, minutes: number, workingTime: boolean, calendar: WorkCalendar): Date {
  return workingTime ? addWorkingMinutes(start, minutes, calendar) : new Date(start.getTime() + minutes * MINUTE_MS);
}
