/**
 * Pure rules that turn OpenStreetMap ways into a city's drivable road list and
 * base-map classes, plus nearest-vertex snapping. No I/O: the build script and the
 * simulator both use these, and the tests pin them down.
 */

export type LonLat = [number, number];

/** The OSM tags we read; the fixture carries many more, which we ignore. */
export type OsmWayTags = {
  highway?: unknown;
  name?: unknown;
  oneway?: unknown;
  maxspeed?: unknown;
  junction?: unknown;
  access?: unknown;
  motor_vehicle?: unknown;
  motorcar?: unknown;
};

/** 1 = only along the coordinate order, -1 = only against it, 0 = both ways. */
export type Oneway = 1 | 0 | -1;

export type DrivableWay = {
  name: string | null;
  highway: string;
  oneway: Oneway;
  maxspeedKmh: number;
  coords: LonLat[];
};

/** Speeds when a way has no usable maxspeed tag (km/h), by road class. */
export const DEFAULT_SPEED_KMH: Readonly<Record<string, number>> = {
  motorway: 110,
  trunk: 90,
  primary: 80,
  secondary: 70,
  tertiary: 50,
  unclassified: 50,
  road: 50,
  residential: 30,
  service: 20,
  living_street: 10,
};

/** Ramps are slower than the road they join. */
export const LINK_SPEED_FACTOR = 0.7;

const DRIVABLE_BASE = new Set(Object.keys(DEFAULT_SPEED_KMH));

/** Swedish implicit limits ("SE:urban") are the only symbolic values worth knowing here. */
const SYMBOLIC_SPEEDS: Readonly<Record<string, number>> = {
  'se:urban': 50,
  'se:rural': 70,
  'se:motorway': 110,
  'se:living_street': 10,
};

const MPH_TO_KMH = 1.609344;

/** `primary_link` → `primary`; anything else unchanged. */
export function baseHighway(highway: string): string {
  return highway.endsWith('_link') ? highway.slice(0, -'_link'.length) : highway;
}

export function isDrivableHighway(highway: unknown): highway is string {
  return typeof highway === 'string' && DRIVABLE_BASE.has(baseHighway(highway));
}

/** access=no and friends close a way to cars; other values (private, destination…) are left open. */
export function isClosedToCars(tags: OsmWayTags): boolean {
  return tags.access === 'no' || tags.motor_vehicle === 'no' || tags.motorcar === 'no';
}

export function isDrivable(tags: OsmWayTags): boolean {
  return isDrivableHighway(tags.highway) && !isClosedToCars(tags);
}

/**
 * Numeric km/h from an OSM maxspeed value, or null when it is missing or unusable
 * ("none", "signals", garbage). "30;50" takes the first value; "30 mph" converts.
 */
export function parseMaxspeed(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : null;
  if (typeof value !== 'string') return null;
  const first = (value.split(';')[0] ?? '').trim().toLowerCase();
  const symbolic = SYMBOLIC_SPEEDS[first];
  if (symbolic !== undefined) return symbolic;
  const m = /^(\d+(?:\.\d+)?)\s*(mph|km\/h|kmh|kph)?$/.exec(first);
  if (!m) return null;
  const n = Number(m[1]) * (m[2] === 'mph' ? MPH_TO_KMH : 1);
  return n > 0 && n <= 300 ? Math.round(n) : null;
}

export function speedKmh(tags: OsmWayTags): number {
  const tagged = parseMaxspeed(tags.maxspeed);
  if (tagged !== null) return tagged;
  const highway = typeof tags.highway === 'string' ? tags.highway : 'road';
  const base = DEFAULT_SPEED_KMH[baseHighway(highway)] ?? DEFAULT_SPEED_KMH.road ?? 50;
  return highway.endsWith('_link') ? Math.round(base * LINK_SPEED_FACTOR) : base;
}

