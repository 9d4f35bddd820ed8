import { heapPopMin, heapSiftUp } from './heap';
import type { LonLat } from './geo';
import type { RoadGraph } from './road-graph';
import { pathToTarget, reverseIndex, reverseSearchTree, type RoutePath } from './search';

/**
 * A reverse search (every node's drive time TO one target) that goes only as far as it is
 * asked, and can be asked again later: it settles nodes nearest first and stops, keeping its
 * frontier, until a caller needs a node further out. Its state is sparse (a hash from node to
 * slot), so it costs memory in proportion to the nodes it has reached, not the whole graph:
 * a city 50 times Göteborg's size keeps one per site.
 *
 * Exactly the same answers as `reverseSearchTree` (search.ts) for every node it has settled:
 * the same indexed binary heap, the same comparisons, the same edge order, so the same
 * times to the last bit and the same tree (ties included). Pausing changes nothing: it stops
 * before popping, never in the middle of a step. lazy-search.test.ts holds it to that.
 */
export type LazyReverseSearch = {
  readonly target: number;
  /** The exact time from `node` once settled; undefined while it has not been reached. */
  settledTime(node: number): number | undefined;
  /**
   * Every node not yet settled takes at least this long (the heap's smallest key); Infinity
   * once the search has run out (a node still unsettled then cannot reach the target).
   */
  frontierS(): number;
  /** Settles the next node and returns it; -1 when the search has run out. */
  step(): number;
  /** Settles every node whose time is ≤ timeS (afterwards frontierS() > timeS). */
  growThrough(timeS: number): void;
  /** The exact time from `node` (Infinity when it cannot reach the target), searching as far as needed. */
  timeTo(node: number): number;
  /** The route from `node` to the target (searching as far as needed), or null when there is none. */
  pathFrom(node: number): RoutePath | null;
  /** Nodes reached so far (settled or on the frontier): the measure of its memory. */
  readonly reached: number;
  readonly settled: number;
  /** The i-th node settled (0 ≤ i < settled), so that a reader can take only those settled since it last looked. */
  settledNode(i: number): number;
};

const EMPTY = -1;

