import { describe, expect, it } from 'vitest';
import { ACTIONS, STATUSES, canApply, nextStatus } from './lifecycle.ts';

describe('request lifecycle', () => {
  it('walks the happy path', () => {
    let s = 'submitted' as (typeof STATUSES)[number];
    for (const a of ['accept', 'assign', 'start', 'resolve', 'confirm'] as const) {
      expect(canApply(a, s)).toBe(true);
      s = nextStatus(a);
    }
    expect(s).toBe('closed');
  });

  it('allows cancelling only before acceptance', () => {
    expect(canApply('cancel', 'submitted')).toBe(true);
    for (const s of STATUSES.filter((x) => x !== 'submitted')) expect(canApply('cancel', s)).toBe(false);
  });

  it('sends a disputed request back to the commissioner and a reopened one back to its assignee', () => {
    expect(nextStatus('dispute')).toBe('accepted');
    expect(nextStatus('reopen')).toBe('assigned');
  });

  it('never moves a cancelled or merged request', () => {
    for (const a of ACTIONS) {
      expect(canApply(a, 'cancelled')).toBe(false);
      expect(canApply(a, 'merged')).toBe(false);
    }
  });
});
