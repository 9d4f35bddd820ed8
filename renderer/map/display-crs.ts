import gcoord from 'gcoord';
import type { MapCrs } from '../../shared/map/source';
import type { VehicleBuffers } from './vehicle-buffers';

/**
 * Where the board draws a WGS-84 position on the base map in use. Everything the board knows
 * is WGS-84 (GPS, the sites, routing); a base map in GCJ-02 (most Chinese map services) has
 * its roads offset by up to several hundred metres, so every mark drawn over it is converted
 * (gcoord, the maintained converter) and every click converted back. Over a WGS-84 map (the
 * imported city, CGCS2000 within centimetres) every function hands its input back as it is.
 *
 * The conversions are kept per input (by identity), so a layer rebuilt from the same sites or
 * routes gets the same converted array, and deck.gl's memo keys still hold.
 */
export type DisplayCrs = {
  readonly crs: MapCrs;
  toMap(lon: number, lat: number): [number, number];
  fromMap(lon: number, lat: number): [number, number];
  /** Anything with lon/lat (sites, request marks), converted copies. */
  points<T extends { lon: number; lat: number }>(items: readonly T[]): readonly T[];
  /** Anything with a path of [lon, lat] (routes). */
  paths<T extends { path: readonly (readonly [number, number])[] }>(items: readonly T[]): readonly T[];
  /** Weighted points (the heat layer's frame). */
  weighted<T extends { points: readonly { position: [number, number] }[] }>(frame: T | null): T | null;
  /** GeoJSON with Polygon / MultiPolygon geometry (coverage bands). */
  polygons<T extends { features: readonly { geometry: { type: string; coordinates: unknown } }[] }>(fc: T | null): T | null;
  /**
   * The vehicles' buffers with their positions converted: one shadow per buffers, its
   * positions array kept (deck.gl's binary attribute stays the same array), refreshed when the
   * buffers' version moves, converting only the slots that moved.
   */
  vehicles(b: VehicleBuffers): VehicleBuffers;
};

const convertPoint = (from: MapCrs, to: MapCrs) => (lon: number, lat: number): [number, number] => {
  const [x, y] = gcoord.transform([lon, lat], from === 'gcj02' ? gcoord.GCJ02 : gcoord.WGS84, to === 'gcj02' ? gcoord.GCJ02 : gcoord.WGS84) as [number, number];
  return [x, y];
};

const identity: DisplayCrs = {
  crs: 'wgs84',
  toMap: (lon, lat) => [lon, lat],
  fromMap: (lon, lat) => [lon, lat],
  points: (items) => items,
  paths: (items) => items,
  weighted: (frame) => frame,
  polygons: (fc) => fc,
  vehicles: (b) => b,
};

/** Memo by the input's identity (weakly held: a dropped input frees its conversion). */
function memoBy<I extends object, O>(fn: (input: I) => O): (input: I) => O {
  const cache = new WeakMap<I, O>();
  return (input) => {
    let out = cache.get(input);
    if (out === undefined) {
      out = fn(input);
      cache.set(input, out);
    }
    return out;
  };
}

export function createDisplayCrs(crs: MapCrs): DisplayCrs {
  if (crs === 'wgs84') return identity;
  const toMap = convertPoint('wgs84', crs);
  const fromMap = convertPoint(crs, 'wgs84');
  const ring = (r: unknown): unknown => (r as [number, number][]).map(([lon, lat]) => toMap(lon, lat));
  const geometry = (g: { type: string; coordinates: unknown }) =>
    g.type === 'Polygon'
      ? { ...g, coordinates: (g.coordinates as unknown[]).map(ring) }
      : g.type === 'MultiPolygon'
        ? { ...g, coordinates: (g.coordinates as unknown[][]).map((p) => p.map(ring)) }
        : g;

  const points = memoBy((items: readonly { lon: number; lat: number }[]) =>
    items.map((it) => {
      const [lon, lat] = toMap(it.lon, it.lat);
      return { ...it, lon, lat };
    }),
  );
  const paths = memoBy((items: readonly { path: readonly (readonly [number, number])[] }[]) => items.map((it) => ({ ...it, path: it.path.map(([lon, lat]) => toMap(lon, lat)) })));
  const weighted = memoBy((frame: { points: readonly { position: [number, number] }[] }) => ({ ...frame, points: frame.points.map((p) => ({ ...p, position: toMap(p.position[0], p.position[1]) })) }));
  const polygons = memoBy((fc: { features: readonly { geometry: { type: string; coordinates: unknown } }[] }) => ({
    ...fc,
    features: fc.features.map((f) => ({ ...f, geometry: geometry(f.geometry) })),
  }));

  type Shadow = { view: VehicleBuffers; version: number; source: Float32Array; seen: Float32Array };
  const shadows = new WeakMap<VehicleBuffers, Shadow>();
  const vehicles = (b: VehicleBuffers): VehicleBuffers => {
    let s = shadows.get(b);
    if (!s || s.view.positions.length !== b.positions.length) {
      s = { view: { ...b, positions: new Float32Array(b.positions.length) }, version: -1, source: b.positions, seen: new Float32Array(b.positions.length).fill(NaN) };
      shadows.set(b, s);
    }
    if (s.version === b.version && s.source === b.positions) return s.view;
    const { positions: out } = s.view;
    const src = b.positions;
    const seen = s.seen;
    for (let i = 0; i < b.length * 2; i += 2) {
      const lon = src[i]!;
      const lat = src[i + 1]!;
      if (seen[i] === lon && seen[i + 1] === lat) continue;
      seen[i] = lon;
      seen[i + 1] = lat;
      const [x, y] = toMap(lon, lat);
      out[i] = x;
      out[i + 1] = y;
    }
    // Everything but the positions is the buffers' own (the same arrays, the new counts).
    const positions = s.view.positions;
    Object.assign(s.view, b, { positions });
    s.version = b.version;
    s.source = src;
    return s.view;
  };

  return {
    crs,
    toMap,
    fromMap,
    points: points as DisplayCrs['points'],
    paths: paths as DisplayCrs['paths'],
    weighted: ((frame) => (frame ? weighted(frame) : null)) as DisplayCrs['weighted'],
    polygons: ((fc) => (fc ? polygons(fc) : null)) as DisplayCrs['polygons'],
    vehicles,
  };
}
