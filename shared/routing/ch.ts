import type { RoadGraph } from './road-graph';
import { pathOf, type RoutePath } from './search';

/**
 * A contraction hierarchy over the road graph: the nodes ranked from least to most important,
 * with shortcuts that let a search climb the ranks only. A drive time between two nodes is then
 * the meeting of two small upward searches (a few hundred nodes on a city of a million) instead
 * of a search over everything nearer than the answer. The planner uses it for what a plan needs
 * from the destination: the time from every supply site to it (`createSiteTimes`), however far
 * the nearest stock lies, and the routes of the legs it picks (`path`).
 *
 * Exact: a shortcut's weight is the sum of the segments it stands for, and so is the answer. The
 * segments' times are float32 values in seconds, whose sums are exact in float64 for any route a
 * city holds (the smallest segment's last bit is 2^-40 s or more, and 2^53 of those is over
 * 100 days), so the sum does not depend on the order it is taken in: a hierarchy's time equals
 * the plain search's to the last bit (ch.test.ts holds it to that). A route is *a* fastest
 * route; where two routes tie to the last bit, it may be the other one.
 *
 * Built once per graph (sites come and go; the hierarchy does not depend on them). The
 * contraction is the textbook one: the node with the fewest shortcuts needed minus edges removed
 * (plus its contracted neighbours, to spread the work) goes next, its priority checked again when
 * it comes up (lazy updates); a shortcut u→w via v is left out when a witness search from u
 * (v excluded, at most WITNESS_SETTLE nodes) finds another way no longer. A search that gives up
 * adds the shortcut: one too many costs speed, never correctness.
 */

export type ContractionHierarchy = {
  readonly nodeCount: number;
  /** Original segments kept plus shortcuts. */
  readonly edgeCount: number;
  readonly shortcutCount: number;
  /** The drive time from `from` to `to` (Infinity when there is none). */
  time(from: number, to: number): number;
  /** A fastest route from `from` to `to`, in the road graph's segments; null when there is none. */
  path(from: number, to: number): RoutePath | null;
  /** Upward search from `from` (forward) or to `to` (backward): the nodes reached and their times. */
  upward(node: number, backward: boolean): { nodes: Int32Array; timeS: Float64Array };
};

/** Witness searches stop after settling this many nodes (then the shortcut is added). */
const WITNESS_SETTLE = 64;

/** A growable pool of hierarchy edges: from → to, its weight, and what it stands for. */
class EdgePool {
  from = new Int32Array(1024);
  to = new Int32Array(1024);
  w = new Float64Array(1024);
  /** An original segment: its graph edge id, and b = -1. A shortcut: the two pool edges it joins. */
  a = new Int32Array(1024);
  b = new Int32Array(1024);
  size = 0;
  add(from: number, to: number, w: number, a: number, b: number): number {
    if (this.size === this.from.length) {
      const grow = <T extends Int32Array | Float64Array>(x: T): T => {
        const y = new (x.constructor as new (n: number) => T)(x.length * 2);
        y.set(x);
        return y;
      };
      this.from = grow(this.from);
      this.to = grow(this.to);
      this.w = grow(this.w);
      this.a = grow(this.a);
      this.b = grow(this.b);
    }
    const e = this.size++;
    this.from[e] = from;
    this.to[e] = to;
    this.w[e] = w;
    this.a[e] = a;
    this.b[e] = b;
    return e;
  }
}

/** A binary min-heap of (node, key) pairs that allows duplicates (stale entries are skipped by the caller). */
class PairHeap {
  node = new Int32Array(256);
  key = new Float64Array(256);
  size = 0;
  push(n: number, k: number): void {
    if (this.size === this.node.length) {
      const nn = new Int32Array(this.size * 2);
      nn.set(this.node);
      this.node = nn;
      const kk = new Float64Array(this.size * 2);
      kk.set(this.key);
      this.key = kk;
    }
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.key[p]! <= k) break;
      this.node[i] = this.node[p]!;
      this.key[i] = this.key[p]!;
      i = p;
    }
    this.node[i] = n;
    this.key[i] = k;
  }
  /** The smallest pair's node; its key is left in `topKey`. */
  topKey = 0;
  pop(): number {
    const top = this.node[0]!;
    this.topKey = this.key[0]!;
    const n = --this.size;
    if (n > 0) {
      const ln = this.node[n]!;
      const lk = this.key[n]!;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && this.key[c + 1]! < this.key[c]!) c++;
        if (this.key[c]! >= lk) break;
        this.node[i] = this.node[c]!;
        this.key[i] = this.key[c]!;
        i = c;
      }
      this.node[i] = ln;
      this.key[i] = lk;
    }
    return top;
  }
}

