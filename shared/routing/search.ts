import { heapPopMin, heapSiftUp } from './heap';
import type { LonLat } from './geo';
import { createRouter, type RoadGraph, type Router } from './road-graph';

/**
 * One-to-all and all-to-one drive times on the road graph (Dijkstra, binary heap over
 * typed arrays). The planner's key trick: one reverse search from a destination gives
 * every vehicle's and every site's drive time TO it, instead of one search per vehicle.
 *
 * Weights are the graph's free-flow edge times (`edgeTimeS`), so one-way streets are
 * respected automatically: the reverse search walks incoming edges, which exist only in
 * the legal direction.
 */

/** Result of a search with the tree kept, for drawing routes without searching again. */
export type SearchTree = {
  direction: 'to' | 'from';
  /** Seconds to the target ('to') or from the nearest source ('from'); Infinity when unreachable. */
  timeS: Float64Array;
  /**
   * 'to': the edge to take out of each node towards the target. 'from': the edge by
   * which each node is reached from its nearest source. -1 at the roots and where unreachable.
   */
  viaEdge: Int32Array;
};

export type RoutePath = {
  /** Node ids from start to end (one node when start === end). */
  nodes: number[];
  edges: number[];
  coords: LonLat[];
  /** Sum of the edges' times in driving order. */
  timeS: number;
  lengthM: number;
};

export type SearchOptions = {
  /** Nodes further than this are left at Infinity (the search stops there). */
  maxTimeS?: number;
};

type ReverseIndex = { inStart: Uint32Array; inEdge: Uint32Array };

type Workspace = {
  heap: Int32Array;
  /** Position of each node in the heap, -1 when not in it. Kept all -1 between searches. */
  pos: Int32Array;
};

// Per-graph caches: graphs are immutable once built, and a WeakMap lets them go with the graph.
const reverseIndexes = new WeakMap<RoadGraph, ReverseIndex>();
const workspaces = new WeakMap<RoadGraph, Workspace>();
const routers = new WeakMap<RoadGraph, Router>();

/** Incoming edges per node (CSR over edge ids), built once per graph. */
export function reverseIndex(g: RoadGraph): ReverseIndex {
  const hit = reverseIndexes.get(g);
  if (hit) return hit;
  const inStart = new Uint32Array(g.nodeCount + 1);
  for (let e = 0; e < g.edgeCount; e++) inStart[g.edgeTarget[e]! + 1]!++;
  for (let i = 0; i < g.nodeCount; i++) inStart[i + 1]! += inStart[i]!;
  const fill = inStart.slice(0, g.nodeCount);
  const inEdge = new Uint32Array(g.edgeCount);
  for (let e = 0; e < g.edgeCount; e++) inEdge[fill[g.edgeTarget[e]!]!++] = e;
  const index = { inStart, inEdge };
  reverseIndexes.set(g, index);
  return index;
}

function workspace(g: RoadGraph): Workspace {
  let ws = workspaces.get(g);
  if (!ws) {
    ws = { heap: new Int32Array(g.nodeCount), pos: new Int32Array(g.nodeCount).fill(-1) };
    workspaces.set(g, ws);
  }
  return ws;
}

function checkNode(g: RoadGraph, node: number, what: string): void {
  if (!Number.isInteger(node) || node < 0 || node >= g.nodeCount) {
    throw new RangeError(`${what}: node ${node} is not in the graph (0..${g.nodeCount - 1})`);
  }
}

/**
 * Dijkstra with an indexed binary heap (decrease-key, so each node sits in the heap at
 * most once and the heap never outgrows the node count). Not re-entrant per graph: the
 * workspace is shared, which is fine because searches are synchronous.
 */
