/**
 * A synthetic map for the big screen (大屏地图): the children of a place laid out as polygons that tile the
 * parent's outline, generated from the place tree itself, so the demo district (or any imported tree) has a
 * map without online tiles or licensed boundaries (《地图管理条例》: a real deployment loads surveyed polygons).
 * Deterministic: the same tree gives the same map.
 */
export type MapArea = { id: number; name: string };
type Ring = [number, number][];
type Feature = { type: 'Feature'; properties: { id: number; name: string }; geometry: { type: 'Polygon'; coordinates: Ring[] } };
export type GeoJson = { type: 'FeatureCollection'; features: Feature[] };

/** Longitude/latitude box of the whole synthetic district (near Hangzhou, for plausible coordinates). */
const BOX = { x: 120.1, y: 30.25, w: 0.16, h: 0.12 };

/** Splits a rectangle into n strips, alternating direction, like a slice-and-dice treemap. */
function tile(n: number, box: typeof BOX, vertical: boolean): (typeof BOX)[] {
  if (n <= 0) return [];
  if (n <= 3) {
    return Array.from({ length: n }, (_, i) => vertical
      ? { x: box.x + (box.w * i) / n, y: box.y, w: box.w / n, h: box.h }
      : { x: box.x, y: box.y + (box.h * i) / n, w: box.w, h: box.h / n });
  }
  const first = Math.ceil(n / 2);
  const [a, b] = vertical
    ? [{ ...box, w: (box.w * first) / n }, { ...box, x: box.x + (box.w * first) / n, w: (box.w * (n - first)) / n }]
    : [{ ...box, h: (box.h * first) / n }, { ...box, y: box.y + (box.h * first) / n, h: (box.h * (n - first)) / n }];
  return [...tile(first, a, !vertical), ...tile(n - first, b, !vertical)];
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;

/** A rectangle's ring (closed). Neighbouring tiles share their corners exactly, so the map has no slivers. */
function ring(b: typeof BOX): Ring {
  const x0 = round(b.x), y0 = round(b.y), x1 = round(b.x + b.w), y1 = round(b.y + b.h);
  return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
}

export function mapOf(areas: readonly MapArea[]): GeoJson {
  const boxes = tile(areas.length, BOX, true);
  return {
    type: 'FeatureCollection',
    features: areas.map((a, i) => ({ type: 'Feature', properties: { id: a.id, name: a.name }, geometry: { type: 'Polygon', coordinates: [ring(boxes[i]!)] } })),
  };
}
