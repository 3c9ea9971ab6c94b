import { describe, expect, it } from 'vitest';
import { addDays, beijingDay, daysBetween, eachDay, endOfDay } from './days.ts';
import { HEADLINE_MEASURES, headlineOf } from './headline.ts';
import { mapOf } from './map-shapes.ts';

describe('Beijing days', () => {
  it('counts a day in Beijing, whatever the UTC date', () => {
    expect(beijingDay(new Date('2026-11-23T15:59:59Z'))).toBe('2026-11-23');
    expect(beijingDay(new Date('2026-11-23T16:00:00Z'))).toBe('2026-11-24');
    expect(endOfDay('2026-11-23').toISOString()).toBe('2026-11-23T16:00:00.000Z');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(daysBetween('2026-11-01', '2026-11-30')).toBe(29);
    expect(eachDay('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
  });
});

describe('headline', () => {
  it('derives rates and averages from sums only, and says "no data" rather than 0 %', () => {
    const h = headlineOf({
      'requests.raised': 10, 'requests.accepted': 8, 'requests.accepted_on_time': 6, 'requests.response_minutes': 240,
      'requests.resolved': 5, 'requests.resolved_on_time': 3, 'requests.overdue': 1, 'requests.resolution_minutes': 3000,
      'requests.rated': 4, 'requests.satisfied': 3, 'volunteer.minutes': 95, 'coverage.commissioners': 4, 'coverage.commissioners_local': 1,
    }, 7);
    expect(h).toMatchObject({
      requests: 10, open: 7, responseRate: 0.75, resolutionRate: 0.75, satisfactionRate: 0.75, averageResponseMinutes: 30, averageResolutionMinutes: 600,
      volunteerHours: 1.6, commissioners: 4, localCommissionerShare: 0.25, compounds: null,
    });
    expect(headlineOf({}, 0)).toMatchObject({ responseRate: null, resolutionRate: null, satisfactionRate: null, averageResponseMinutes: null, commissioners: null });
  });

  it('reads no summed measure besides HEADLINE_MEASURES (the summary reads only those for children and the period before)', () => {
    const names = [...HEADLINE_MEASURES, 'requests.type.help', 'requests.category.repairs', 'wishes.claimed', 'conventions.drafted', 'projects.contracted_fen'];
    const all = Object.fromEntries(names.map((m, i) => [m, 7 + i * 3]));
    const gauges = { 'coverage.compounds': 5, 'coverage.covered': 3, 'coverage.commissioners': 4, 'coverage.commissioners_local': 1, 'funds.balance': 900, 'conventions.in_force': 2 };
    const only = Object.fromEntries(HEADLINE_MEASURES.map((m) => [m, all[m]!]));
    expect(headlineOf({ ...only, ...gauges }, 3)).toEqual(headlineOf({ ...all, ...gauges }, 3));
  });
});

describe('synthetic map', () => {
  it('tiles the district box with one closed polygon per place, no overlaps, named as the places', () => {
    for (const n of [1, 2, 3, 5, 6, 7, 12]) {
      const geo = mapOf(Array.from({ length: n }, (_, i) => ({ id: i + 1, name: `第${i + 1}街道` })));
      expect(geo.features).toHaveLength(n);
      let area = 0;
      for (const f of geo.features) {
        const ring = f.geometry.coordinates[0]!;
        expect(ring[0]).toEqual(ring[ring.length - 1]);
        const [x0, y0] = ring[0]!;
        const [x1, y1] = ring[2]!;
        area += Math.abs((x1 - x0) * (y1 - y0));
      }
      expect(area).toBeCloseTo(0.16 * 0.12, 6);
    }
  });
});

describe('the summary cache', () => {
  it('answers from memory until the rollups change or the time is up, and does not keep a failure', async () => {
    const { SummaryCache, rollupsChanged } = await import('./summary-cache.ts');
    let computed = 0;
    const cache = new SummaryCache<number>(60_000);
    const compute = async () => ++computed;
    expect(await cache.get('a', compute)).toBe(1);
    expect(await cache.get('a', compute)).toBe(1);
    expect(await cache.get('b', compute)).toBe(2);
    rollupsChanged();
    expect(await cache.get('a', compute)).toBe(3);
    await expect(cache.get('c', () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    await new Promise((r) => setTimeout(r, 0));
    expect(await cache.get('c', compute)).toBe(4);
    const off = new SummaryCache<number>(0);
    expect(await off.get('a', compute)).toBe(5);
    expect(await off.get('a', compute)).toBe(6);
  });
});
