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
 * Each cell is one of four things, and only the first three are drawn:
 * - a time: a road within `maxAccessM`, reached within the highest level (0–5, 5–15, 15–30);
 * - beyond: a road, but more than the highest level away (or on a part of the network no
 *   source reaches) — the ">30 min" class;
 * - no road: no road within `maxAccessM`, but inside the city (roads on all four sides
 *   within `encloseM`): water, parks, rail yards;
 * - outside: the empty surroundings of the network; not painted at all (a big red rectangle
 *   over the countryside said nothing and hid the map).
 *
 * Hazards: isobands interpolates between cells, so contouring the minutes directly draws a
 * sliver of every band in between wherever two classes meet (a 3-minute street next to the
 * river showed thin 5–15 and 15–30 rings); each band is therefore contoured from its own
 * membership grid (see bandOf). The time of a cell is the time at its road vertex: the last
 * few metres on foot are not counted.
 */

export const DEFAULT_COVERAGE_LEVELS_MIN = [5, 15, 30] as const;
export const DEFAULT_COVERAGE_CELL_M = 150;
/** A cell without a road is still in the city when roads stand this close on all four sides. */
export const DEFAULT_ENCLOSE_M = 1500;
/** Stand-in minutes for cells without a time (grid.minutes): a road beyond reach, no road, outside. */
export const UNREACHABLE_MINUTES = 9_999;
export const NO_ROAD_MINUTES = -1;
export const OUTSIDE_MINUTES = -2;

export type CoverageBandKind = 'time' | 'beyond' | 'no_road';

export type CoverageBandProperties = {
  kind: CoverageBandKind;
  /** Lower bound in minutes (inclusive); for 'beyond' and 'no_road' the highest level. */
  fromMin: number;
  /** Upper bound in minutes; null for 'beyond' and 'no_road'. */
  toMin: number | null;
  /** "0–5", "5–15", "15–30", ">30", "no road". */
  label: string;
  /** Share of the city's grid cells (the surroundings not counted) in this band (0..1). */
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
  /**
   * Minutes per cell, row-major from the south-west corner; UNREACHABLE_MINUTES for a road
   * beyond reach, NO_ROAD_MINUTES for a cell without a road in the city, OUTSIDE_MINUTES
   * for the surroundings.
   */
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
  /** A cell further than this from any road has no road (water, parks). Default: the cell size. */
  maxAccessM?: number;
  /** See DEFAULT_ENCLOSE_M. */
  encloseM?: number;
};

const M_PER_DEG_LAT = 111_195;

/**
 * Which cells without a road lie inside the city: a road cell within `reach` cells to the
 * west, east, south and north. `road[i]` is 1 for a cell with a road.
 */
export function enclosedCells(road: Uint8Array, cols: number, rows: number, reach: number): Uint8Array {
  const inside = new Uint8Array(cols * rows);
  const near = (i: number, step: number, count: number) => {
    for (let k = 1; k <= reach && k <= count; k++) if (road[i + k * step]) return true;
    return false;
  };
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      if (road[i]) continue;
      inside[i] = near(i, -1, c) && near(i, 1, cols - 1 - c) && near(i, -cols, r) && near(i, cols, rows - 1 - r) ? 1 : 0;
    }
  }
  return inside;
}

/** A [1 2 1]² / 16 blur, edges clamped: softens a 0/1 grid so its ½-contour is round, not stepped. */
export function blur3(values: Float32Array, cols: number, rows: number): Float32Array {
  const w = [1, 2, 1];
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let sum = 0;
      for (let dr = -1; dr <= 1; dr++) {
        const rr = Math.min(rows - 1, Math.max(0, r + dr));
        for (let dc = -1; dc <= 1; dc++) {
          const cc = Math.min(cols - 1, Math.max(0, c + dc));
          sum += w[dr + 1]! * w[dc + 1]! * values[rr * cols + cc]!;
        }
      }
      out[r * cols + c] = sum / 16;
    }
  }
  return out;
}

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
  // only needs to be known as "beyond", which an unreached vertex says.
  const top = levels[levels.length - 1]!;
  const timeS = forwardSearch(g, sourceNodes, { maxTimeS: top * 60 });

  const minutes = new Float32Array(cols * rows);
  const road = new Uint8Array(cols * rows);
  for (let r = 0; r < rows; r++) {
    const lat = south + r * latStep;
    for (let c = 0; c < cols; c++) {
      const lon = west + c * lonStep;
      const node = snapper.nearest(lon, lat, maxAccessM);
      const i = r * cols + c;
      if (node < 0) continue;
      road[i] = 1;
      const t = timeS[node]!;
      minutes[i] = Number.isFinite(t) && t / 60 < top ? t / 60 : UNREACHABLE_MINUTES;
    }
  }
  const inside = enclosedCells(road, cols, rows, Math.max(1, Math.round((options.encloseM ?? DEFAULT_ENCLOSE_M) / cellM)));
  for (let i = 0; i < minutes.length; i++) if (!road[i]) minutes[i] = inside[i] ? NO_ROAD_MINUTES : OUTSIDE_MINUTES;

  const isTime = (m: number) => m >= 0 && m < top;
  let cityCells = 0;
  for (const m of minutes) if (m !== OUTSIDE_MINUTES) cityCells++;
  const share = (keep: (m: number) => boolean) => {
    let n = 0;
    for (const m of minutes) if (keep(m)) n++;
    return cityCells > 0 ? n / cityCells : 0;
  };

  const pointsOf = (value: (i: number) => number): FeatureCollection<Point, { v: number }> => {
    const pts: Feature<Point, { v: number }>[] = [];
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) pts.push(point([west + c * lonStep, south + r * latStep], { v: value(r * cols + c) }));
    return featureCollection(pts);
  };

  // Each band is drawn from its own 0/1 membership grid, half softened by a 3 × 3 blur (a
  // lone cell still reaches ½) and contoured at ½: two neighbouring classes' grids add up to 1 across their border, so
  // their contours coincide (no gap, no overlap, no sliver of a band in between, as
  // contouring the minutes themselves gave where a time cell bordered "no road").
  const bandOf = (kind: CoverageBandKind, member: (m: number) => boolean, fromMin: number, toMin: number | null, label: string): CoverageBand => {
    const mask = new Float32Array(minutes.length);
    for (let i = 0; i < mask.length; i++) mask[i] = member(minutes[i]!) ? 1 : 0;
    const soft = blur3(mask, cols, rows);
    const raw = isobands(pointsOf((i) => (mask[i]! + soft[i]!) / 2), [0.5, 1.5], { zProperty: 'v' });
    return { type: 'Feature', geometry: raw.features[0]!.geometry, properties: { kind, fromMin, toMin, label, cellShare: share(member) } };
  };
  const bands: CoverageBand[] = [];
  const timeBreaks = [0, ...levels];
  for (let k = 0; k + 1 < timeBreaks.length; k++) {
    const fromMin = timeBreaks[k]!;
    const toMin = timeBreaks[k + 1]!;
    bands.push(bandOf('time', (m) => isTime(m) && m >= fromMin && m < toMin, fromMin, toMin, `${fromMin}–${toMin}`));
  }
  bands.push(bandOf('beyond', (m) => m === UNREACHABLE_MINUTES, top, null, `>${top}`));
  bands.push(bandOf('no_road', (m) => m === NO_ROAD_MINUTES, top, null, 'no road'));
  return { bands: featureCollection(bands), grid: { west, south, lonStep, latStep, cols, rows, minutes } };
}
