/**
 * Where each site's name goes on screen: next to its marker, clear of the other names, of
 * every site marker and of the vehicles drawn there. Pure screen geometry (CSS pixels, y
 * down), so it is tested without WebGL; the map calls it whenever the camera, the sites or
 * the vehicles move, and draws the result (site-label-layer.ts).
 *
 * Greedy, most important name first (the selected site, then central, regional, quick-pick
 * points): each tries the spots around its marker in a fixed order and takes the first that
 * overlaps no name and no marker and covers the fewest vehicles. A name with no free spot
 * is left out rather than drawn over another. The spot a name had last time is kept while
 * it is still free and covers no more vehicles than the best one, so names do not hop
 * about as vehicles drive past.
 */

export type ScreenBox = { x0: number; y0: number; x1: number; y1: number };

export type LabelRequest = {
  id: string;
  /** The marker's centre on screen. */
  x: number;
  y: number;
  /** The marker's radius, outline included. */
  radius: number;
  /** The drawn label, plate included. */
  width: number;
  height: number;
  /** Lower goes first. */
  rank: number;
};

export type PlacedLabel = {
  id: string;
  box: ScreenBox;
  /** Top-left of the box relative to the marker's centre (what the text layer offsets by). */
  dx: number;
  dy: number;
  /** Which spot around the marker (index into the candidate list), kept for the next call. */
  spot: number;
  /** Vehicles the box covers (0 unless every free spot has some). */
  vehicles: number;
};

export type LabelPlacement = { placed: PlacedLabel[]; hidden: string[] };

export type PlacementInput = {
  labels: readonly LabelRequest[];
  /** Every site marker, drawn or not labelled (a name must not cover a depot or a quick-pick point). */
  markers: readonly { x: number; y: number; radius: number }[];
  /** Vehicle symbols' centres on screen, as x, y pairs. */
  vehicles: Float64Array | readonly number[];
  /** Half the size of a vehicle symbol's box. */
  vehicleHalfPx: number;
  /** The part of the screen names may use. */
  view: ScreenBox;
  /** Parts of it covered by panels, keys and controls: a name under one could not be read. */
  covered?: readonly ScreenBox[];
  /** The spot each name had last time. */
  previous?: ReadonlyMap<string, number>;
  /** Snaps each box's top-left to whole device pixels (crisp text); 0 leaves it as is. */
  pixelRatio?: number;
};

/** Gap between a marker's edge and its name, and between two names. */
export const LABEL_GAP_PX = 3;
/** The outer rings of spots stand this much further out: clear of vehicles parked around a depot. */
export const LABEL_RINGS_PX = [0, 14, 30] as const;

type Spot = (r: number, w: number, h: number) => [number, number];

/** Spots around a marker, best first: below, above, right, left, the diagonals; then the same further out, twice. */
function spots(): Spot[] {
  const near = (extra: number): Spot[] => {
    const d = (r: number) => r + LABEL_GAP_PX + extra;
    const diag = (r: number) => r * 0.7 + LABEL_GAP_PX + extra;
    return [
      (r, w) => [-w / 2, d(r)],
      (r, w, h) => [-w / 2, -d(r) - h],
      (r, _w, h) => [d(r), -h / 2],
      (r, w, h) => [-d(r) - w, -h / 2],
      (r) => [diag(r), diag(r)],
      (r, w) => [-diag(r) - w, diag(r)],
      (r, _w, h) => [diag(r), -diag(r) - h],
      (r, w, h) => [-diag(r) - w, -diag(r) - h],
    ];
  };
  return LABEL_RINGS_PX.flatMap((extra) => near(extra));
}
const SPOTS = spots();
export const LABEL_SPOT_COUNT = SPOTS.length;

export const overlaps = (a: ScreenBox, b: ScreenBox, margin = 0): boolean =>
  a.x0 < b.x1 + margin && b.x0 < a.x1 + margin && a.y0 < b.y1 + margin && b.y0 < a.y1 + margin;

