import { haversineM } from './geo';

/**
 * A drivable way as the demo-city build writes it (roads.json; schema in
 * shared/city/roads-file.ts): 1 = one-way along the coordinate order, -1 = against
 * it, 0 = both ways.
 */
export type RoadWay = {
  name: string | null;
  highway: string;
  oneway: 1 | 0 | -1;
  maxspeedKmh: number;
  coords: readonly (readonly [number, number])[];
};

/**
 * Directed road graph in typed arrays (compressed sparse rows): node i's outgoing
 * edges are edgeTarget[edgeStart[i] .. edgeStart[i+1]). Nodes are the ways' vertices,
 * merged where two ways share a coordinate (OSM junction nodes have identical
 * coordinates, so exact matching after rounding is enough).
 */
export type RoadGraph = {
  nodeCount: number;
  edgeCount: number;
  nodeLon: Float64Array;
  nodeLat: Float64Array;
  edgeStart: Uint32Array;
  edgeSource: Uint32Array;
  edgeTarget: Uint32Array;
  edgeLengthM: Float32Array;
  edgeSpeedKmh: Float32Array;
  /** Free-flow travel time in seconds: the routing weight. */
  edgeTimeS: Float32Array;
  /** Index of the way in the input list, for names and debugging. */
  edgeWay: Uint32Array;
};

export function buildRoadGraph(ways: readonly RoadWay[]): RoadGraph {
  const ids = new Map<string, number>();
  const lon: number[] = [];
  const lat: number[] = [];
  const nodeOf = (p: readonly [number, number]): number => {
    const k = `${p[0]},${p[1]}`;
    let id = ids.get(k);
    if (id === undefined) {
      id = lon.length;
      ids.set(k, id);
      lon.push(p[0]);
      lat.push(p[1]);
    }
    return id;
  };

  // First pass: directed segments as flat arrays.
  const src: number[] = [];
  const dst: number[] = [];
  const len: number[] = [];
  const spd: number[] = [];
  const way: number[] = [];
  ways.forEach((w, wi) => {
    let prev = nodeOf(w.coords[0]!);
    for (let i = 1; i < w.coords.length; i++) {
      const cur = nodeOf(w.coords[i]!);
      if (cur === prev) continue;
      const m = haversineM(lon[prev] as number, lat[prev] as number, lon[cur] as number, lat[cur] as number);
      const add = (a: number, b: number): void => {
        src.push(a);
        dst.push(b);
        len.push(m);
        spd.push(w.maxspeedKmh);
        way.push(wi);
      };
      if (w.oneway >= 0) add(prev, cur);
      if (w.oneway <= 0) add(cur, prev);
      prev = cur;
    }
  });

  const nodeCount = lon.length;
  const edgeCount = src.length;
  const edgeStart = new Uint32Array(nodeCount + 1);
  for (const s of src) edgeStart[s + 1]!++;
  for (let i = 0; i < nodeCount; i++) edgeStart[i + 1]! += edgeStart[i]!;
  const fill = edgeStart.slice(0, nodeCount);
  const g: RoadGraph = {
    nodeCount,
    edgeCount,
    nodeLon: Float64Array.from(lon),
    nodeLat: Float64Array.from(lat),
    edgeStart,
    edgeSource: new Uint32Array(edgeCount),
    edgeTarget: new Uint32Array(edgeCount),
    edgeLengthM: new Float32Array(edgeCount),
    edgeSpeedKmh: new Float32Array(edgeCount),
    edgeTimeS: new Float32Array(edgeCount),
    edgeWay: new Uint32Array(edgeCount),
  };
  for (let i = 0; i < edgeCount; i++) {
    const s = src[i] as number;
    const e = fill[s]!++;
    const speed = spd[i] as number;
    g.edgeSource[e] = s;
    g.edgeTarget[e] = dst[i] as number;
    g.edgeLengthM[e] = len[i] as number;
    g.edgeSpeedKmh[e] = speed;
    g.edgeTimeS[e] = (len[i] as number) / (Math.max(1, speed) / 3.6);
    g.edgeWay[e] = way[i] as number;
  }
  return g;
}

