/**
 * OpenStreetMap multipolygons (type=multipolygon relations: a river, a lake with its islands, a
 * park in pieces) as polygons the base map can draw. A relation's outer and inner rings are made
 * of member ways that meet end to end, in any direction and order; here they are joined into
 * closed rings of node ids, and each inner ring goes with the outer ring it lies in.
 */

import { insideRing } from '../shared/polygon';

/**
 * Joins ways (node id lists) into closed rings through their shared end nodes. A way that closes
 * no ring (its partner ways lie outside the extract) is left out: drawn half, an area fills wrong.
 */
export function assembleRings(ways: readonly (readonly number[])[]): number[][] {
  const rings: number[][] = [];
  const used = new Uint8Array(ways.length);
  // Each end node → the ways that start or end there.
  const byEnd = new Map<number, number[]>();
  const note = (node: number, w: number) => {
    const list = byEnd.get(node);
    if (list) list.push(w);
    else byEnd.set(node, [w]);
  };
  ways.forEach((w, i) => {
    if (w.length < 2) {
      used[i] = 1;
      return;
    }
    if (w[0] === w[w.length - 1]) {
      used[i] = 1;
      if (w.length >= 4) rings.push([...w]);
      return;
    }
    note(w[0]!, i);
    note(w[w.length - 1]!, i);
  });
  for (let i = 0; i < ways.length; i++) {
    if (used[i]) continue;
    used[i] = 1;
    const ring = [...ways[i]!];
    for (;;) {
      const last = ring[ring.length - 1]!;
      if (last === ring[0]) {
        if (ring.length >= 4) rings.push(ring);
        break;
      }
      const next = byEnd.get(last)?.find((w) => !used[w]);
      if (next === undefined) break; // open: a ring the extract cut
      used[next] = 1;
      const w = ways[next]!;
      if (w[0] === last) for (let k = 1; k < w.length; k++) ring.push(w[k]!);
      else for (let k = w.length - 2; k >= 0; k--) ring.push(w[k]!);
    }
  }
  return rings;
}

/**
 * Polygons from rings already in coordinates: each outer ring with the inner rings whose first
 * point lies inside it (an inner ring inside no outer one is dropped).
 */
export function polygonsOf(outers: readonly Float64Array[], inners: readonly Float64Array[]): Float64Array[][] {
  const polygons = outers.map((o) => [o]);
  for (const inner of inners) {
    const host = polygons.find((p) => insideRing(inner[0]!, inner[1]!, p[0]!));
    host?.push(inner);
  }
  return polygons;
}
