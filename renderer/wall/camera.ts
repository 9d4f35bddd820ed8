import type { ScenePanel, SceneCamera } from './scenes';
import type { WallCamera, WallPadding } from './wall-map';

export type Bounds = [number, number, number, number];

/** Below this extent (degrees, about 100 m) a set of places is framed as one point. */
const POINT_EXTENT_DEG = 0.001;

export function boundsOf(points: Iterable<readonly [number, number]>): Bounds | null {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const [lon, lat] of points) {
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
    if (lon < w) w = lon;
    if (lon > e) e = lon;
    if (lat < s) s = lat;
    if (lat > n) n = lat;
  }
  return w === Infinity ? null : [w, s, e, n];
}

/** Frames a set of places: the city when there are none, a point when they coincide. */
export function cameraFor(points: Iterable<readonly [number, number]>): WallCamera {
  const b = boundsOf(points);
  if (!b) return { kind: 'city' };
  const [w, s, e, n] = b;
  if (e - w < POINT_EXTENT_DEG && n - s < POINT_EXTENT_DEG) return { kind: 'point', lon: (w + e) / 2, lat: (s + n) / 2 };
  return { kind: 'bounds', bounds: b };
}

export type CameraInput = {
  /** Points of the routes shown (dispatches scene). */
  routePoints: () => Iterable<readonly [number, number]>;
  /** Places of open alerts (alerts scene). */
  alertPoints: () => Iterable<readonly [number, number]>;
};

export function sceneCamera(kind: SceneCamera, input: CameraInput): WallCamera {
  if (kind === 'routes') return cameraFor(input.routePoints());
  if (kind === 'alerts') return cameraFor(input.alertPoints());
  return { kind: 'city' };
}

/**
 * Share of the map a scene's panel covers, as wall.css sizes it: a right panel is 34 % of
 * the width but at most 22 em (so a 5760-px-wide wall gives the extra width to the map),
 * plus its 0.5 em margin; a bottom panel 24 % of the height.
 */
export function panelPadding(panel: ScenePanel, stageWidthPx: number, scale: number): WallPadding {
  if (panel === 'bottom') return { top: 0, right: 0, bottom: 0.26, left: 0 };
  const em = 30 * scale;
  const width = stageWidthPx > 0 ? Math.min(0.34 * stageWidthPx, 22 * em) + em : 0.36 * stageWidthPx;
  return { top: 0, right: stageWidthPx > 0 ? width / stageWidthPx : 0.36, bottom: 0, left: 0 };
}