/**
 * The contraction itself: the hierarchy's edges (trimmed to size) and each node's rank. A function
 * of its own, so that the live graph it keeps (a list per node) is garbage once it returns: the
 * queries' closures must not hold it (a million small arrays slow every later collection).
 */
function contract(g: RoadGraph): { pool: EdgePool; rank: Int32Array; originalCount: number } {
  const n = g.nodeCount;
  const pool = new EdgePool();
  // The live graph while contracting: each node's edges (pool ids) to and from nodes not yet contracted.
  const outs: number[][] = Array.from({ length: n }, () => []);
  const ins: number[][] = Array.from({ length: n }, () => []);
  // Original segments, one per (from, to): the quickest of parallel ones.
  for (let u = 0; u < n; u++) {
    for (let e = g.edgeStart[u]!, end = g.edgeStart[u + 1]!; e < end; e++) {
      const v = g.edgeTarget[e]!;
      if (v === u) continue;
      const w = g.edgeTimeS[e]!;
      const list = outs[u]!;
      let dup = -1;
      for (const x of list) if (pool.to[x] === v) dup = x;
      if (dup >= 0) {
        if (w < pool.w[dup]!) {
          pool.w[dup] = w;
          pool.a[dup] = e;
        }
        continue;
      }
      const id = pool.add(u, v, w, e, -1);
      list.push(id);
      ins[v]!.push(id);
    }
  }
  const originalCount = pool.size;

  const contracted = new Uint8Array(n);
  const rank = new Int32Array(n).fill(-1);
  const deletedNeighbours = new Int32Array(n);

  // Witness search state, reset through `touched` after each search.
  const wDist = new Float64Array(n).fill(Infinity);
  const touched: number[] = [];
  const heap = new PairHeap();
  /** Settles from `src` without `skip`, up to `maxW` and WITNESS_SETTLE nodes; wDist holds the times found. */
  const witness = (src: number, skip: number, maxW: number): void => {
    for (const x of touched) wDist[x] = Infinity;
    touched.length = 0;
    heap.size = 0;
    wDist[src] = 0;
    touched.push(src);
    heap.push(src, 0);
    let settled = 0;
    while (heap.size > 0) {
      const u = heap.pop();
      const du = heap.topKey;
      if (du > wDist[u]!) continue;
      if (du > maxW || ++settled > WITNESS_SETTLE) break;
      for (const e of outs[u]!) {
        const v = pool.to[e]!;
        if (v === skip) continue;
        const dv = du + pool.w[e]!;
        if (dv < wDist[v]!) {
          if (wDist[v] === Infinity) touched.push(v);
          wDist[v] = dv;
          heap.push(v, dv);
        }
      }
    }
  };

  /** The shortcuts contracting v needs, as [from, to, weight, inEdge, outEdge] (only counted when `emit` is false). */
  const shortcutsOf = (v: number, emit: number[] | null): number => {
    let count = 0;
    const out = outs[v]!;
    if (out.length === 0) return 0;
    let maxOut = 0;
    for (const e of out) if (pool.w[e]! > maxOut) maxOut = pool.w[e]!;
    for (const ei of ins[v]!) {
      const u = pool.from[ei]!;
      const wu = pool.w[ei]!;
      witness(u, v, wu + maxOut);
      for (const eo of out) {
        const w = pool.to[eo]!;
        if (w === u) continue;
        const via = wu + pool.w[eo]!;
        if (wDist[w]! <= via) continue;
        count++;
        if (emit) emit.push(u, w, via, ei, eo);
      }
    }
    return count;
  };

  const priority = (v: number): number => 2 * (shortcutsOf(v, null) - outs[v]!.length - ins[v]!.length) + deletedNeighbours[v]!;

  // The queue of nodes to contract, keyed by priority (checked again when popped).
  const queue = new PairHeap();
  for (let v = 0; v < n; v++) queue.push(v, priority(v));

  const removeFrom = (list: number[], id: number): void => {
    const k = list.indexOf(id);
    if (k >= 0) {
      list[k] = list[list.length - 1]!;
      list.pop();
    }
  };
  const emit: number[] = [];
  let next = 0;
  while (queue.size > 0) {
    const v = queue.pop();
    if (contracted[v]) continue;
    const p = priority(v);
    if (queue.size > 0 && p > queue.key[0]!) {
      queue.push(v, p);
      continue;
    }
    // Contract v: its shortcuts join the live graph, its own edges leave it (they stay in the hierarchy).
    emit.length = 0;
    shortcutsOf(v, emit);
    contracted[v] = 1;
    rank[v] = next++;
    for (const e of outs[v]!) {
      const w = pool.to[e]!;
      removeFrom(ins[w]!, e);
      deletedNeighbours[w]!++;
    }
    for (const e of ins[v]!) {
      const u = pool.from[e]!;
      removeFrom(outs[u]!, e);
      deletedNeighbours[u]!++;
    }
    for (let k = 0; k < emit.length; k += 5) {
      const u = emit[k]!;
      const w = emit[k + 1]!;
      const via = emit[k + 2]!;
      // A live edge u → w already: keep the quicker (equal: the one there).
      let dup = -1;
      for (const x of outs[u]!) if (pool.to[x] === w) dup = x;
      if (dup >= 0 && pool.w[dup]! <= via) continue;
      const id = pool.add(u, w, via, emit[k + 3]!, emit[k + 4]!);
      if (dup >= 0) {
        removeFrom(outs[u]!, dup);
        removeFrom(ins[w]!, dup);
      }
      outs[u]!.push(id);
      ins[w]!.push(id);
    }
  }

  const trim = <T extends Int32Array | Float64Array>(x: T): T => x.slice(0, pool.size) as T;
  pool.from = trim(pool.from);
  pool.to = trim(pool.to);
  pool.w = trim(pool.w);
  pool.a = trim(pool.a);
  pool.b = trim(pool.b);
  return { pool, rank, originalCount };
}

