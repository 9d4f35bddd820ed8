import type { Feature } from './basemap';

/**
 * Base-map features kept compact between the import and the tile cutting: coordinates in one
 * growing Float64Array, each feature's kind and start beside them, its properties shared
 * between features that have the same ones (a million buildings are all {class: building}).
 * A city's buildings as GeoJSON objects were most of an import's memory (about 1 KB each); here
 * they cost their coordinates. cutTiles (basemap.ts) turns the features of one block at a time
 * back into GeoJSON.
 */

export type Bbox = [number, number, number, number];

/** What cutTiles reads of a layer: how many features, where each lies, and each as GeoJSON. */
export type LayerSource = { readonly length: number; bbox(i: number): Bbox; feature(i: number): Feature };

type Props = Feature['properties'];
const LINE = 0;
const POLYGON = 1;

function grow<T extends Float64Array | Uint32Array | Uint8Array>(a: T, need: number, make: (n: number) => T): T {
  if (need <= a.length) return a;
  let n = a.length * 2;
  while (n < need) n *= 2;
  const b = make(n);
  b.set(a);
  return b;
}

export class FeatureStore implements LayerSource {
  private xy = new Float64Array(1 << 12);
  private used = 0;
  /** Feature i's coordinates are xy[start[i] .. start[i + 1]). */
  private start = new Uint32Array(1 << 10);
  private kind = new Uint8Array(1 << 10);
  private props: Props[] = [];
  private shared = new Map<string, Props>();
  length = 0;

  /**
   * Adds a line, or a polygon of one ring, from `n` numbers of `flat` (lon, lat, lon, lat, ...).
   * Properties equal to an earlier feature's are stored once.
   */
  add(kind: 'LineString' | 'Polygon', props: Props, flat: ArrayLike<number>, n: number): void {
    const key = JSON.stringify(props);
    let p = this.shared.get(key);
    if (!p) this.shared.set(key, (p = props));
    const i = this.length;
    this.start = grow(this.start, i + 2, (k) => new Uint32Array(k));
    this.kind = grow(this.kind, i + 1, (k) => new Uint8Array(k));
    this.xy = grow(this.xy, this.used + n, (k) => new Float64Array(k));
    for (let k = 0; k < n; k++) this.xy[this.used + k] = flat[k]!;
    this.start[i] = this.used;
    this.used += n;
    this.start[i + 1] = this.used;
    this.kind[i] = kind === 'Polygon' ? POLYGON : LINE;
    this.props.push(p);
    this.length = i + 1;
  }

  /**
   * Adds a polygon of several rings (an outer ring, then its holes), each flat lon, lat pairs.
   * Stored as one run of coordinates with a NaN pair between the rings.
   */
  addPolygon(props: Props, rings: readonly ArrayLike<number>[]): void {
    const n = rings.reduce((sum, r) => sum + r.length, 0) + 2 * (rings.length - 1);
    const flat = new Float64Array(n);
    let at = 0;
    rings.forEach((r, k) => {
      if (k > 0) {
        flat[at++] = Number.NaN;
        flat[at++] = Number.NaN;
      }
      for (let j = 0; j < r.length; j++) flat[at++] = r[j]!;
    });
    this.add('Polygon', props, flat, n);
  }

  bbox(i: number): Bbox {
    let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let k = this.start[i]!, end = this.start[i + 1]!; k < end; k += 2) {
      const x = this.xy[k]!;
      const y = this.xy[k + 1]!;
      if (x < w) w = x;
      if (x > e) e = x;
      if (y < s) s = y;
      if (y > n) n = y;
    }
    return [w, s, e, n];
  }

  feature(i: number): Feature {
    // A NaN pair starts the next ring (addPolygon); a line or a one-ring polygon has none.
    const rings: number[][][] = [[]];
    for (let k = this.start[i]!, end = this.start[i + 1]!; k < end; k += 2) {
      const x = this.xy[k]!;
      if (Number.isNaN(x)) rings.push([]);
      else rings[rings.length - 1]!.push([x, this.xy[k + 1]!]);
    }
    const properties = { ...this.props[i]! };
    return this.kind[i] === POLYGON ? { type: 'Feature', geometry: { type: 'Polygon', coordinates: rings }, properties } : { type: 'Feature', geometry: { type: 'LineString', coordinates: rings[0]! }, properties };
  }
}

export function featureBbox(f: Feature): Bbox {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  const add = (c: number[]) => {
    w = Math.min(w, c[0]!);
    e = Math.max(e, c[0]!);
    s = Math.min(s, c[1]!);
    n = Math.max(n, c[1]!);
  };
  const g = f.geometry;
  if (g.type === 'Point') add(g.coordinates);
  else if (g.type === 'LineString') g.coordinates.forEach(add);
  else for (const ring of g.coordinates) ring.forEach(add);
  return [w, s, e, n];
}

/** A plain feature list as a layer source. */
export function sourceOf(layer: readonly Feature[] | LayerSource): LayerSource {
  if (!Array.isArray(layer)) return layer as LayerSource;
  const list = layer as readonly Feature[];
  return { length: list.length, bbox: (i) => featureBbox(list[i]!), feature: (i) => list[i]! };
}

/** One layer from several, in order. */
export function concatSources(...layers: readonly (readonly Feature[] | LayerSource)[]): LayerSource {
  const sources = layers.map(sourceOf);
  const at = (i: number): [LayerSource, number] => {
    let k = i;
    for (const s of sources) {
      if (k < s.length) return [s, k];
      k -= s.length;
    }
    throw new RangeError(`feature ${i} of ${sources.reduce((n, s) => n + s.length, 0)}`);
  };
  return {
    length: sources.reduce((n, s) => n + s.length, 0),
    bbox: (i) => {
      const [s, k] = at(i);
      return s.bbox(k);
    },
    feature: (i) => {
      const [s, k] = at(i);
      return s.feature(k);
    },
  };
}
