import { describe, expect, it } from 'vitest';
import { createLazyReverseSearch } from './lazy-search';
import { buildRoadGraph, type RoadWay } from './road-graph';
import { pathToTarget, reverseSearchTree } from './search';

/** A 30×30 grid, random speeds, a fifth of the streets one-way, a few missing (some nodes cut off). */
function grid(seed: number) {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const ways: RoadWay[] = [];
  const N = 30;
  const d = 0.001;
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      const ow = (): -1 | 0 | 1 => (rnd() < 0.2 ? (rnd() < 0.5 ? 1 : -1) : 0);
      if (i + 1 < N && rnd() > 0.05) ways.push({ name: null, highway: 'residential', oneway: ow(), maxspeedKmh: 10 + Math.floor(rnd() * 80), coords: [[i * d, j * d], [(i + 1) * d, j * d]] });
      if (j + 1 < N && rnd() > 0.05) ways.push({ name: null, highway: 'residential', oneway: ow(), maxspeedKmh: 10 + Math.floor(rnd() * 80), coords: [[i * d, j * d], [i * d, (j + 1) * d]] });
    }
  }
  return { g: buildRoadGraph(ways), rnd };
}

describe('lazy reverse search', () => {
  it('settles nearest first and answers exactly as the whole search, times and routes, however it is paused', () => {
    for (const seed of [1, 2, 3]) {
      const { g, rnd } = grid(seed);
      for (let q = 0; q < 6; q++) {
        const target = Math.floor(rnd() * g.nodeCount);
        const whole = reverseSearchTree(g, target);
        const lazy = createLazyReverseSearch(g, target);
        let last = 0;
        // Paused at random radii: everything settled is exact, everything else at least the frontier.
        for (const r of [0, 30, 90, 200, Infinity]) {
          lazy.growThrough(r);
          expect(lazy.frontierS()).toBeGreaterThan(r === Infinity ? 1e300 : r);
          for (let n = 0; n < g.nodeCount; n++) {
            const t = lazy.settledTime(n);
            if (t === undefined) expect(whole.timeS[n]!).toBeGreaterThanOrEqual(lazy.frontierS());
            else expect(t).toBe(whole.timeS[n]);
          }
        }
        // One node at a time, in order of time.
        const stepper = createLazyReverseSearch(g, target);
        const steps: number[] = [];
        for (let u = stepper.step(); u >= 0; u = stepper.step()) {
          expect(stepper.settledTime(u)!).toBeGreaterThanOrEqual(last);
          last = stepper.settledTime(u)!;
          steps.push(u);
        }
        // The settled nodes read back by index: the same nodes in the same order, each once.
        expect(stepper.settled).toBe(steps.length);
        expect(Array.from({ length: stepper.settled }, (_, i) => stepper.settledNode(i))).toEqual(steps);
        expect(Array.from({ length: lazy.settled }, (_, i) => lazy.settledNode(i))).toEqual(steps);
        // Routes: the same tree, ties included, asked of a fresh search (it searches as far as each needs).
        const fresh = createLazyReverseSearch(g, target);
        for (let k = 0; k < 40; k++) {
          const from = Math.floor(rnd() * g.nodeCount);
          expect(fresh.timeTo(from)).toBe(whole.timeS[from]);
          expect(fresh.pathFrom(from)).toEqual(pathToTarget(g, whole, from));
        }
      }
    }
  });
});
