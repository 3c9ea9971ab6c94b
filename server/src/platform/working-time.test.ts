import { describe, expect, it } from 'vitest';
import { addDeadline, addWorkingMinutes, DEFAULT_WINDOWS, isWorkday, type WorkCalendar } from './working-time.ts';

const cal: WorkCalendar = {
  windows: DEFAULT_WINDOWS,
  days: new Map([
    ['2026-10-01', 'holiday'],
    ['2026-10-02', 'holiday'],
    ['2026-10-05', 'holiday'],
    ['2026-10-06', 'holiday'],
    ['2026-10-07', 'holiday'],
    ['2026-10-10', 'workday'], // Saturday make-up day
  ]),
};
// Beijing time, written as UTC+8 instants.
const bj = (s: string) => new Date(`${s}+08:00`);

describe('working time', () => {
  it('counts within the office windows of one day', () => {
    expect(addWorkingMinutes(bj('2026-11-23T09:00:00'), 60, cal)).toEqual(bj('2026-11-23T10:00:00'));
    // 11:30 + 60 min: 30 before lunch, 30 after 13:30.
    expect(addWorkingMinutes(bj('2026-11-23T11:30:00'), 60, cal)).toEqual(bj('2026-11-23T14:00:00'));
  });

  it('starts at the next window when raised out of hours, and skips the weekend', () => {
    expect(addWorkingMinutes(bj('2026-11-23T20:00:00'), 30, cal)).toEqual(bj('2026-11-24T09:00:00'));
    // Friday 17:00 + 60 min → Monday 09:00.
    expect(addWorkingMinutes(bj('2026-11-27T17:00:00'), 60, cal)).toEqual(bj('2026-11-30T09:00:00'));
  });

  it('skips holidays and works on make-up days', () => {
    expect(isWorkday('2026-10-10', cal)).toBe(true);
    expect(isWorkday('2026-10-01', cal)).toBe(false);
    // Wednesday 30 Sept 17:00 + 60 min: 30 that day, then 1–7 Oct are off (holidays and a weekend),
    // so the other 30 come on Thursday 8 Oct from 08:30.
    expect(addWorkingMinutes(bj('2026-09-30T17:00:00'), 60, cal)).toEqual(bj('2026-10-08T09:00:00'));
    // Friday 9 Oct 17:00 + 60 → Saturday 10 Oct (make-up) 09:00.
    expect(addWorkingMinutes(bj('2026-10-09T17:00:00'), 60, cal)).toEqual(bj('2026-10-10T09:00:00'));
  });

  it('spans several days for long limits (7.5 working hours a day)', () => {
    expect(addWorkingMinutes(bj('2026-11-23T08:30:00'), 450 * 2, cal)).toEqual(bj('2026-11-24T17:30:00'));
  });

  it('uses plain minutes in calendar time', () => {
    expect(addDeadline(bj('2026-11-28T23:00:00'), 120, false, cal)).toEqual(bj('2026-11-29T01:00:00'));
  });
});