function search(g: RoadGraph, roots: readonly number[], reverse: boolean, maxTimeS: number): SearchTree {
  const n = g.nodeCount;
  const dist = new Float64Array(n).fill(Infinity);
  const via = new Int32Array(n).fill(-1);
  const { heap, pos } = workspace(g);
  const adjStart = reverse ? reverseIndex(g).inStart : g.edgeStart;
  const adjEdge = reverse ? reverseIndex(g).inEdge : null;
  const far = reverse ? g.edgeSource : g.edgeTarget;
  const time = g.edgeTimeS;
  let size = 0;

  const h = { heap, pos, dist };
  const siftUp = (i: number, node: number, key: number): void => heapSiftUp(h, i, node, key);
  const popMin = (): number => heapPopMin(h, size--);

  for (const r of roots) {
    checkNode(g, r, reverse ? 'reverseSearch' : 'forwardSearch');
    if (dist[r] === 0) continue;
    dist[r] = 0;
    siftUp(size++, r, 0);
  }

  while (size > 0) {
    const u = popMin();
    const du = dist[u]!;
    if (du > maxTimeS) {
      // Everything left in the heap is at least this far: leave it at Infinity.
      dist[u] = Infinity;
      via[u] = -1;
      for (let i = 0; i < size; i++) {
        const v = heap[i]!;
        pos[v] = -1;
        dist[v] = Infinity;
        via[v] = -1;
      }
      size = 0;
      break;
    }
    // Settled nodes never improve again (weights are non-negative), so no "done" array:
    // their dist fails the `dv < dist[v]` test below.
    for (let k = adjStart[u]!, end = adjStart[u + 1]!; k < end; k++) {
      const e = adjEdge ? adjEdge[k]! : k;
      const v = far[e]!;
      const dv = du + time[e]!;
      if (dv < dist[v]!) {
        dist[v] = dv;
        via[v] = e;
        const p = pos[v]!;
        siftUp(p >= 0 ? p : size++, v, dv);
      }
    }
  }
  return { direction: reverse ? 'to' : 'from', timeS: dist, viaEdge: via };
}

/** Seconds from every node TO `target` (Infinity where the target cannot be reached). */
export function reverseSearch(g: RoadGraph, target: number, options: SearchOptions = {}): Float64Array {
  return search(g, [target], true, options.maxTimeS ?? Infinity).timeS;
}

/** Like reverseSearch, keeping the shortest-path tree so routes to the target cost no further search. */
export function reverseSearchTree(g: RoadGraph, target: number, options: SearchOptions = {}): SearchTree {
  return search(g, [target], true, options.maxTimeS ?? Infinity);
}

/** Seconds from the nearest of `sources` to every node (multi-source, for coverage). */
export function forwardSearch(g: RoadGraph, sources: readonly number[], options: SearchOptions = {}): Float64Array {
  return search(g, sources, false, options.maxTimeS ?? Infinity).timeS;
}

export function forwardSearchTree(g: RoadGraph, sources: readonly number[], options: SearchOptions = {}): SearchTree {
  return search(g, sources, false, options.maxTimeS ?? Infinity);
}

/** A route from `start` along the given segments, with its time (summed in driving order) and length. */
export function pathOf(g: RoadGraph, start: number, edges: number[]): RoutePath {
  const nodes = [start];
  const coords: LonLat[] = [[g.nodeLon[start]!, g.nodeLat[start]!]];
  let timeS = 0;
  let lengthM = 0;
  for (const e of edges) {
    const v = g.edgeTarget[e]!;
    nodes.push(v);
    coords.push([g.nodeLon[v]!, g.nodeLat[v]!]);
    timeS += g.edgeTimeS[e]!;
    lengthM += g.edgeLengthM[e]!;
  }
  return { nodes, edges, coords, timeS, lengthM };
}

/** The route from `from` to the target of a reverse tree, or null when it cannot reach it. */
export function pathToTarget(g: RoadGraph, tree: SearchTree, from: number): RoutePath | null {
  if (tree.direction !== 'to') throw new Error('pathToTarget needs a reverse search tree');
  checkNode(g, from, 'pathToTarget');
  if (tree.timeS[from] === Infinity) return null;
  const edges: number[] = [];
  for (let v = from, e = tree.viaEdge[v]!; e >= 0; e = tree.viaEdge[v]!) {
    edges.push(e);
    v = g.edgeTarget[e]!;
  }
  return pathOf(g, from, edges);
}

/** The route from the nearest source of a forward tree to `to`, or null when none reaches it. */
export function pathFromSources(g: RoadGraph, tree: SearchTree, to: number): RoutePath | null {
  if (tree.direction !== 'from') throw new Error('pathFromSources needs a forward search tree');
  checkNode(g, to, 'pathFromSources');
  if (tree.timeS[to] === Infinity) return null;
  const edges: number[] = [];
  let v = to;
  for (let e = tree.viaEdge[v]!; e >= 0; e = tree.viaEdge[v]!) {
    edges.push(e);
    v = g.edgeSource[e]!;
  }
  edges.reverse();
  return pathOf(g, v, edges);
}

/** Fastest route between two nodes (A*, stops at the target), or null when unreachable. */
export function shortestPath(g: RoadGraph, from: number, to: number): RoutePath | null {
  checkNode(g, from, 'shortestPath');
  checkNode(g, to, 'shortestPath');
  let router = routers.get(g);
  if (!router) {
    router = createRouter(g);
    routers.set(g, router);
  }
  const edges = router.shortestPath(from, to);
  return edges ? pathOf(g, from, [...edges]) : null;
}
