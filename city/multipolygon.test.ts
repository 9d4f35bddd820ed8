import { describe, expect, it } from 'vitest';
import { insideRing } from '../shared/polygon';
import { assembleRings, polygonsOf } from './multipolygon';

describe('multipolygon rings', () => {
  it('joins ways end to end in any order and direction into closed rings', () => {
    // A ring 1-2-3-4-5-6-1 in three pieces, one reversed and out of order, plus a closed way.
    const rings = assembleRings([[1, 2, 3], [6, 5, 4], [3, 4], [6, 1], [10, 11, 12, 10]]);
    expect(rings).toHaveLength(2);
    expect(rings).toContainEqual([10, 11, 12, 10]);
    const big = rings.find((r) => r.includes(1))!;
    expect(big[0]).toBe(big[big.length - 1]);
    expect(new Set(big)).toEqual(new Set([1, 2, 3, 4, 5, 6]));
    // Consecutive in the ring means consecutive in a way: every step is an edge of the input.
    const edges = new Set(['1-2', '2-3', '3-4', '4-5', '5-6', '6-1'].flatMap((e) => [e, e.split('-').reverse().join('-')]));
    for (let k = 1; k < big.length; k++) expect(edges.has(`${big[k - 1]}-${big[k]}`), `${big[k - 1]}-${big[k]}`).toBe(true);
  });

  it('leaves out a ring the extract cut open, and ways too short to be one', () => {
    expect(assembleRings([[1, 2, 3], [3, 4, 5]])).toEqual([]);
    expect(assembleRings([[1], [2, 3, 2]])).toEqual([]);
  });

  it('puts each hole in the outer ring it lies in, and drops one in none', () => {
    const square = (x: number, y: number, d: number) => Float64Array.from([x, y, x + d, y, x + d, y + d, x, y + d, x, y]);
    const a = square(0, 0, 10);
    const b = square(20, 0, 10);
    const holeB = square(22, 2, 1);
    const stray = square(50, 50, 1);
    expect(insideRing(5, 5, a)).toBe(true);
    expect(insideRing(15, 5, a)).toBe(false);
    expect(polygonsOf([a, b], [holeB, stray])).toEqual([[a], [b, holeB]]);
  });
});
