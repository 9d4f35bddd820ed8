import { describe, expect, it } from 'vitest';
import { buildRoadGraph, createRouter, largestStronglyConnected, type RoadGraph, type RoadWay } from './road-graph';

const way = (coords: [number, number][], oneway: -1 | 0 | 1 = 0, maxspeedKmh = 50): RoadWay => ({
  name: null,
  highway: 'residential',
  oneway,
  maxspeedKmh,
  coords,
});

const nodeAt = (g: RoadGraph, lon: number, lat: number): number => {
  for (let i = 0; i < g.nodeCount; i++) if (g.nodeLon[i] === lon && g.nodeLat[i] === lat) return i;
  throw new Error(`no node at ${lon},${lat}`);
};

const pathNodes = (g: RoadGraph, from: number, edges: Uint32Array): number[] => [from, ...[...edges].map((e) => g.edgeTarget[e]!)];

describe('buildRoadGraph', () => {
  it('merges shared vertices and respects oneway in both directions', () => {
    const g = buildRoadGraph([
      way([[0, 0], [0.001, 0], [0.002, 0]]),
      way([[0.001, 0], [0.001, 0.001]], 1),
      way([[0.002, 0], [0.002, 0.001]], -1),
    ]);
    expect(g.nodeCount).toBe(5);
    // 2 two-way segments (4 edges) + 1 + 1 one-way edges.
    expect(g.edgeCount).toBe(6);
    const has = (a: [number, number], b: [number, number]) => {
      const u = nodeAt(g, ...a);
      const v = nodeAt(g, ...b);
      for (let e = g.edgeStart[u]!; e < g.edgeStart[u + 1]!; e++) if (g.edgeTarget[e] === v) return true;
      return false;
    };
    expect(has([0.001, 0], [0.001, 0.001])).toBe(true);
    expect(has([0.001, 0.001], [0.001, 0])).toBe(false);
    expect(has([0.002, 0.001], [0.002, 0])).toBe(true);
    expect(has([0.002, 0], [0.002, 0.001])).toBe(false);
  });

  it('weights edges by length over speed', () => {
    const g = buildRoadGraph([way([[0, 0], [0, 0.01]], 1, 36)]);
    expect(g.edgeLengthM[0]).toBeCloseTo(1112, 0);
    expect(g.edgeTimeS[0]).toBeCloseTo(111.2, 0); // 36 km/h = 10 m/s
  });
});

describe('largestStronglyConnected', () => {
  it('leaves out nodes that can be entered but not left', () => {
    const g = buildRoadGraph([
      way([[0, 0], [0.001, 0], [0.001, 0.001], [0, 0]]), // a two-way triangle
      way([[0.001, 0.001], [0.005, 0.005]], 1), // a one-way spur into a dead end
    ]);
    const main = largestStronglyConnected(g);
    expect([...main].reduce((a, b) => a + b, 0)).toBe(3);
    expect(main[nodeAt(g, 0.005, 0.005)]).toBe(0);
  });
});

describe('createRouter', () => {
  it('takes the faster road, not the shorter one', () => {
    // Direct street (slow, 10 km/h) vs. a detour on a fast road (90 km/h).
    const g = buildRoadGraph([
      way([[0, 0], [0.01, 0]], 0, 10),
      way([[0, 0], [0, 0.002], [0.01, 0.002], [0.01, 0]], 0, 90),
    ]);
    const r = createRouter(g);
    const a = nodeAt(g, 0, 0);
    const b = nodeAt(g, 0.01, 0);
    expect(pathNodes(g, a, r.shortestPath(a, b)!)).toEqual([a, nodeAt(g, 0, 0.002), nodeAt(g, 0.01, 0.002), b]);
  });

  it('never drives a oneway backwards, and reports unreachable targets', () => {
    const g = buildRoadGraph([
      way([[0, 0], [0.001, 0]], 1), // the only link, one way
    ]);
    const r = createRouter(g);
    const a = nodeAt(g, 0, 0);
    const b = nodeAt(g, 0.001, 0);
    expect(r.shortestPath(a, b)?.length).toBe(1);
    expect(r.shortestPath(b, a)).toBeNull();
    expect(r.shortestPath(a, a)?.length).toBe(0);
    expect(r.shortestPath(a, 99)).toBeNull();
  });

  it('matches a Bellman-Ford reference on a random grid', () => {
    // 12×12 grid with random speeds and some one-way streets, both reproducible.
    let s = 99;
    const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const ways: RoadWay[] = [];
    const N = 12;
    const d = 0.001;
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        const ow = () => (rnd() < 0.2 ? (rnd() < 0.5 ? 1 : -1) : 0);
        if (i + 1 < N) ways.push(way([[i * d, j * d], [(i + 1) * d, j * d]], ow(), 10 + Math.floor(rnd() * 80)));
        if (j + 1 < N) ways.push(way([[i * d, j * d], [i * d, (j + 1) * d]], ow(), 10 + Math.floor(rnd() * 80)));
      }
    }
    const g = buildRoadGraph(ways);
    const r = createRouter(g);
    const weighted = createRouter(g, { heuristicWeight: 2 });
    const bellmanFord = (src: number) => {
      const dist = new Float64Array(g.nodeCount).fill(Infinity);
      dist[src] = 0;
      for (let k = 0; k < g.nodeCount; k++) {
        let changed = false;
        for (let e = 0; e < g.edgeCount; e++) {
          const nd = dist[g.edgeSource[e]!]! + g.edgeTimeS[e]!;
          if (nd < dist[g.edgeTarget[e]!]!) {
            dist[g.edgeTarget[e]!] = nd;
            changed = true;
          }
        }
        if (!changed) break;
      }
      return dist;
    };
    for (let k = 0; k < 10; k++) {
      const from = Math.floor(rnd() * g.nodeCount);
      const ref = bellmanFord(from);
      for (let to = 0; to < g.nodeCount; to += 7) {
        const p = r.shortestPath(from, to);
        if (ref[to] === Infinity) {
          expect(p).toBeNull();
          continue;
        }
        let t = 0;
        let at = from;
        for (const e of p!) {
          expect(g.edgeSource[e]).toBe(at);
          at = g.edgeTarget[e]!;
          t += g.edgeTimeS[e]!;
        }
        expect(at).toBe(to);
        expect(t).toBeCloseTo(ref[to]!, 3);
        // Weighted A* trades optimality for speed, within its weight.
        const q = weighted.shortestPath(from, to)!;
        expect(g.edgeTarget[q[q.length - 1]!] ?? from).toBe(to);
        expect([...q].reduce((sum, e) => sum + g.edgeTimeS[e]!, 0)).toBeLessThanOrEqual(ref[to]! * 2 + 1e-6);
      }
    }
  });
});
