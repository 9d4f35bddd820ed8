/**
 * The sea, from OpenStreetMap's coastline. Coastline ways (natural=coastline) are lines, not
 * areas: joined end to end they run with the land on their left and the water on their right,
 * and an extract cuts them where it ends. Inside the city's box the water is what lies to the
 * right of each piece of coast, closed along the box's edge to the next piece; a closed ring of
 * coast wholly inside the box is an island (a hole in the water).
 *
 * Where the coast is broken (a piece that ends inside the box without closing, as a damaged or
 * badly cut extract has it) nobody can tell water from land: no sea is drawn rather than the
 * wrong side flooded, and the caller says so.
 */
import { insideRing } from '../shared/polygon';

type Box = readonly [number, number, number, number];

/** Joins ways that meet end to start (direction kept: it says which side is water). */
export function joinCoastline(ways: readonly (readonly number[])[]): { chains: number[][]; closed: boolean[] } {
  const byStart = new Map<number, number[]>();
  const pending: number[][] = [];
  for (const w of ways) {
    if (w.length < 2) continue;
    const chain = [...w];
    pending.push(chain);
    if (!byStart.has(chain[0]!)) byStart.set(chain[0]!, chain);
  }
  const used = new Set<number[]>();
  const chains: number[][] = [];
  const closed: boolean[] = [];
  // Start from chains no other chain leads into, then whatever is left (rings).
  const endsAt = new Set(pending.map((c) => c[c.length - 1]!));
  const order = [...pending.filter((c) => !endsAt.has(c[0]!)), ...pending];
  for (const first of order) {
    if (used.has(first)) continue;
    used.add(first);
    const chain = [...first];
    for (;;) {
      const last = chain[chain.length - 1]!;
      if (last === chain[0] && chain.length > 2) break;
      const next = byStart.get(last);
      if (!next || used.has(next)) break;
      used.add(next);
      for (let k = 1; k < next.length; k++) chain.push(next[k]!);
    }
    chains.push(chain);
    closed.push(chain.length > 3 && chain[0] === chain[chain.length - 1]);
  }
  return { chains, closed };
}

const inBox = (x: number, y: number, b: Box) => x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3];

/** Where the segment a→b crosses the box's edge, as fractions along it (Liang–Barsky). */
function clipSegment(ax: number, ay: number, bx: number, by: number, b: Box): [number, number] | null {
  let t0 = 0;
  let t1 = 1;
  const dx = bx - ax;
  const dy = by - ay;
  for (const [p, q] of [
    [-dx, ax - b[0]],
    [dx, b[2] - ax],
    [-dy, ay - b[1]],
    [dy, b[3] - ay],
  ] as const) {
    if (p === 0) {
      if (q < 0) return null;
      continue;
    }
    const r = q / p;
    if (p < 0) {
      if (r > t1) return null;
      if (r > t0) t0 = r;
    } else {
      if (r < t0) return null;
      if (r < t1) t1 = r;
    }
  }
  return [t0, t1];
}

/** The pieces of a line inside the box, each as [x, y, x, y, …]; a piece that reaches the edge starts or ends on it. */
export function clipLine(coords: ArrayLike<number>, b: Box): number[][] {
  const pieces: number[][] = [];
  let cur: number[] | null = null;
  for (let i = 2; i < coords.length; i += 2) {
    const ax = coords[i - 2]!;
    const ay = coords[i - 1]!;
    const bx = coords[i]!;
    const by = coords[i + 1]!;
    const t = clipSegment(ax, ay, bx, by, b);
    if (!t) {
      if (cur) pieces.push(cur);
      cur = null;
      continue;
    }
    const [t0, t1] = t;
    const p0 = [ax + (bx - ax) * t0, ay + (by - ay) * t0];
    const p1 = [ax + (bx - ax) * t1, ay + (by - ay) * t1];
    if (!cur) cur = [p0[0]!, p0[1]!];
    cur.push(p1[0]!, p1[1]!);
    if (t1 < 1) {
      pieces.push(cur);
      cur = null;
    }
  }
  if (cur && cur.length >= 4) pieces.push(cur);
  return pieces.filter((p) => p.length >= 4);
}

/** Position along the box's edge, clockwise from its north-west corner (north edge east, east edge south, …). */
function perimeterAt(x: number, y: number, b: Box): number {
  const [w, s, e, n] = b;
  const W = e - w;
  const H = n - s;
  const d = [Math.abs(y - n), Math.abs(x - e), Math.abs(y - s), Math.abs(x - w)];
  const edge = d.indexOf(Math.min(...d));
  if (edge === 0) return x - w;
  if (edge === 1) return W + (n - y);
  if (edge === 2) return W + H + (e - x);
  return 2 * W + H + (y - s);
}