export function parseOneway(tags: OsmWayTags): Oneway {
  const v = typeof tags.oneway === 'string' ? tags.oneway.toLowerCase() : tags.oneway;
  if (v === '-1' || v === -1 || v === 'reverse') return -1;
  if (v === 'yes' || v === '1' || v === 1 || v === 'true' || v === true) return 1;
  // A roundabout is one-way in its drawing direction unless someone explicitly said otherwise.
  if (tags.junction === 'roundabout' && v !== 'no') return 1;
  return 0;
}

export function roundCoord(x: number): number {
  return Math.round(x * 1e7) / 1e7;
}

/** Drops repeated vertices that rounding can create; a way needs two distinct points. */
function cleanCoords(coords: readonly (readonly number[])[]): LonLat[] | null {
  const out: LonLat[] = [];
  for (const c of coords) {
    const lon = c[0];
    const lat = c[1];
    if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) return null;
    const p: LonLat = [roundCoord(lon), roundCoord(lat)];
    const prev = out[out.length - 1];
    if (prev && prev[0] === p[0] && prev[1] === p[1]) continue;
    out.push(p);
  }
  return out.length >= 2 ? out : null;
}

export type OsmFeature = {
  type?: unknown;
  properties?: OsmWayTags | null;
  geometry?: { type?: unknown; coordinates?: unknown } | null;
};

/** The drivable way for a GeoJSON feature, or null when cars cannot use it. */
export function toDrivableWay(feature: OsmFeature): DrivableWay | null {
  const tags = feature.properties ?? {};
  if (feature.geometry?.type !== 'LineString' || !isDrivable(tags)) return null;
  const coords = cleanCoords(feature.geometry.coordinates as number[][]);
  if (!coords) return null;
  return {
    name: typeof tags.name === 'string' && tags.name.trim() !== '' ? tags.name : null,
    highway: tags.highway as string,
    oneway: parseOneway(tags),
    maxspeedKmh: speedKmh(tags),
    coords,
  };
}

const PATH_CLASSES = new Set(['footway', 'path', 'cycleway', 'steps', 'pedestrian', 'platform', 'bridleway', 'track']);

/** The `class` property of the base map's `roads` layer: links fold into their road, paths into `path`. */
export function tileRoadClass(highway: string): string {
  const base = baseHighway(highway);
  return PATH_CLASSES.has(base) ? 'path' : base;
}

// ---------------------------------------------------------------------------
// Geometry

// One great-circle formula for the build, the simulator and routing (shared/routing/geo.ts).
export { haversineM } from '../routing/geo';
import { EARTH_RADIUS_M, haversineM } from '../routing/geo';

const RAD = Math.PI / 180;

/** Initial bearing from point 1 to point 2, degrees clockwise from north in [0, 360). */
export function bearingDeg(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const φ1 = lat1 * RAD;
  const φ2 = lat2 * RAD;
  const Δλ = (lon2 - lon1) * RAD;
  const y = Math.sin(Δλ) * Math.cos(φ2);
  const x = Math.cos(φ1) * Math.sin(φ2) - Math.sin(φ1) * Math.cos(φ2) * Math.cos(Δλ);
  const deg = Math.atan2(y, x) / RAD;
  const h = (deg + 360) % 360;
  // (-1e-15 + 360) % 360 rounds to 360, which the position schema would reject.
  return h >= 360 ? 0 : h;
}

/** Distance in metres from a point to the segment a–b (equirectangular: exact enough at city scale). */
export function pointSegmentDistanceM(
  lon: number,
  lat: number,
  aLon: number,
  aLat: number,
  bLon: number,
  bLat: number,
): number {
  const kx = Math.cos(lat * RAD) * RAD * EARTH_RADIUS_M;
  const ky = RAD * EARTH_RADIUS_M;
  const px = (lon - aLon) * kx;
  const py = (lat - aLat) * ky;
  const dx = (bLon - aLon) * kx;
  const dy = (bLat - aLat) * ky;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, (px * dx + py * dy) / len2));
  return Math.hypot(px - t * dx, py - t * dy);
}

// ---------------------------------------------------------------------------
// Snapping