export function createLazyReverseSearch(g: RoadGraph, target: number): LazyReverseSearch {
  if (!Number.isInteger(target) || target < 0 || target >= g.nodeCount) {
    throw new RangeError(`lazyReverseSearch: node ${target} is not in the graph (0..${g.nodeCount - 1})`);
  }
  const { inStart, inEdge } = reverseIndex(g);
  const far = g.edgeSource;
  const time = g.edgeTimeS;

  // Slots: one per node reached, in the order reached.
  let cap = 64;
  let slotNode = new Int32Array(cap);
  let dist = new Float64Array(cap);
  let via = new Int32Array(cap);
  /** Position in the heap, -1 when not in it (settled). */
  let pos = new Int32Array(cap);
  let heap = new Int32Array(cap);
  /** The slots in the order they were settled. */
  let order = new Int32Array(cap);
  let slots = 0;
  let size = 0;
  let settledCount = 0;

  // Open addressing, node → slot; power-of-two table kept at most half full.
  let tableMask = 127;
  let tableKey = new Int32Array(tableMask + 1).fill(EMPTY);
  let tableSlot = new Int32Array(tableMask + 1);
  const hash = (node: number): number => Math.imul(node, 0x9e3779b1) >>> 0;

  const find = (node: number): number => {
    for (let i = hash(node) & tableMask; ; i = (i + 1) & tableMask) {
      const k = tableKey[i]!;
      if (k === node) return tableSlot[i]!;
      if (k === EMPTY) return -1;
    }
  };
  const insertKey = (node: number, slot: number): void => {
    let i = hash(node) & tableMask;
    while (tableKey[i] !== EMPTY) i = (i + 1) & tableMask;
    tableKey[i] = node;
    tableSlot[i] = slot;
  };
  const newSlot = (node: number): number => {
    if (slots === cap) {
      cap *= 2;
      const grow = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
        const b = make(cap);
        b.set(a);
        return b;
      };
      slotNode = grow(slotNode, (n) => new Int32Array(n));
      dist = grow(dist, (n) => new Float64Array(n));
      via = grow(via, (n) => new Int32Array(n));
      pos = grow(pos, (n) => new Int32Array(n));
      heap = grow(heap, (n) => new Int32Array(n));
      order = grow(order, (n) => new Int32Array(n));
    }
    if ((slots + 1) * 2 > tableMask + 1) {
      tableMask = tableMask * 2 + 1;
      tableKey = new Int32Array(tableMask + 1).fill(EMPTY);
      tableSlot = new Int32Array(tableMask + 1);
      for (let s = 0; s < slots; s++) insertKey(slotNode[s]!, s);
    }
    const s = slots++;
    slotNode[s] = node;
    dist[s] = Infinity;
    via[s] = -1;
    pos[s] = -1;
    insertKey(node, s);
    return s;
  };

  // The heap is search.ts's (heap.ts), over slots instead of nodes; its arrays grow, so they are passed each time.
  const siftUp = (i: number, slot: number, key: number): void => heapSiftUp({ heap, pos, dist }, i, slot, key);
  const popMin = (): number => heapPopMin({ heap, pos, dist }, size--);

  const root = newSlot(target);
  dist[root] = 0;
  siftUp(size++, root, 0);

  const step = (): number => {
    if (size === 0) return -1;
    const us = popMin();
    order[settledCount++] = us;
    const u = slotNode[us]!;
    const du = dist[us]!;
    for (let k = inStart[u]!, end = inStart[u + 1]!; k < end; k++) {
      const e = inEdge[k]!;
      const v = far[e]!;
      const dv = du + time[e]!;
      let vs = find(v);
      // An unreached node is at Infinity; a settled one never improves (non-negative weights).
      if (vs < 0) {
        if (!(dv < Infinity)) continue;
        vs = newSlot(v);
      }
      if (dv < dist[vs]!) {
        dist[vs] = dv;
        via[vs] = e;
        const p = pos[vs]!;
        siftUp(p >= 0 ? p : size++, vs, dv);
      }
    }
    return u;
  };

  /** Settled: reached and no longer in the heap. */
  const settledSlot = (node: number): number => {
    const s = find(node);
    return s >= 0 && pos[s] === -1 ? s : -1;
  };

  const timeTo = (node: number): number => {
    for (;;) {
      const s = settledSlot(node);
      if (s >= 0) return dist[s]!;
      if (step() < 0) return Infinity;
    }
  };

  return {
    target,
    settledTime(node) {
      const s = settledSlot(node);
      return s >= 0 ? dist[s]! : undefined;
    },
    frontierS: () => (size > 0 ? dist[heap[0]!]! : Infinity),
    step,
    growThrough(timeS) {
      while (size > 0 && dist[heap[0]!]! <= timeS) step();
    },
    timeTo,
    pathFrom(node) {
      if (!Number.isInteger(node) || node < 0 || node >= g.nodeCount) throw new RangeError(`pathFrom: node ${node} is not in the graph (0..${g.nodeCount - 1})`);
      if (timeTo(node) === Infinity) return null;
      const nodes = [node];
      const edges: number[] = [];
      const coords: LonLat[] = [[g.nodeLon[node]!, g.nodeLat[node]!]];
      let timeS = 0;
      let lengthM = 0;
      for (let v = node, e = via[find(v)]!; e >= 0; e = via[find(v)]!) {
        edges.push(e);
        v = g.edgeTarget[e]!;
        nodes.push(v);
        coords.push([g.nodeLon[v]!, g.nodeLat[v]!]);
        timeS += g.edgeTimeS[e]!;
        lengthM += g.edgeLengthM[e]!;
      }
      return { nodes, edges, coords, timeS, lengthM };
    },
    get reached() {
      return slots;
    },
    get settled() {
      return settledCount;
    },
    settledNode: (i) => slotNode[order[i]!]!,
  };
}

/**
 * The same interface over one whole search (search.ts), done at once: the reference the
 * lazy one is held to, and the benchmark's baseline.
 */
export function wholeReverseSearch(g: RoadGraph, target: number): LazyReverseSearch & { timeS: Float64Array } {
  const tree = reverseSearchTree(g, target);
  const timeS = tree.timeS;
  return {
    target,
    timeS,
    settledTime: (node) => (timeS[node]! < Infinity ? timeS[node] : undefined),
    frontierS: () => Infinity,
    step: () => -1,
    growThrough() {},
    timeTo: (node) => timeS[node] ?? Infinity,
    pathFrom: (node) => pathToTarget(g, tree, node),
    reached: g.nodeCount,
    settled: g.nodeCount,
    // Every node at once, in no particular order (one that cannot reach the target has no settledTime).
    settledNode: (i) => i,
  };
}
