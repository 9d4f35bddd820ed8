import { unitAreaSchema, type UnitArea } from './schema';

/**
 * A unit's area from a file an administrator imports (a district's outline as the city's
 * surveyors or a GIS export hand it over): GeoJSON, as a bare Polygon, a Feature of one, or a
 * FeatureCollection holding exactly one (a MultiPolygon of a single part is taken too). What a
 * tree cannot hold is refused with the reason, never guessed at: several parts (a unit's area
 * is one piece; an enclave is a hole), an open ring, a point off the earth, more points than a
 * tree travels with. Whether the area fits the tree (inside its parent, clear of its siblings)
 * is the central's check (`checkUnitTree`).
 */

/** Characters read at most: a simplified district outline is kilobytes, a tree carries at most 64 rings of 5,000 points. */
export const MAX_AREA_FILE_CHARS = 5 * 1024 * 1024;

export type AreaFileProblem =
  | { code: 'too_large'; chars: number }
  | { code: 'not_json'; detail: string }
  | { code: 'no_polygon' }
  | { code: 'many_parts'; parts: number }
  | { code: 'too_many_points' }
  | { code: 'bad_ring'; detail: string };

export type AreaFileResult = { ok: true; area: UnitArea; points: number } | { ok: false; problem: AreaFileProblem };

type Geometry = { type?: unknown; coordinates?: unknown; geometries?: unknown };

/** The polygons a GeoJSON value holds, each as its coordinates (rings). */
function polygonsOf(json: unknown): unknown[] {
  const g = json as Geometry & { geometry?: Geometry; features?: unknown };
  if (g === null || typeof g !== 'object') return [];
  switch (g.type) {
    case 'Polygon':
      return [g.coordinates];
    case 'MultiPolygon':
      return Array.isArray(g.coordinates) ? g.coordinates : [];
    case 'Feature':
      return polygonsOf(g.geometry);
    case 'FeatureCollection':
      return Array.isArray(g.features) ? g.features.flatMap((f) => polygonsOf(f)) : [];
    case 'GeometryCollection':
      return Array.isArray(g.geometries) ? g.geometries.flatMap((x) => polygonsOf(x)) : [];
    default:
      return [];
  }
}

export function parseAreaFile(text: string): AreaFileResult {
  if (text.length > MAX_AREA_FILE_CHARS) return { ok: false, problem: { code: 'too_large', chars: text.length } };
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { ok: false, problem: { code: 'not_json', detail: (e as Error).message.slice(0, 200) } };
  }
  const polygons = polygonsOf(json);
  if (polygons.length === 0) return { ok: false, problem: { code: 'no_polygon' } };
  if (polygons.length > 1) return { ok: false, problem: { code: 'many_parts', parts: polygons.length } };
  const parsed = unitAreaSchema.safeParse({ type: 'Polygon', coordinates: polygons[0] });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.code === 'too_big' && issue.origin === 'array') return { ok: false, problem: { code: 'too_many_points' } };
    const where = issue.path.length > 0 ? `coordinates[${issue.path.slice(1).join('][')}]: ` : '';
    return { ok: false, problem: { code: 'bad_ring', detail: `${where}${issue.message}`.slice(0, 200) } };
  }
  return { ok: true, area: parsed.data, points: parsed.data.coordinates.reduce((n, r) => n + r.length - 1, 0) };
}