export function buildContractionHierarchy(g: RoadGraph): ContractionHierarchy {
  const n = g.nodeCount;
  const { pool, rank, originalCount } = contract(g);
  // The search graph: for each node, its edges to higher ranks (forward) and from higher ranks (backward).
  const upOutStart = new Uint32Array(n + 1);
  const upInStart = new Uint32Array(n + 1);
  for (let e = 0; e < pool.size; e++) {
    const u = pool.from[e]!;
    const w = pool.to[e]!;
    if (rank[u]! < rank[w]!) upOutStart[u + 1]!++;
    else upInStart[w + 1]!++;
  }
  for (let i = 0; i < n; i++) {
    upOutStart[i + 1]! += upOutStart[i]!;
    upInStart[i + 1]! += upInStart[i]!;
  }
  const upOut = new Int32Array(upOutStart[n]!);
  const upIn = new Int32Array(upInStart[n]!);
  {
    const fo = upOutStart.slice(0, n);
    const fi = upInStart.slice(0, n);
    for (let e = 0; e < pool.size; e++) {
      const u = pool.from[e]!;
      const w = pool.to[e]!;
      if (rank[u]! < rank[w]!) upOut[fo[u]!++] = e;
      else upIn[fi[w]!++] = e;
    }
  }

  // Query state: two upward searches with their own arrays, reset through their touched lists.
  const side = () => ({ dist: new Float64Array(n).fill(Infinity), via: new Int32Array(n).fill(-1), touched: [] as number[], heap: new PairHeap() });
  const fw = side();
  const bw = side();
  const one = side();
  type Side = ReturnType<typeof side>;
  const runUp = (s: Side, start: number, backward: boolean): void => {
    for (const x of s.touched) {
      s.dist[x] = Infinity;
      s.via[x] = -1;
    }
    s.touched.length = 0;
    s.heap.size = 0;
    s.dist[start] = 0;
    s.touched.push(start);
    s.heap.push(start, 0);
    const starts = backward ? upInStart : upOutStart;
    const edges = backward ? upIn : upOut;
    const far = backward ? pool.from : pool.to;
    while (s.heap.size > 0) {
      const u = s.heap.pop();
      const du = s.heap.topKey;
      if (du > s.dist[u]!) continue;
      for (let k = starts[u]!, end = starts[u + 1]!; k < end; k++) {
        const e = edges[k]!;
        const v = far[e]!;
        const dv = du + pool.w[e]!;
        if (dv < s.dist[v]!) {
          if (s.dist[v] === Infinity) s.touched.push(v);
          s.dist[v] = dv;
          s.via[v] = e;
          s.heap.push(v, dv);
        }
      }
    }
  };
  const check = (x: number, what: string): void => {
    if (!Number.isInteger(x) || x < 0 || x >= n) throw new RangeError(`${what}: node ${x} is not in the graph (0..${n - 1})`);
  };
  /** Both upward searches, and where they meet best (-1: they do not). */
  const meet = (from: number, to: number): { node: number; timeS: number } => {
    check(from, 'ch');
    check(to, 'ch');
    runUp(fw, from, false);
    runUp(bw, to, true);
    let best = Infinity;
    let node = -1;
    const [small, other] = fw.touched.length <= bw.touched.length ? [fw, bw] : [bw, fw];
    for (const x of small.touched) {
      const t = small.dist[x]! + other.dist[x]!;
      if (t < best) {
        best = t;
        node = x;
      }
    }
    return { node, timeS: best };
  };
  /** The graph edges a pool edge stands for, in driving order. */
  const unpack = (e: number, out: number[]): void => {
    const stack = [e];
    while (stack.length > 0) {
      const x = stack.pop()!;
      if (pool.b[x] === -1) out.push(pool.a[x]!);
      else stack.push(pool.b[x]!, pool.a[x]!);
    }
  };

  return {
    nodeCount: n,
    edgeCount: pool.size,
    shortcutCount: pool.size - originalCount,
    time: (from, to) => meet(from, to).timeS,
    path(from, to) {
      const m = meet(from, to);
      if (m.node < 0) return null;
      const up: number[] = [];
      for (let x = m.node; fw.via[x]! >= 0; x = pool.from[fw.via[x]!]!) up.push(fw.via[x]!);
      up.reverse();
      for (let x = m.node; bw.via[x]! >= 0; x = pool.to[bw.via[x]!]!) up.push(bw.via[x]!);
      const edges: number[] = [];
      for (const e of up) unpack(e, edges);
      return pathOf(g, from, edges);
    },
    upward(node, backward) {
      check(node, 'ch');
      runUp(one, node, backward);
      return { nodes: Int32Array.from(one.touched), timeS: Float64Array.from(one.touched, (x) => one.dist[x]!) };
    },
  };
}

