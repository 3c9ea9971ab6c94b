import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { assertInScope, pathInScope, scopeFor, type Scope } from '../../platform/scope.ts';
import * as repo from './cockpit.repository.ts';
import { addDays, beijingDay, daysBetween } from './days.ts';
import { headlineOf, type Totals } from './headline.ts';
import { mapOf, type GeoJson } from './map-shapes.ts';
import { alertsUnder, type AlertKind } from './alerts.ts';
import type { Summary, SummaryQuery } from './cockpit.schemas.ts';
import { SummaryCache } from './summary-cache.ts';

const MAX_DAYS = 366;
/** The measures of the summary's daily series. */
export const SERIES = ['requests.raised', 'requests.resolved', 'requests.overdue', 'requests.satisfied', 'requests.rated'] as const;

const invalid = (field: string, message: string) => new AppError('VALIDATION_FAILED', {}, { issues: [{ path: [field], message }] });
const idOfPath = (path: string) => Number(path.split('/').filter(Boolean).at(-1));

/** The place asked for, or the caller's widest place; 404 outside the caller's reach. */
export async function placeInScope(deps: Deps, scope: Scope, placeId: number | undefined) {
  const place = await repo.findPlace(deps.db, placeId ?? idOfPath(scope.paths[0]!));
  assertInScope(scope, place?.path);
  if (!['district', 'street', 'community', 'compound'].includes(place!.kind)) throw new AppError('NOT_FOUND');
  return place!;
}

export function period(q: { from?: string; to?: string }, today: string): { from: string; to: string } {
  const to = q.to ?? today;
  const from = q.from ?? addDays(to, -29);
  if (Number.isNaN(Date.parse(`${from}T00:00:00Z`))) throw invalid('from', 'not a date');
  if (Number.isNaN(Date.parse(`${to}T00:00:00Z`))) throw invalid('to', 'not a date');
  if (from > to) throw invalid('from', 'from must not be after to');
  if (daysBetween(from, to) >= MAX_DAYS) throw invalid('from', `at most ${MAX_DAYS} days`);
  return { from, to };
}

function group(rows: repo.MeasureRow[]): Map<number, Totals> {
  const out = new Map<number, Totals>();
  for (const r of rows) {
    const t = out.get(Number(r.place_id)) ?? {};
    t[r.measure] = Number(r.value);
    out.set(Number(r.place_id), t);
  }
  return out;
}

/**
 * 驾驶舱 summary of a place: headline measures for the period and the one before it (trend), the daily series,
 * and each child place's headline for the drill-down. Reads rollups only: its cost is the same after ten years.
 */
export async function summary(deps: Deps, caller: Caller, q: SummaryQuery): Promise<Summary> {
  const scope = scopeFor(caller.roles, 'cockpit.read');
  const place = await placeInScope(deps, scope, q.placeId);
  const { from, to } = period(q, beijingDay(deps.clock.now()));
  const { trailPlaces, ...rest } = await cacheOf(deps).get(`${place.id} ${from} ${to}`, () => compute(deps, place, from, to));
  // The trail shows only the places within the caller's own reach (a commissioner does not see the district's name as a link).
  const trail = trailPlaces
    .filter((p) => pathInScope(scope, p.path))
    .sort((a, b) => a.path.length - b.path.length)
    .map((p) => ({ id: p.id, name: p.name, kind: p.kind }));
  return { ...rest, trail };
}

type Computed = Omit<Summary, 'trail'> & { trailPlaces: { id: number; name: string; kind: string; path: string }[] };
const caches = new WeakMap<Deps, SummaryCache<Computed>>();
function cacheOf(deps: Deps): SummaryCache<Computed> {
  let c = caches.get(deps);
  if (!c) caches.set(deps, (c = new SummaryCache<Computed>(deps.config.cockpitCacheMs ?? 10_000)));
  return c;
}

