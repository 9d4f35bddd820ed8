import { describe, expect, it } from 'vitest';
import { buildRoadGraph, type RoadGraph, type RoadWay } from './road-graph';
import { forwardSearch, forwardSearchTree, pathFromSources, pathToTarget, reverseSearch, reverseSearchTree, shortestPath } from './search';

const way = (coords: [number, number][], oneway: -1 | 0 | 1 = 0, maxspeedKmh = 50): RoadWay => ({ name: null, highway: 'residential', oneway, maxspeedKmh, coords });

const nodeAt = (g: RoadGraph, lon: number, lat: number): number => {
  for (let i = 0; i < g.nodeCount; i++) if (g.nodeLon[i] === lon && g.nodeLat[i] === lat) return i;
  throw new Error(`no node at ${lon},${lat}`);
};

/** A reproducible 10×10 grid with random speeds and about a fifth of the streets one-way. */
function randomGrid(seed: number): RoadGraph {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const ways: RoadWay[] = [];
  const N = 10;
  const d = 0.001;
  const ow = (): -1 | 0 | 1 => (rnd() < 0.2 ? (rnd() < 0.5 ? 1 : -1) : 0);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      if (i + 1 < N) ways.push(way([[i * d, j * d], [(i + 1) * d, j * d]], ow(), 10 + Math.floor(rnd() * 80)));
      if (j + 1 < N) ways.push(way([[i * d, j * d], [i * d, (j + 1) * d]], ow(), 10 + Math.floor(rnd() * 80)));
    }
  }
  return buildRoadGraph(ways);
}

/** Reference: Bellman-Ford from one source over the edge list. */
function bellmanFord(g: RoadGraph, src: number, reverse = false): Float64Array {
  const dist = new Float64Array(g.nodeCount).fill(Infinity);
  dist[src] = 0;
  const from = reverse ? g.edgeTarget : g.edgeSource;
  const to = reverse ? g.edgeSource : g.edgeTarget;
  for (let k = 0; k < g.nodeCount; k++) {
    let changed = false;
    for (let e = 0; e < g.edgeCount; e++) {
      const nd = dist[from[e]!]! + g.edgeTimeS[e]!;
      if (nd < dist[to[e]!]!) {
        dist[to[e]!] = nd;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return dist;
}

describe('reverseSearch / forwardSearch', () => {
  it('match Bellman-Ford on random grids with one-way streets', () => {
    for (const seed of [1, 7, 99]) {
      const g = randomGrid(seed);
      for (const t of [0, 17, 55, 99]) {
        const rev = reverseSearch(g, t);
        const refRev = bellmanFord(g, t, true);
        const fwd = forwardSearch(g, [t]);
        const refFwd = bellmanFord(g, t);
        for (let v = 0; v < g.nodeCount; v++) {
          if (refRev[v] === Infinity) expect(rev[v]).toBe(Infinity);
          else expect(rev[v]).toBeCloseTo(refRev[v]!, 6);
          if (refFwd[v] === Infinity) expect(fwd[v]).toBe(Infinity);
          else expect(fwd[v]).toBeCloseTo(refFwd[v]!, 6);
        }
      }
    }
  });

  it('a reverse search TO t gives the same times as a forward search FROM each node', () => {
    const g = randomGrid(5);
    const t = 42;
    const rev = reverseSearch(g, t);
    for (let v = 0; v < g.nodeCount; v += 3) {
      const f = forwardSearch(g, [v])[t]!;
      if (f === Infinity) expect(rev[v]).toBe(Infinity);
      else expect(rev[v]).toBeCloseTo(f, 6);
    }
  });

  it('multi-source forward search is the minimum over the sources', () => {
    const g = randomGrid(11);
    const sources = [3, 48, 91];
    const multi = forwardSearch(g, sources);
    const single = sources.map((s) => forwardSearch(g, [s]));
    for (let v = 0; v < g.nodeCount; v++) expect(multi[v]).toBeCloseTo(Math.min(...single.map((a) => a[v]!)), 9);
  });

  it('stops at maxTimeS, leaving further nodes at Infinity', () => {
    const g = randomGrid(3);
    const full = forwardSearch(g, [0]);
    const capped = forwardSearch(g, [0], { maxTimeS: 30 });
    for (let v = 0; v < g.nodeCount; v++) {
      if (full[v]! <= 30) expect(capped[v]).toBe(full[v]);
      else expect(capped[v]).toBe(Infinity);
    }
  });

  it('reports unreachable nodes as Infinity and rejects nodes outside the graph', () => {
    const g = buildRoadGraph([way([[0, 0], [0.001, 0]], 1)]);
    const a = nodeAt(g, 0, 0);
    const b = nodeAt(g, 0.001, 0);
    expect(reverseSearch(g, b)[a]).toBeGreaterThan(0);
    expect(reverseSearch(g, a)[b]).toBe(Infinity);
    expect(() => reverseSearch(g, 5)).toThrow(RangeError);
    expect(() => forwardSearch(g, [-1])).toThrow(RangeError);
  });
});

describe('paths', () => {
  it('reverse and forward trees give the same fastest routes as A*, timed as the sum of their edges', () => {
    const g = randomGrid(21);
    const target = 63;
    const tree = reverseSearchTree(g, target);
    for (let from = 0; from < g.nodeCount; from += 5) {
      const viaTree = pathToTarget(g, tree, from);
      const direct = shortestPath(g, from, target);
      if (!direct) {
        expect(viaTree).toBeNull();
        continue;
      }
      expect(viaTree!.nodes[0]).toBe(from);
      expect(viaTree!.nodes[viaTree!.nodes.length - 1]).toBe(target);
      expect(viaTree!.timeS).toBeCloseTo(direct.timeS, 6);
      expect(viaTree!.timeS).toBeCloseTo(tree.timeS[from]!, 6);
      const sum = viaTree!.edges.reduce((s, e) => s + g.edgeTimeS[e]!, 0);
      expect(viaTree!.timeS).toBeCloseTo(sum, 9);
      expect(viaTree!.coords).toHaveLength(viaTree!.nodes.length);
    }
    const fTree = forwardSearchTree(g, [target]);
    for (let to = 0; to < g.nodeCount; to += 7) {
      const p = pathFromSources(g, fTree, to);
      const direct = shortestPath(g, target, to);
      if (!direct) expect(p).toBeNull();
      else expect(p!.timeS).toBeCloseTo(direct.timeS, 6);
    }
  });

  it('a route from a node to itself is that node, in zero seconds', () => {
    const g = randomGrid(2);
    expect(shortestPath(g, 4, 4)).toMatchObject({ nodes: [4], edges: [], timeS: 0 });
    expect(pathToTarget(g, reverseSearchTree(g, 4), 4)).toMatchObject({ nodes: [4], timeS: 0 });
  });
});
