import { HeatmapLayer } from '@deck.gl/aggregation-layers';

export const HEAT_LAYER_ID = 'request-heat';
/** The division's heat maps refresh every 5 minutes (the client's documents): so does this one. */
export const HEAT_REFRESH_MS = 5 * 60_000;
/** A request's weight halves every two hours: this shift's requests dominate the picture. */
export const HEAT_HALF_LIFE_MS = 2 * 3600_000;
/** Older requests are left out (request.list keeps a day of closed requests). */
export const HEAT_WINDOW_MS = 24 * 3600_000;
/** The kernel's radius on screen: a density at city zoom and at street level alike. */
export const HEAT_RADIUS_PX = 60;

export type HeatPoint = { lon: number; lat: number; at: number };
export type WeightedPoint = { position: [number, number]; weight: number };
/** The picture as of one refresh: what it shows does not change until the next. */
export type HeatFrame = { at: number; points: readonly WeightedPoint[]; requests: number };

/** 1 for a request made at the frame's time, ½ after one half-life, 0 outside the window or after the frame. */
export function heatWeight(ageMs: number): number {
  if (ageMs > HEAT_WINDOW_MS || ageMs < 0) return 0;
  return Math.pow(0.5, ageMs / HEAT_HALF_LIFE_MS);
}

/** The requests made by `at` and within the window, weighted by their age then. */
export function heatFrameAt(points: readonly HeatPoint[], at: number): HeatFrame {
  const weighted: WeightedPoint[] = [];
  for (const p of points) {
    const w = heatWeight(at - p.at);
    if (w > 0.02) weighted.push({ position: [p.lon, p.lat], weight: w });
  }
  return { at, points: weighted, requests: weighted.length };
}

/**
 * The heat map's clock: the first call draws a frame; later calls return that same frame
 * (the same object: the layer is not rebuilt) until HEAT_REFRESH_MS have passed, however
 * many requests arrive meanwhile; then a new frame from the requests as they are then.
 */
export function createHeatRefresher(refreshMs = HEAT_REFRESH_MS) {
  let frame: HeatFrame | null = null;
  return (points: readonly HeatPoint[], now: number): HeatFrame => {
    if (!frame || now - frame.at >= refreshMs || now < frame.at) frame = heatFrameAt(points, now);
    return frame;
  };
}

/** Cold to hot, transparent where there is little: the streets stay readable under it. */
export const HEAT_COLORS: [number, number, number, number][] = [
  [255, 237, 160, 120],
  [254, 217, 118, 160],
  [254, 178, 76, 190],
  [253, 141, 60, 210],
  [240, 59, 32, 225],
  [189, 0, 38, 235],
];

export type HeatLayerOptions = { visible: boolean };

/** Request density (deck HeatmapLayer): a Gaussian kernel per request, weighted by recency, summed on the GPU. */
export function createHeatLayer(frame: HeatFrame | null, options: HeatLayerOptions): HeatmapLayer<WeightedPoint> {
  return new HeatmapLayer<WeightedPoint>({
    id: HEAT_LAYER_ID,
    data: (frame?.points ?? []) as WeightedPoint[],
    visible: options.visible,
    pickable: false,
    getPosition: (p) => p.position,
    getWeight: (p) => p.weight,
    radiusPixels: HEAT_RADIUS_PX,
    intensity: 2,
    threshold: 0.03,
    colorRange: HEAT_COLORS,
    aggregation: 'SUM',
    // A frame only changes every 5 minutes; draw it at once.
    debounceTimeout: 0,
  });
}
