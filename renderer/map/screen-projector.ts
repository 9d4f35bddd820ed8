/**
 * Lon/lat to screen pixels for many points at once (every vehicle, each time the labels are
 * placed). The board's camera is north-up and flat (rotation and pitch are off), so the
 * screen is a scaled and shifted Web Mercator: two points the map projected itself fix the
 * transform, and each further point costs a few multiplications instead of a map.project.
 */

export type LonLatToScreen = (lon: number, lat: number) => { x: number; y: number };

const MAX_LAT = 85.051129;

/** Web Mercator in [0, 1] × [0, 1], y down. */
export function mercator(lon: number, lat: number): [number, number] {
  const phi = (Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI) / 180;
  return [(lon + 180) / 360, (1 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / Math.PI) / 2];
}

/** A projector equal to `project` for a north-up flat camera, from two reference points a and b (distinct in both lon and lat). */
export function linearScreenProjector(project: LonLatToScreen, a: readonly [number, number], b: readonly [number, number]): LonLatToScreen {
  const pa = project(a[0], a[1]);
  const pb = project(b[0], b[1]);
  const [ax, ay] = mercator(a[0], a[1]);
  const [bx, by] = mercator(b[0], b[1]);
  const sx = bx !== ax ? (pb.x - pa.x) / (bx - ax) : 0;
  const sy = by !== ay ? (pb.y - pa.y) / (by - ay) : 0;
  return (lon, lat) => {
    const [mx, my] = mercator(lon, lat);
    return { x: pa.x + (mx - ax) * sx, y: pa.y + (my - ay) * sy };
  };
}

/** Screen x, y pairs of the first `length` positions (lon, lat pairs). */
export function projectPositions(positions: Float32Array, length: number, projector: LonLatToScreen): Float64Array {
  const out = new Float64Array(length * 2);
  for (let i = 0; i < length; i++) {
    const p = projector(positions[i * 2]!, positions[i * 2 + 1]!);
    out[i * 2] = p.x;
    out[i * 2 + 1] = p.y;
  }
  return out;
}

/** Screen x, y pairs of the first `length` positions, fixing the transform on the corners of `bounds` ([w, s, e, n]). */
export function screenPointsOf(positions: Float32Array, length: number, project: LonLatToScreen, bounds: readonly [number, number, number, number]): Float64Array {
  if (length === 0) return new Float64Array(0);
  return projectPositions(positions, length, linearScreenProjector(project, [bounds[0], bounds[1]], [bounds[2], bounds[3]]));
}
