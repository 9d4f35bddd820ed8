import { ScatterplotLayer } from '@deck.gl/layers';

export const HEAT_LAYER_ID = 'request-heat';
/** A request's weight halves every two hours: this shift's requests dominate the picture. */
export const HEAT_HALF_LIFE_MS = 2 * 3600_000;
/** Older requests are left out (request.list keeps a day of closed requests). */
export const HEAT_WINDOW_MS = 24 * 3600_000;
/** Outer radius of one request's spot, metres: about a city block around the scene. */
export const HEAT_RADIUS_M = 350;
const RINGS = 4;
const RING_ALPHA = 46;

export type HeatPoint = { lon: number; lat: number; at: number };
export type HeatRing = { position: [number, number]; radiusM: number; alpha: number };

/** 1 for a request made now, ½ after one half-life, 0 outside the window or in the future's past. */
export function heatWeight(ageMs: number): number {
  if (ageMs > HEAT_WINDOW_MS) return 0;
  return Math.pow(0.5, Math.max(0, ageMs) / HEAT_HALF_LIFE_MS);
}

/**
 * A heat map without an aggregation layer (@deck.gl/aggregation-layers is not a
 * dependency): each request is a few concentric translucent discs, so overlapping
 * requests add up towards the centre and the edge fades out. Recency scales the alpha.
 */
export function heatRings(points: readonly HeatPoint[], now: number): HeatRing[] {
  const out: HeatRing[] = [];
  for (const p of points) {
    const w = heatWeight(now - p.at);
    if (w <= 0.02) continue;
    for (let k = 0; k < RINGS; k++) {
      out.push({ position: [p.lon, p.lat], radiusM: HEAT_RADIUS_M * (1 - k / RINGS), alpha: Math.round(RING_ALPHA * w) });
    }
  }
  return out;
}

export type HeatLayerOptions = { visible: boolean; now: number };

export function createHeatLayer(points: readonly HeatPoint[], options: HeatLayerOptions): ScatterplotLayer<HeatRing> {
  return new ScatterplotLayer<HeatRing>({
    id: HEAT_LAYER_ID,
    data: heatRings(points, options.now),
    visible: options.visible,
    pickable: false,
    stroked: false,
    filled: true,
    radiusUnits: 'meters',
    radiusMinPixels: 3,
    getPosition: (r) => r.position,
    getRadius: (r) => r.radiusM,
    getFillColor: (r) => [255, 110, 50, r.alpha],
  });
}