async function compute(deps: Deps, place: { id: number; name: string; kind: string; path: string }, from: string, to: string): Promise<Computed> {
  const length = daysBetween(from, to) + 1;
  const prevTo = addDays(from, -1);
  const prevFrom = addDays(from, -length);

  const [children, trailPlaces, rows] = await Promise.all([
    repo.childPlaces(deps.db, place.id),
    repo.placesByIds(deps.db, place.path.split('/').filter(Boolean).map(Number)),
    repo.summaryRows(deps.db, place.id, { from, to, prevFrom, prevTo }, SERIES),
  ]);
  const part = (name: repo.SummaryRow['part']) => group(rows.filter((r) => r.part === name && r.value !== null));
  const [totals, previous, running, prevRunning, orgs] = [part('total'), part('previous'), part('running'), part('previous_running'), part('organisations')];
  // Coverage snapshots and running gauges are both "the value at the end of the period": read side by side.
  const merge = (a: Map<number, Totals>, b: Map<number, Totals>) => new Map([...new Set([...a.keys(), ...b.keys()])].map((id) => [id, { ...a.get(id), ...b.get(id) }]));
  const gauges = merge(part('gauge'), running);
  const prevGauges = merge(part('previous_gauge'), prevRunning);
  const series = rows.filter((r) => r.part === 'series');
  const organisations = (id: number) => {
    const o = orgs.get(id) ?? {};
    return { registered: o.registered ?? 0, filed: o.filed ?? 0, communityGuided: o.community_guided ?? 0 };
  };
  const headline = (id: number, t: Map<number, Totals>, g: Map<number, Totals>, withOrganisations: boolean) =>
    headlineOf({ ...(t.get(id) ?? {}), ...(g.get(id) ?? {}) }, g.get(id)?.['requests.open'] ?? 0, withOrganisations ? organisations(id) : null);

  const byDay = new Map<string, Record<string, number>>();
  for (let d = from; d <= to; d = addDays(d, 1)) byDay.set(d, {});
  for (const r of series) byDay.get(r.day!)![r.measure] = Number(r.value);

  return {
    place: { id: place.id, name: place.name, kind: place.kind },
    trailPlaces,
    from,
    to,
    headline: headline(place.id, totals, gauges, true),
    previous: headline(place.id, previous, prevGauges, false),
    totals: totals.get(place.id) ?? {},
    series: [...byDay].map(([day, m]) => ({
      day, raised: m['requests.raised'] ?? 0, resolved: m['requests.resolved'] ?? 0, overdue: m['requests.overdue'] ?? 0,
      satisfied: m['requests.satisfied'] ?? 0, rated: m['requests.rated'] ?? 0,
    })),
    children: children.map((c) => ({ id: c.id, name: c.name, kind: c.kind, headline: headline(c.id, totals, gauges, true) })),
  };
}

/** The synthetic map of a place's children (map-shapes.ts), for the big screen. */
export async function map(deps: Deps, caller: Caller, placeId: number): Promise<GeoJson> {
  const place = await placeInScope(deps, scopeFor(caller.roles, 'cockpit.read'), placeId);
  const children = await repo.childPlaces(deps.db, place.id);
  return mapOf(children.map((c) => ({ id: c.id, name: c.name })));
}

/** 社区眼: the alerts raised under a place over the last days, newest first. */
export async function alerts(deps: Deps, caller: Caller, q: { placeId?: number; days: number }) {
  const place = await placeInScope(deps, scopeFor(caller.roles, 'cockpit.read'), q.placeId);
  const since = addDays(beijingDay(deps.clock.now()), -(q.days - 1));
  const { rows } = await alertsUnder(deps.db, place.path, since);
  return {
    items: rows.map((a) => ({
      id: Number(a.id), placeId: Number(a.place_id), placeName: a.place_name, kind: a.kind as AlertKind, day: a.day, value: Number(a.value),
      baseline: a.baseline === null ? null : Number(a.baseline), createdAt: new Date(a.created_at).toISOString(),
    })),
  };
}