/**
 * The drive time from each of a fixed set of sources (the supply sites) to any node, at the cost
 * of one upward search from that node: each source's upward search is done once and left in
 * buckets at the nodes it reached (many-to-many routing over a hierarchy).
 */
export type SourceTimes = {
  /** Times from sources[k] to `to`, by k (Infinity where there is no route). */
  to(to: number): Float64Array;
};

export function createSourceTimes(ch: ContractionHierarchy, sources: readonly number[]): SourceTimes {
  const n = ch.nodeCount;
  const ups = sources.map((s) => ch.upward(s, false));
  const bucketStart = new Uint32Array(n + 1);
  for (const u of ups) for (const x of u.nodes) bucketStart[x + 1]!++;
  for (let i = 0; i < n; i++) bucketStart[i + 1]! += bucketStart[i]!;
  const bucketSource = new Int32Array(bucketStart[n]!);
  const bucketTime = new Float64Array(bucketStart[n]!);
  const fill = bucketStart.slice(0, n);
  ups.forEach((u, k) => {
    for (let i = 0; i < u.nodes.length; i++) {
      const x = u.nodes[i]!;
      const at = fill[x]!++;
      bucketSource[at] = k;
      bucketTime[at] = u.timeS[i]!;
    }
  });
  return {
    to(to) {
      const out = new Float64Array(sources.length).fill(Infinity);
      const down = ch.upward(to, true);
      for (let i = 0; i < down.nodes.length; i++) {
        const x = down.nodes[i]!;
        const tx = down.timeS[i]!;
        for (let b = bucketStart[x]!, end = bucketStart[x + 1]!; b < end; b++) {
          const t = bucketTime[b]! + tx;
          const k = bucketSource[b]!;
          if (t < out[k]!) out[k] = t;
        }
      }
      return out;
    },
  };
}
