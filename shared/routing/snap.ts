import KDBush from 'kdbush';
import { around } from 'geokdbush';
import { haversineM } from './geo';
import type { RoadGraph } from './road-graph';

/**
 * Snapping points (a clicked destination, a vehicle's GPS fix, a site) to the nearest
 * road vertex. Only vertices the caller accepts are indexed: pass the largest strongly
 * connected component so that every snapped point can reach, and be reached from,
 * every other one. A point further than `maxDistanceM` from any accepted vertex is off
 * the road network: that is an answer the officer must see (a click in the harbour),
 * never a silent snap to a road a kilometre away.
 */

export const DEFAULT_MAX_SNAP_M = 500;

export type SnapResult =
  | { ok: true; node: number; distanceM: number }
  | { ok: false; code: 'off_network'; nearestDistanceM: number | null };

export type Snapper = {
  snap(lon: number, lat: number): SnapResult;
  /** Nearest accepted vertex within `maxDistanceM` (default: the snapper's), or -1. */
  nearest(lon: number, lat: number, maxDistanceM?: number): number;
  readonly maxDistanceM: number;
  /** Number of indexed vertices. */
  readonly size: number;
};

export type SnapperOptions = {
  /** 1 for vertices that may be snapped to (e.g. largestStronglyConnected); default all. */
  accept?: Uint8Array;
  maxDistanceM?: number;
};

export function createSnapper(g: RoadGraph, options: SnapperOptions = {}): Snapper {
  const maxDistanceM = options.maxDistanceM ?? DEFAULT_MAX_SNAP_M;
  const accept = options.accept;
  let count = 0;
  for (let i = 0; i < g.nodeCount; i++) if (!accept || accept[i] === 1) count++;
  const nodeOfItem = new Uint32Array(count);
  // kdbush throws on an empty index; a graph with nothing to snap to answers off_network.
  const index = count > 0 ? new KDBush(count) : null;
  if (index) {
    for (let i = 0; i < g.nodeCount; i++) {
      if (accept && accept[i] !== 1) continue;
      nodeOfItem[index.add(g.nodeLon[i]!, g.nodeLat[i]!)] = i;
    }
    index.finish();
  }

  const nearestItem = (lon: number, lat: number, radiusM: number): number => {
    if (!index || !Number.isFinite(lon) || !Number.isFinite(lat)) return -1;
    const hit = around(index, lon, lat, 1, Number.isFinite(radiusM) ? radiusM / 1000 : Infinity)[0];
    return hit === undefined ? -1 : nodeOfItem[hit]!;
  };

  const distTo = (node: number, lon: number, lat: number): number => haversineM(lon, lat, g.nodeLon[node]!, g.nodeLat[node]!);

  return {
    maxDistanceM,
    size: count,
    nearest(lon, lat, radiusM = maxDistanceM) {
      const node = nearestItem(lon, lat, radiusM);
      // geokdbush and haversineM use slightly different Earth radii: re-check in our metres.
      return node >= 0 && distTo(node, lon, lat) <= radiusM ? node : -1;
    },
    snap(lon, lat) {
      const node = nearestItem(lon, lat, Infinity);
      if (node < 0) return { ok: false, code: 'off_network', nearestDistanceM: null };
      const distanceM = distTo(node, lon, lat);
      if (distanceM > maxDistanceM) return { ok: false, code: 'off_network', nearestDistanceM: distanceM };
      return { ok: true, node, distanceM };
    },
  };
}
