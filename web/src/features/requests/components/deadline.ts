import { useEffect, useState } from 'react';
import type { Translate } from '../../../lib/i18n';

/** The current time, ticking every 30 s so countdowns move without refetching. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function formatDuration(ms: number, t: Translate): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return t('req.duration.dh', { d, h });
  if (h > 0) return t('req.duration.hm', { h, m });
  return t('req.duration.m', { m });
}

export interface DeadlineInfo {
  text: string;
  overdue: boolean;
  met: boolean;
}

/** Time left (or overdue) until `dueAt`; `doneAt` set means the step happened and the clock stopped. */
export function deadlineInfo(dueAt: string, doneAt: string | null | undefined, now: number, t: Translate): DeadlineInfo {
  const due = new Date(dueAt).getTime();
  if (doneAt) {
    const late = new Date(doneAt).getTime() > due;
    return late ? { text: t('req.overdueBy', { time: formatDuration(new Date(doneAt).getTime() - due, t) }), overdue: true, met: false } : { text: t('req.met'), overdue: false, met: true };
  }
  const left = due - now;
  return left >= 0
    ? { text: t('req.timeLeft', { time: formatDuration(left, t) }), overdue: false, met: false }
    : { text: t('req.overdueBy', { time: formatDuration(-left, t) }), overdue: true, met: false };
}

/** Which deadline counts now: response until accepted, then resolution until resolved. */
export function currentDeadline(r: { status: string; responseDueAt: string; resolutionDueAt: string }): string | null {
  if (r.status === 'submitted') return r.responseDueAt;
  if (r.status === 'accepted' || r.status === 'assigned' || r.status === 'in_progress') return r.resolutionDueAt;
  return null;
}
