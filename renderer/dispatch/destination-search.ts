import type { PlaceKind, PlaceName } from '../../shared/city/street-index';
import type { Site } from '../../shared/domain';

/**
 * Finding a destination by name: the board's sites (by name in either language or by
 * address), the city's named places (districts, towns) and its streets. Pure; the streets
 * and places come from the city's index (map.names, built at import), or, for a base map
 * built without one, the streets from the map's loaded tiles.
 */

export type Street = { name: string; lon: number; lat: number };

export type Place =
  | { kind: 'site'; key: string; label: string; detail: string; lon: number; lat: number; siteId: string; siteKind: Site['kind'] }
  | { kind: 'place'; key: string; label: string; detail: string; lon: number; lat: number; placeKind: PlaceKind }
  | { kind: 'street'; key: string; label: string; detail: string; lon: number; lat: number };

/** A road feature as maplibre's querySourceFeatures gives it (only what is read). */
export type RoadFeature = {
  properties: Record<string, unknown> | null;
  geometry: { type: string; coordinates: unknown };
};

type Line = readonly (readonly [number, number])[];

function linesOf(geometry: RoadFeature['geometry']): Line[] {
  if (geometry.type === 'LineString') return [geometry.coordinates as Line];
  if (geometry.type === 'MultiLineString') return geometry.coordinates as Line[];
  return [];
}

function lengthOf(line: Line): number {
  let d = 0;
  for (let i = 1; i < line.length; i++) d += Math.hypot(line[i]![0] - line[i - 1]![0], line[i]![1] - line[i - 1]![1]);
  return d;
}

/** The city's index when it has one; else the streets of the tiles loaded now (read only then). */
export function streetsToSearch(index: readonly Street[], fromTiles: () => readonly Street[]): readonly Street[] {
  return index.length > 0 ? index : fromTiles();
}

/**
 * One point per street name: the middle vertex of its longest piece, so the destination
 * lies on the street itself (tiles cut a street into many pieces; any piece would do, the
 * longest is the most representative).
 */
export function streetsFromFeatures(features: readonly RoadFeature[]): Street[] {
  const best = new Map<string, { line: Line; length: number }>();
  for (const f of features) {
    const name = typeof f.properties?.name === 'string' ? f.properties.name.trim() : '';
    if (!name) continue;
    for (const line of linesOf(f.geometry)) {
      if (line.length === 0) continue;
      const length = lengthOf(line);
      const prev = best.get(name);
      if (!prev || length > prev.length) best.set(name, { line, length });
    }
  }
  return [...best].map(([name, { line }]) => {
    const mid = line[Math.floor(line.length / 2)]!;
    return { name, lon: mid[0], lat: mid[1] };
  });
}

const fold = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // "Linnéplatsen" is typed "linneplatsen"
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s·・.]+/g, ' ')
    .trim();

function score(q: string, texts: readonly string[]): number {
  let s = 0;
  for (const t of texts.map(fold)) {
    if (!t) continue;
    if (t === q) s = Math.max(s, 4);
    else if (t.startsWith(q)) s = Math.max(s, 3);
    else if (t.split(' ').some((w) => w.startsWith(q))) s = Math.max(s, 2);
    else if (t.includes(q)) s = Math.max(s, 1);
  }
  return s;
}

/**
 * Sites first at equal score (a depot or quick-pick point is an exact, known place), then
 * named places (a district is what an officer means by its name), then streets.
 */
export function searchPlaces(query: string, sites: readonly Site[], streets: readonly Street[], language: 'zh-CN' | 'en', places: readonly PlaceName[] = [], limit = 8): Place[] {
  const q = fold(query);
  if (!q) return [];
  const found: { place: Place; score: number; order: number }[] = [];
  for (const s of sites) {
    const sc = score(q, [s.name, s.nameEn, s.address, s.id]);
    if (sc === 0) continue;
    found.push({
      score: sc,
      order: 0,
      place: {
        kind: 'site',
        key: `site:${s.id}`,
        label: language === 'en' ? s.nameEn : s.name,
        detail: s.address,
        lon: s.lon,
        lat: s.lat,
        siteId: s.id,
        siteKind: s.kind,
      },
    });
  }
  for (const p of places) {
    const sc = score(q, [p.name]);
    if (sc === 0) continue;
    found.push({ score: sc, order: 1, place: { kind: 'place', key: `place:${p.kind}:${p.name}`, label: p.name, detail: '', lon: p.lon, lat: p.lat, placeKind: p.kind } });
  }
  for (const st of streets) {
    const sc = score(q, [st.name]);
    if (sc === 0) continue;
    found.push({ score: sc, order: 2, place: { kind: 'street', key: `street:${st.name}`, label: st.name, detail: '', lon: st.lon, lat: st.lat } });
  }
  return found
    .sort((a, b) => b.score - a.score || a.order - b.order || a.place.label.localeCompare(b.place.label))
    .slice(0, limit)
    .map((f) => f.place);
}

const M_PER_DEG = 111_195;

/**
 * The named street nearest to a clicked point (within `maxM` metres, by its vertices),
 * so a point picked on the map reads "near Drottninggatan" rather than as bare numbers.
 */
export function nearestStreetName(features: readonly RoadFeature[], lon: number, lat: number, maxM = 150): string | null {
  const kx = Math.cos((lat * Math.PI) / 180) * M_PER_DEG;
  let best: string | null = null;
  let bestD = maxM;
  for (const f of features) {
    const name = typeof f.properties?.name === 'string' ? f.properties.name.trim() : '';
    if (!name) continue;
    for (const line of linesOf(f.geometry)) {
      for (const [x, y] of line) {
        const d = Math.hypot((x - lon) * kx, (y - lat) * M_PER_DEG);
        if (d < bestD) {
          bestD = d;
          best = name;
        }
      }
    }
  }
  return best;
}