/** Whether a box and a disc share any point. */
export function boxTouchesDisc(b: ScreenBox, cx: number, cy: number, r: number): boolean {
  const nx = Math.max(b.x0, Math.min(cx, b.x1));
  const ny = Math.max(b.y0, Math.min(cy, b.y1));
  return (nx - cx) ** 2 + (ny - cy) ** 2 < r * r;
}

const inside = (b: ScreenBox, v: ScreenBox) => b.x0 >= v.x0 && b.y0 >= v.y0 && b.x1 <= v.x1 && b.y1 <= v.y1;

/** Vehicles on a coarse grid, so a box asks only the cells it covers. */
function vehicleGrid(points: Float64Array | readonly number[], half: number, view: ScreenBox) {
  const cell = 48;
  const cols = Math.max(1, Math.ceil((view.x1 - view.x0) / cell) + 2);
  const rows = Math.max(1, Math.ceil((view.y1 - view.y0) / cell) + 2);
  const buckets = new Map<number, number[]>();
  for (let i = 0; i + 1 < points.length; i += 2) {
    const x = points[i]!;
    const y = points[i + 1]!;
    if (x < view.x0 - half || x > view.x1 + half || y < view.y0 - half || y > view.y1 + half) continue;
    const c = Math.floor((x - view.x0) / cell) + 1;
    const r = Math.floor((y - view.y0) / cell) + 1;
    const k = r * cols + c;
    const list = buckets.get(k);
    if (list) list.push(x, y);
    else buckets.set(k, [x, y]);
  }
  return (b: ScreenBox): number => {
    const c0 = Math.max(0, Math.floor((b.x0 - half - view.x0) / cell) + 1);
    const c1 = Math.min(cols - 1, Math.floor((b.x1 + half - view.x0) / cell) + 1);
    const r0 = Math.max(0, Math.floor((b.y0 - half - view.y0) / cell) + 1);
    const r1 = Math.min(rows - 1, Math.floor((b.y1 + half - view.y0) / cell) + 1);
    let n = 0;
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const list = buckets.get(r * cols + c);
        if (!list) continue;
        for (let i = 0; i < list.length; i += 2) {
          const x = list[i]!;
          const y = list[i + 1]!;
          if (x + half > b.x0 && x - half < b.x1 && y + half > b.y0 && y - half < b.y1) n++;
        }
      }
    }
    return n;
  };
}

const snap = (v: number, ratio: number) => (ratio > 0 ? Math.round(v * ratio) / ratio : v);

export function placeLabels(input: PlacementInput): LabelPlacement {
  const { view, markers, previous, pixelRatio = 0, covered = [] } = input;
  const vehiclesUnder = vehicleGrid(input.vehicles, input.vehicleHalfPx, view);
  const order = [...input.labels].sort((a, b) => a.rank - b.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const placed: PlacedLabel[] = [];
  const hidden: string[] = [];

  for (const label of order) {
    let best: PlacedLabel | null = null;
    let kept: PlacedLabel | null = null;
    for (let spot = 0; spot < SPOTS.length; spot++) {
      const [ox, oy] = SPOTS[spot]!(label.radius, label.width, label.height);
      const x0 = snap(label.x + ox, pixelRatio);
      const y0 = snap(label.y + oy, pixelRatio);
      const box = { x0, y0, x1: x0 + label.width, y1: y0 + label.height };
      if (!inside(box, view) || covered.some((c) => overlaps(box, c))) continue;
      if (placed.some((p) => overlaps(box, p.box, LABEL_GAP_PX))) continue;
      if (markers.some((m) => boxTouchesDisc(box, m.x, m.y, m.radius + 1))) continue;
      const vehicles = vehiclesUnder(box);
      const candidate = { id: label.id, box, dx: x0 - label.x, dy: y0 - label.y, spot, vehicles };
      if (spot === previous?.get(label.id)) kept = candidate;
      if (!best || vehicles < best.vehicles) best = candidate;
    }
    const chosen = kept && best && kept.vehicles <= best.vehicles ? kept : best;
    if (chosen) placed.push(chosen);
    else hidden.push(label.id);
  }
  return { placed, hidden };
}
