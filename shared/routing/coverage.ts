import { isobands } from '@turf/isobands';
import { featureCollection, point } from '@turf/helpers';
import type { Feature, FeatureCollection, MultiPolygon, Point } from 'geojson';
import type { Bounds } from './geo';
import type { RoadGraph } from './road-graph';
import { forwardSearch } from './search';
import type { Snapper } from './snap';

/**
 * Drive-time areas ("15-minute service circle") from a set of sources (depots and
 * quick-pick points): one multi-source forward search, a regular grid over the city,
 * each cell taking the time of its nearest road vertex, and @turf/isobands to turn the
 * grid into bands.
 *
 * Hazards: isobands throws on non-finite values, so unreachable cells (no road within
 * `maxAccessM`, or a vertex no source reaches) get UNREACHABLE_MINUTES, a large finite
 * value that falls into the last band. The time of a cell is the time at its road
 * vertex: the last few metres on foot are not counted.
 */

export const DEFAULT_COVERAGE_LEVELS_MIN = [5, 15, 30] as const;
export const DEFAULT_COVERAGE_CELL_M = 150;
/** Finite stand-in for "not reachable" (isobands needs finite numbers). */
export const UNREACHABLE_MINUTES = 9_999;

export type CoverageBandProperties = {
  /** Lower bound in minutes (inclusive). */
  fromMin: number;
  /** Upper bound in minutes; null for the open last band (beyond the highest level, or unreachable). */
  toMin: number | null;
  /** "0–5", "5–15", "15–30", ">30". */
  label: string;
  /** Share of grid cells in this band (0..1). */
  cellShare: number;
};

export type CoverageBand = Feature<MultiPolygon, CoverageBandProperties>;

export type CoverageGrid = {
  west: number;
  south: number;
  lonStep: number;
  latStep: number;
  cols: number;
  rows: number;
  /** Minutes per cell, row-major from the south-west corner; UNREACHABLE_MINUTES where unreachable. */
  minutes: Float32Array;
};

export type CoverageResult = {
  bands: FeatureCollection<MultiPolygon, CoverageBandProperties>;
  grid: CoverageGrid;
};

export type CoverageOptions = {
  bounds: Bounds;
  levelsMinutes?: readonly number[];
  cellM?: number;
  /** A cell further than this from any road is unreachable (water, parks). Default: the cell size. */
  maxAccessM?: number;
};

const M_PER_DEG_LAT = 111_195;

export function computeCoverage(g: RoadGraph, snapper: Snapper, sourceNodes: readonly number[], options: CoverageOptions): CoverageResult {
  const levels = [...(options.levelsMinutes ?? DEFAULT_COVERAGE_LEVELS_MIN)].sort((a, b) => a - b);
  if (levels.length === 0 || levels.some((l) => !Number.isFinite(l) || l <= 0 || l >= UNREACHABLE_MINUTES)) {
    throw new RangeError(`coverage levels must be finite minutes in (0, ${UNREACHABLE_MINUTES}): ${levels.join(',')}`);
  }
  const cellM = options.cellM ?? DEFAULT_COVERAGE_CELL_M;
  const maxAccessM = options.maxAccessM ?? cellM;
  const [west, south, east, north] = options.bounds;
  const latStep = cellM / M_PER_DEG_LAT;
  const lonStep = latStep / Math.cos((((south + north) / 2) * Math.PI) / 180);
  const cols = Math.max(2, Math.floor((east - west) / lonStep) + 1);
  const rows = Math.max(2, Math.floor((north - south) / latStep) + 1);

  // Searching only as far as the highest level keeps the search short; beyond it a cell
  // only needs to land in the open band, which UNREACHABLE_MINUTES does.
  const maxLevelS = levels[levels.length - 1]! * 60;
  const timeS = forwardSearch(g, sourceNodes, { maxTimeS: maxLevelS });

  const minutes = new Float32Array(cols * rows);
  const points: Feature<Point, { minutes: number }>[] = [];
  for (let r = 0; r < rows; r++) {
    const lat = south + r * latStep;
    for (let c = 0; c < cols; c++) {
      const lon = west + c * lonStep;
      const node = snapper.nearest(lon, lat, maxAccessM);
      const t = node >= 0 ? timeS[node]! : Infinity;
      const m = Number.isFinite(t) ? t / 60 : UNREACHABLE_MINUTES;
      minutes[r * cols + c] = m;
      points.push(point([lon, lat], { minutes: m }));
    }
  }

  const breaks = [0, ...levels, UNREACHABLE_MINUTES + 1];
  const props: CoverageBandProperties[] = [];
  for (let i = 0; i + 1 < breaks.length; i++) {
    const fromMin = breaks[i]!;
    const last = i + 2 === breaks.length;
    const toMin = last ? null : breaks[i + 1]!;
    let inBand = 0;
    for (const m of minutes) if (m >= fromMin && (toMin === null || m < toMin)) inBand++;
    props.push({ fromMin, toMin, label: last ? `>${fromMin}` : `${fromMin}–${toMin}`, cellShare: inBand / minutes.length });
  }
  const raw = isobands(featureCollection(points), breaks, { zProperty: 'minutes' });
  const bands = featureCollection(
    raw.features.map((f, i) => ({ type: 'Feature' as const, geometry: f.geometry, properties: props[i]! })),
  );
  return { bands, grid: { west, south, lonStep, latStep, cols, rows, minutes } };
}
