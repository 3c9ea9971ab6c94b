import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOWS, type WorkCalendar } from '../../platform/working-time.ts';
import { measuredMinutes, recordingDeadline } from './recording-window.ts';
import { checkQr, newQrSecret, signQr } from './qr-signature.ts';

const plain: WorkCalendar = { windows: DEFAULT_WINDOWS, days: new Map() };

describe('10 working days to record hours', () => {
  it('skips the weekend: an activity on Monday 2026-11-23 may be recorded until the end of Monday 2026-12-07', () => {
    const d = recordingDeadline(new Date('2026-11-23T09:00:00Z'), plain);
    expect(d.toISOString()).toBe('2026-12-07T16:00:00.000Z'); // 2026-12-08 00:00 Beijing
  });
  it('skips holidays and counts make-up workdays from the holiday table', () => {
    const cal: WorkCalendar = { windows: DEFAULT_WINDOWS, days: new Map([['2026-11-24', 'holiday'], ['2026-11-25', 'holiday'], ['2026-11-29', 'workday']]) };
    // Working days after Mon 23: Thu 26, Fri 27, Sun 29 (make-up), Mon 30, Tue 1, Wed 2, Thu 3, Fri 4, Mon 7, Tue 8.
    expect(recordingDeadline(new Date('2026-11-23T09:00:00Z'), cal).toISOString()).toBe('2026-12-08T16:00:00.000Z');
  });
  it('an activity ending late in the evening Beijing time counts from its Beijing day', () => {
    // 2026-11-27 23:30 Beijing is a Friday: the window runs through Friday 2026-12-11.
    expect(recordingDeadline(new Date('2026-11-27T15:30:00Z'), plain).toISOString()).toBe('2026-12-11T16:00:00.000Z');
  });
  it('measures whole minutes between check-in and check-out', () => {
    expect(measuredMinutes(new Date('2026-11-23T01:00:00Z'), new Date('2026-11-23T03:29:59Z'))).toBe(149);
  });
});

describe('signed check-in URLs', () => {
  const secret = newQrSecret();
  const now = new Date('2026-11-23T02:00:00Z');
  it('accepts its own signature until it expires', () => {
    const q = signQr(secret, 7, 'in', now);
    expect(checkQr(secret, q, now)).toBe('ok');
    expect(checkQr(secret, q, new Date(now.getTime() + 61_000))).toBe('expired');
  });
  it('refuses an altered activity, operation or expiry, and another key', () => {
    const q = signQr(secret, 7, 'in', now);
    expect(checkQr(secret, { ...q, activityId: 8 }, now)).toBe('forged');
    expect(checkQr(secret, { ...q, op: 'out' }, now)).toBe('forged');
    expect(checkQr(secret, { ...q, exp: q.exp + 3600 }, now)).toBe('forged');
    expect(checkQr(newQrSecret(), q, now)).toBe('forged');
    expect(checkQr(secret, { ...q, sig: 'abc' }, now)).toBe('forged');
  });
});