export type VertexIndex = {
  /** Index (into the arrays given) of the nearest accepted vertex, or -1 when there is none. */
  nearest(lon: number, lat: number): number;
  /** Accepted vertices within `radiusM`, unordered. */
  within(lon: number, lat: number, radiusM: number): number[];
};

/**
 * A uniform grid over the vertices (cells of about `cellM` metres). Nearest search
 * grows rings of cells until the best hit is provably nearest. Good enough for a
 * city's ~100k vertices without a k-d tree dependency.
 */
export function createVertexIndex(
  lons: ArrayLike<number>,
  lats: ArrayLike<number>,
  accept: (i: number) => boolean = () => true,
  cellM = 250,
): VertexIndex {
  const ids: number[] = [];
  for (let i = 0; i < lons.length; i++) if (accept(i)) ids.push(i);
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const i of ids) {
    const x = lons[i] as number;
    const y = lats[i] as number;
    if (x < minLon) minLon = x;
    if (x > maxLon) maxLon = x;
    if (y < minLat) minLat = y;
    if (y > maxLat) maxLat = y;
  }
  const midLat = ids.length ? (minLat + maxLat) / 2 : 0;
  const cellLat = cellM / (RAD * EARTH_RADIUS_M);
  const cellLon = cellLat / Math.max(0.01, Math.cos(midLat * RAD));
  const cols = ids.length ? Math.floor((maxLon - minLon) / cellLon) + 1 : 0;
  const rows = ids.length ? Math.floor((maxLat - minLat) / cellLat) + 1 : 0;
  const cells = new Map<number, number[]>();
  for (const i of ids) {
    const c = Math.floor(((lons[i] as number) - minLon) / cellLon);
    const r = Math.floor(((lats[i] as number) - minLat) / cellLat);
    const k = r * cols + c;
    const bucket = cells.get(k);
    if (bucket) bucket.push(i);
    else cells.set(k, [i]);
  }

  const cellOf = (lon: number, lat: number): [number, number] => [
    Math.floor((lon - minLon) / cellLon),
    Math.floor((lat - minLat) / cellLat),
  ];

  function nearest(lon: number, lat: number): number {
    if (ids.length === 0) return -1;
    const [c0, r0] = cellOf(lon, lat);
    let best = -1;
    let bestD = Infinity;
    const maxRing = Math.max(cols, rows) + Math.max(Math.abs(c0), Math.abs(r0)) + 1;
    for (let ring = 0; ring <= maxRing; ring++) {
      for (let r = r0 - ring; r <= r0 + ring; r++) {
        if (r < 0 || r >= rows) continue;
        for (let c = c0 - ring; c <= c0 + ring; c++) {
          // Only the ring's border: the inside was searched already.
          if (c < 0 || c >= cols || (Math.abs(r - r0) !== ring && Math.abs(c - c0) !== ring)) continue;
          const bucket = cells.get(r * cols + c);
          if (!bucket) continue;
          for (const i of bucket) {
            const d = haversineM(lon, lat, lons[i] as number, lats[i] as number);
            if (d < bestD) {
              bestD = d;
              best = i;
            }
          }
        }
      }
      // Anything in ring+1 or beyond is at least ring*cellM away (slightly less in
      // longitude at the grid's far edge, hence the 0.9).
      if (best >= 0 && bestD <= ring * cellM * 0.9) break;
    }
    return best;
  }

  function within(lon: number, lat: number, radiusM: number): number[] {
    const out: number[] = [];
    if (ids.length === 0) return out;
    const [c0, r0] = cellOf(lon, lat);
    const span = Math.ceil(radiusM / (cellM * 0.9)) + 1;
    for (let r = Math.max(0, r0 - span); r <= Math.min(rows - 1, r0 + span); r++) {
      for (let c = Math.max(0, c0 - span); c <= Math.min(cols - 1, c0 + span); c++) {
        const bucket = cells.get(r * cols + c);
        if (!bucket) continue;
        for (const i of bucket) if (haversineM(lon, lat, lons[i] as number, lats[i] as number) <= radiusM) out.push(i);
      }
    }
    return out;
  }

  return { nearest, within };
}