/**
 * Marks the largest strongly connected component (iterative Tarjan). Vehicles live
 * only there: from any of its nodes every other one is reachable, so a random
 * destination can never strand a vehicle in a one-way dead end or a car park
 * that the fixture's clipping cut off from the network.
 */
export function largestStronglyConnected(g: RoadGraph): Uint8Array {
  const n = g.nodeCount;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  let sp = 0;
  const callNode = new Int32Array(n);
  const callEdge = new Uint32Array(n);
  let next = 0;
  const comp = new Int32Array(n).fill(-1);
  let compCount = 0;
  const compSize: number[] = [];

  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    let depth = 0;
    callNode[0] = root;
    callEdge[0] = g.edgeStart[root]!;
    index[root] = low[root] = next++;
    stack[sp++] = root;
    onStack[root] = 1;
    while (depth >= 0) {
      const v = callNode[depth]!;
      const e = callEdge[depth]!;
      if (e < g.edgeStart[v + 1]!) {
        callEdge[depth] = e + 1;
        const w = g.edgeTarget[e]!;
        if (index[w] === -1) {
          index[w] = low[w] = next++;
          stack[sp++] = w;
          onStack[w] = 1;
          depth++;
          callNode[depth] = w;
          callEdge[depth] = g.edgeStart[w]!;
        } else if (onStack[w] && index[w]! < low[v]!) {
          low[v] = index[w]!;
        }
        continue;
      }
      if (low[v] === index[v]) {
        let size = 0;
        let w: number;
        do {
          w = stack[--sp]!;
          onStack[w] = 0;
          comp[w] = compCount;
          size++;
        } while (w !== v);
        compSize.push(size);
        compCount++;
      }
      depth--;
      if (depth >= 0) {
        const u = callNode[depth]!;
        if (low[v]! < low[u]!) low[u] = low[v]!;
      }
    }
  }

  let best = 0;
  for (let c = 1; c < compCount; c++) if (compSize[c]! > compSize[best]!) best = c;
  const inMain = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (comp[i] === best) inMain[i] = 1;
  return inMain;
}

export type Router = {
  /**
   * Fastest path as a list of edge ids, [] when from === to, null when unreachable.
   * Stops as soon as the target is settled.
   */
  shortestPath(from: number, to: number): Uint32Array | null;
  /** Nodes settled by the last search (for benchmarks). */
  lastSettled(): number;
};

/**
 * Dijkstra (A*-ordered) with a binary min-heap over typed arrays. All working arrays are
 * allocated once per router and reset lazily through a search stamp, so a search
 * costs only what it touches: that is what lets the simulator route thousands of
 * vehicles without garbage-collector pauses.
 */
export type RouterOptions = {
  /**
   * Weighted A*: scales the straight-line estimate. 1 (default) gives the fastest path;
   * above 1 settles far fewer nodes for a path at most that factor slower (in practice
   * within a few per cent), which is what a simulator with thousands of vehicles wants.
   */
  heuristicWeight?: number;
};

