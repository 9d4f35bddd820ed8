/**
 * Points in polygons over lon/lat taken as a plane (fine at a city's scale: the edges of a
 * district are short and nobody draws one across the antimeridian). Rings are flat
 * [x, y, x, y, …] arrays, closed or not; a polygon is its outer ring then its holes.
 */

/** Whether (x, y) lies inside the ring (flat lon, lat pairs; even-odd rule). A point on the border may go either way. */
export function insideRing(x: number, y: number, ring: ArrayLike<number>): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 2; i < ring.length; j = i, i += 2) {
    const xi = ring[i]!;
    const yi = ring[i + 1]!;
    const xj = ring[j]!;
    const yj = ring[j + 1]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * How close to an edge counts as on it, in degrees (about 0.1 mm): the crossing rule alone
 * puts a point on a border on one side or the other by rounding, and two districts that share
 * a border must both see a point on it.
 */
export const ON_EDGE_DEGREES = 1e-9;

/** Whether (x, y) lies on one of the ring's edges (its vertices included), within ON_EDGE_DEGREES. */
export function onRingBorder(x: number, y: number, ring: ArrayLike<number>): boolean {
  for (let i = 0, j = ring.length - 2; i < ring.length; j = i, i += 2) {
    const xj = ring[j]!;
    const yj = ring[j + 1]!;
    const dx = ring[i]! - xj;
    const dy = ring[i + 1]! - yj;
    const px = x - xj;
    const py = y - yj;
    const len2 = dx * dx + dy * dy;
    if (len2 === 0) {
      if (px * px + py * py <= ON_EDGE_DEGREES * ON_EDGE_DEGREES) return true;
      continue;
    }
    const cross = px * dy - py * dx;
    if (cross * cross > ON_EDGE_DEGREES * ON_EDGE_DEGREES * len2) continue;
    const dot = px * dx + py * dy;
    const slack = ON_EDGE_DEGREES * Math.sqrt(len2);
    if (dot >= -slack && dot <= len2 + slack) return true;
  }
  return false;
}

export type PointPosition = 'inside' | 'border' | 'outside';

/** Where (x, y) lies against a polygon with holes: a point on a hole's edge is on the border; one inside a hole is outside. */
export function polygonPosition(x: number, y: number, rings: readonly ArrayLike<number>[]): PointPosition {
  const [outer, ...holes] = rings;
  if (!outer || onRingBorder(x, y, outer)) return outer ? 'border' : 'outside';
  if (!insideRing(x, y, outer)) return 'outside';
  for (const hole of holes) {
    if (onRingBorder(x, y, hole)) return 'border';
    if (insideRing(x, y, hole)) return 'outside';
  }
  return 'inside';
}
