import { isWorkday, localDay, type WorkCalendar } from '../../platform/working-time.ts';

/** 志愿服务记录与证明出具办法 art. 11: hours are recorded within 10 working days after the activity. */
export const RECORDING_WORKING_DAYS = 10;

const OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/**
 * The end (Beijing midnight) of the 10th working day after the day the activity ended. The day of the activity
 * itself does not count; holidays and make-up workdays follow the district's holiday table.
 */
export function recordingDeadline(endsAt: Date, calendar: WorkCalendar, workingDays = RECORDING_WORKING_DAYS): Date {
  let dayStart = Date.parse(`${localDay(endsAt)}T00:00:00Z`) - OFFSET_MS;
  let counted = 0;
  for (let i = 0; i < 400 && counted < workingDays; i++) {
    dayStart += DAY_MS;
    if (isWorkday(localDay(new Date(dayStart)), calendar)) counted += 1;
  }
  return new Date(dayStart + DAY_MS);
}

/** Minutes actually given: check-in to check-out, rounded down to the whole minute. */
export function measuredMinutes(checkedInAt: Date, checkedOutAt: Date): number {
  return Math.max(0, Math.floor((checkedOutAt.getTime() - checkedInAt.getTime()) / 60000));
}

/** Check-in opens an hour before the start (people arrive early) and closes at the end. */
export const CHECK_IN_OPENS_BEFORE_MS = 3600_000;
/** Check-out stays open two hours after the end: volunteers forget, and the organiser corrects the hours anyway. */
export const CHECK_OUT_GRACE_MS = 2 * 3600_000;

/** When a scan of the activity's QR code counts: a code photographed and scanned days later does not. */
export function attendanceWindow(op: 'in' | 'out', startsAt: Date, endsAt: Date): { opens: Date; closes: Date } {
  return op === 'in'
    ? { opens: new Date(startsAt.getTime() - CHECK_IN_OPENS_BEFORE_MS), closes: endsAt }
    : { opens: startsAt, closes: new Date(endsAt.getTime() + CHECK_OUT_GRACE_MS) };
}