export function createRouter(g: RoadGraph, options: RouterOptions = {}): Router {
  const n = g.nodeCount;
  const dist = new Float64Array(n);
  const prevEdge = new Int32Array(n);
  const seen = new Uint32Array(n); // == stamp: dist/prevEdge valid for this search
  const done = new Uint32Array(n); // == stamp: settled
  let stamp = 0;
  let maxSpeed = 1;
  let minLat = 90;
  let maxLat = -90;
  for (let e = 0; e < g.edgeCount; e++) maxSpeed = Math.max(maxSpeed, g.edgeSpeedKmh[e]! / 3.6);
  for (let i = 0; i < n; i++) {
    minLat = Math.min(minLat, g.nodeLat[i]!);
    maxLat = Math.max(maxLat, g.nodeLat[i]!);
  }
  // Equirectangular metres, scaled down a little so the heuristic stays a lower bound
  // across the city's latitude span (cos at the northern edge is the smallest).
  const ky = (Math.PI / 180) * 6_371_008.8 * 0.995;
  const kx = ky * Math.cos((Math.max(Math.abs(minLat), Math.abs(maxLat)) * Math.PI) / 180);
  const secPerM = (options.heuristicWeight ?? 1) / maxSpeed;
  // Lazy deletion: a node may sit in the heap once per relaxation, so size by edges.
  let heapNode = new Int32Array(Math.max(16, g.edgeCount + 1));
  let heapKey = new Float64Array(heapNode.length);
  let size = 0;
  let settled = 0;

  const push = (node: number, key: number): void => {
    if (size === heapNode.length) {
      const nn = new Int32Array(size * 2);
      nn.set(heapNode);
      const nk = new Float64Array(size * 2);
      nk.set(heapKey);
      heapNode = nn;
      heapKey = nk;
    }
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heapKey[p]! <= key) break;
      heapNode[i] = heapNode[p]!;
      heapKey[i] = heapKey[p]!;
      i = p;
    }
    heapNode[i] = node;
    heapKey[i] = key;
  };

  const pop = (): number => {
    const top = heapNode[0]!;
    const lastNode = heapNode[--size]!;
    const lastKey = heapKey[size]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      if (c + 1 < size && heapKey[c + 1]! < heapKey[c]!) c++;
      if (heapKey[c]! >= lastKey) break;
      heapNode[i] = heapNode[c]!;
      heapKey[i] = heapKey[c]!;
      i = c;
    }
    heapNode[i] = lastNode;
    heapKey[i] = lastKey;
    return top;
  };

  function shortestPath(from: number, to: number): Uint32Array | null {
    if (from < 0 || from >= n || to < 0 || to >= n) return null;
    if (from === to) return new Uint32Array(0);
    stamp++;
    if (stamp === 0xffffffff) {
      seen.fill(0);
      done.fill(0);
      stamp = 1;
    }
    size = 0;
    settled = 0;
    seen[from] = stamp;
    dist[from] = 0;
    prevEdge[from] = -1;
    // A*: straight-line distance at the network's top speed never overestimates the
    // remaining time, so the path stays the fastest while far fewer nodes get settled.
    const tLon = g.nodeLon[to]!;
    const tLat = g.nodeLat[to]!;
    const h = (v: number): number => {
      const dx = (g.nodeLon[v]! - tLon) * kx;
      const dy = (g.nodeLat[v]! - tLat) * ky;
      return Math.sqrt(dx * dx + dy * dy) * secPerM;
    };
    push(from, h(from));
    let found = false;
    while (size > 0) {
      const u = pop();
      if (done[u] === stamp) continue;
      done[u] = stamp;
      settled++;
      if (u === to) {
        found = true;
        break;
      }
      const du = dist[u]!;
      for (let e = g.edgeStart[u]!, end = g.edgeStart[u + 1]!; e < end; e++) {
        const v = g.edgeTarget[e]!;
        if (done[v] === stamp) continue;
        const dv = du + g.edgeTimeS[e]!;
        if (seen[v] !== stamp || dv < dist[v]!) {
          seen[v] = stamp;
          dist[v] = dv;
          prevEdge[v] = e;
          push(v, dv + h(v));
        }
      }
    }
    if (!found) return null;
    let count = 0;
    for (let v = to; v !== from; v = g.edgeSource[prevEdge[v]!]!) count++;
    const path = new Uint32Array(count);
    for (let v = to, i = count - 1; v !== from; i--) {
      const e = prevEdge[v]!;
      path[i] = e;
      v = g.edgeSource[e]!;
    }
    return path;
  }

  return { shortestPath, lastSettled: () => settled };
}
