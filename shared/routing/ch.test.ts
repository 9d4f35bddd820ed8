import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildContractionHierarchy, createSourceTimes } from './ch';
import { buildRoadGraph, largestStronglyConnected, type RoadGraph, type RoadWay } from './road-graph';
import { forwardSearch, reverseSearch } from './search';

/**
 * The hierarchy's times against plain searches, to the last bit: on a generated grid (one-way
 * streets, missing streets, slow random speeds: many routes tie in a grid) and on the demo city
 * (central Göteborg's OSM roads). Its routes: a chain of real segments from start to end whose
 * times add up to the fastest time.
 */

const rng = (seed: number) => {
  let s = seed >>> 0 || 1;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  return { next, int: (n: number) => Math.floor(next() * n) };
};

function grid(seed: number, size: number): RoadGraph {
  const r = rng(seed);
  const ways: RoadWay[] = [];
  const at = (i: number, j: number): [number, number] => [118.7 + i * 0.0006, 32 + j * 0.0006];
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      for (const [di, dj] of [
        [1, 0],
        [0, 1],
      ] as const) {
        if (i + di >= size || j + dj >= size || r.next() < 0.04) continue;
        const oneway = r.next() < 0.2 ? (r.next() < 0.5 ? 1 : -1) : 0;
        ways.push({ name: null, highway: 'residential', oneway, maxspeedKmh: 3 + r.int(12), coords: [at(i, j), at(i + di, j + dj)] });
      }
    }
  }
  // A one-way spur out to a dead end (reached, never left) and one in from nowhere (left, never reached).
  ways.push({ name: null, highway: 'service', oneway: 1, maxspeedKmh: 10, coords: [at(0, 0), at(-1, -1), at(-2, -2)] });
  ways.push({ name: null, highway: 'service', oneway: 1, maxspeedKmh: 10, coords: [at(size + 1, size + 1), at(size, size), at(size - 1, size - 1)] });
  return buildRoadGraph(ways);
}

const DEMO = fileURLToPath(new URL('../../resources/demo-city/build/roads.json', import.meta.url));

function checkAgainstSearches(g: RoadGraph, seed: number, targets: number, sources: number): { compared: number; finite: number } {
  const ch = buildContractionHierarchy(g);
  const r = rng(seed);
  let compared = 0;
  let finite = 0;
  for (let t = 0; t < targets; t++) {
    const target = r.int(g.nodeCount);
    const whole = reverseSearch(g, target);
    for (let k = 0; k < sources; k++) {
      const from = r.int(g.nodeCount);
      const want = whole[from]!;
      expect(ch.time(from, target), `${from} → ${target}`).toBe(want);
      compared++;
      if (want === Infinity) {
        expect(ch.path(from, target)).toBeNull();
        continue;
      }
      finite++;
      const p = ch.path(from, target)!;
      expect(p.nodes[0]).toBe(from);
      expect(p.nodes.at(-1)).toBe(target);
      // Every step a segment of the graph, leaving where the last one arrived.
      const broken = p.edges.findIndex((e, i) => g.edgeSource[e] !== p.nodes[i] || g.edgeTarget[e] !== p.nodes[i + 1]);
      expect(broken).toBe(-1);
      expect(p.edges.length).toBe(p.nodes.length - 1);
      expect(p.timeS).toBe(want);
    }
  }
  return { compared, finite };
}

describe('contraction hierarchy', () => {
  it('gives every drive time of a plain search, to the last bit, on a grid where routes tie', () => {
    const g = grid(7, 40);
    const { compared, finite } = checkAgainstSearches(g, 11, 25, 120);
    expect(compared).toBe(3000);
    expect(finite).toBeGreaterThan(2500);
  });

  it('gives every drive time of a plain search on the demo city, and real routes', () => {
    if (!existsSync(DEMO)) throw new Error(`${DEMO} is missing: run npx tsx scripts/build-demo-city.ts`);
    const g = buildRoadGraph((JSON.parse(readFileSync(DEMO, 'utf8')) as { ways: RoadWay[] }).ways);
    const { finite } = checkAgainstSearches(g, 5, 12, 150);
    expect(finite).toBeGreaterThan(1000);
  });

  it('times from a set of sources to any node, as forward searches from each give them', () => {
    const g = grid(3, 30);
    const main = largestStronglyConnected(g);
    const ch = buildContractionHierarchy(g);
    const r = rng(2);
    const sources = Array.from({ length: 9 }, () => r.int(g.nodeCount));
    sources.push(sources[0]!); // the same node twice: both rows answered
    const times = createSourceTimes(ch, sources);
    const forward = sources.map((s) => forwardSearch(g, [s]));
    // Random nodes, and nodes off the main component (some sources cannot reach them, or they cannot be left).
    const offMain = [...main.keys()].filter((i) => !main[i]).slice(0, 20);
    expect(offMain.length).toBeGreaterThan(0);
    const tos = [...Array.from({ length: 200 }, () => r.int(g.nodeCount)), ...offMain];
    let unreachable = 0;
    for (const to of tos) {
      const got = times.to(to);
      expect([...got]).toEqual(forward.map((f) => f[to]!));
      unreachable += got.filter((t) => t === Infinity).length;
    }
    expect(unreachable).toBeGreaterThan(0);
  });

  it('refuses a node outside the graph', () => {
    const ch = buildContractionHierarchy(grid(1, 5));
    expect(() => ch.time(-1, 0)).toThrow(RangeError);
    expect(() => ch.path(0, 1e9)).toThrow(RangeError);
  });
});