/** The box's corners met going clockwise along its edge from a to b. */
function cornersBetween(a: number, b: number, box: Box): number[] {
  const [w, s, e, n] = box;
  const W = e - w;
  const H = n - s;
  const P = 2 * (W + H);
  const corners: [number, number, number][] = [
    [W, e, n],
    [W + H, e, s],
    [2 * W + H, w, s],
    [P, w, n],
  ];
  let span = b - a;
  if (span <= 0) span += P;
  // Corners in order of distance along the edge.
  const pts: { d: number; x: number; y: number }[] = [];
  for (const [at, x, y] of corners) {
    let d = at - a;
    if (d <= 0) d += P;
    if (d < span) pts.push({ d, x, y });
  }
  pts.sort((p, q) => p.d - q.d);
  return pts.flatMap((p) => [p.x, p.y]);
}

export type SeaResult = { polygons: Float64Array[][]; broken: false } | { polygons: []; broken: true; why: string };

/**
 * The water inside the box from the coastline chains (as coordinates [x, y, …], with whether
 * each closes on itself). Polygons are an outer ring and its holes (islands), rings closed.
 */
export function seaPolygons(chains: readonly ArrayLike<number>[], closed: readonly boolean[], box: Box): SeaResult {
  const islands: Float64Array[] = [];
  const pieces: { pts: number[]; tIn: number; tOut: number }[] = [];
  for (const [i, c] of chains.entries()) {
    if (closed[i]) {
      // A ring wholly inside is an island; one the box cuts is pieces like any other.
      let allIn = true;
      for (let k = 0; k < c.length; k += 2) if (!inBox(c[k]!, c[k + 1]!, box)) allIn = false;
      if (allIn) {
        islands.push(Float64Array.from(c as ArrayLike<number>));
        continue;
      }
    } else {
      // An open chain must start and end outside the box (or on its edge): else the coast is broken.
      const n = c.length;
      const startsIn = inBox(c[0]!, c[1]!, box) && !onEdge(c[0]!, c[1]!, box);
      const endsIn = inBox(c[n - 2]!, c[n - 1]!, box) && !onEdge(c[n - 2]!, c[n - 1]!, box);
      if (startsIn || endsIn) {
        const [x, y] = startsIn ? [c[0]!, c[1]!] : [c[n - 2]!, c[n - 1]!];
        return { polygons: [], broken: true, why: `the coastline ends inside the city at ${x.toFixed(5)}, ${y.toFixed(5)} without closing` };
      }
    }
    for (const p of clipLine(c, box)) pieces.push({ pts: p, tIn: perimeterAt(p[0]!, p[1]!, box), tOut: perimeterAt(p[p.length - 2]!, p[p.length - 1]!, box) });
  }
  const [w, s, e, n] = box;
  const outers: number[][] = [];
  if (pieces.length === 0) {
    // No coast crosses the city: the sea is all round the islands, or there is none.
    if (islands.length === 0) return { polygons: [], broken: false };
    outers.push([w, n, e, n, e, s, w, s, w, n]);
  } else {
    const P = 2 * (e - w + (n - s));
    const used = new Set<number>();
    for (let start = 0; start < pieces.length; start++) {
      if (used.has(start)) continue;
      const ring: number[] = [];
      let at = start;
      for (let guard = 0; guard <= pieces.length; guard++) {
        used.add(at);
        const piece = pieces[at]!;
        ring.push(...piece.pts);
        // The next piece whose start comes first going clockwise from where this one left.
        let best = -1;
        let bestD = Infinity;
        for (const [j, q] of pieces.entries()) {
          let d = q.tIn - piece.tOut;
          if (d < 0) d += P;
          if (d < bestD) {
            bestD = d;
            best = j;
          }
        }
        ring.push(...cornersBetween(piece.tOut, pieces[best]!.tIn, box));
        if (best === start || used.has(best)) break;
        at = best;
      }
      ring.push(ring[0]!, ring[1]!);
      outers.push(ring);
    }
  }
  const polygons: Float64Array[][] = outers.map((o) => [Float64Array.from(o)]);
  for (const island of islands) {
    const home = polygons.find((p) => insideRing(island[0]!, island[1]!, p[0]!));
    if (home) home.push(island);
  }
  return { polygons, broken: false };
}

function onEdge(x: number, y: number, b: Box): boolean {
  const eps = 1e-9;
  return Math.abs(x - b[0]) < eps || Math.abs(x - b[2]) < eps || Math.abs(y - b[1]) < eps || Math.abs(y - b[3]) < eps;
}
