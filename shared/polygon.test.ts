import { describe, expect, it } from 'vitest';
import { onRingBorder, polygonPosition, type PointPosition } from './polygon';

// A 4 × 4 square with a 1 × 1 hole at (1,1)–(2,2), and a concave "L" for the crossing rule's traps.
const square = Float64Array.from([0, 0, 4, 0, 4, 4, 0, 4, 0, 0]);
const hole = Float64Array.from([1, 1, 2, 1, 2, 2, 1, 2, 1, 1]);
const ell = Float64Array.from([0, 0, 3, 0, 3, 1, 1, 1, 1, 3, 0, 3, 0, 0]);
const slanted = Float64Array.from([0.1, 0.1, 0.7, 0.3, 0.2, 0.9, 0.1, 0.1]);

describe('polygonPosition', () => {
  it.each<[string, number, number, PointPosition, readonly Float64Array[]]>([
    ['well inside', 3, 3, 'inside', [square, hole]],
    ['outside, to the right on a vertex row (a ray through two vertices)', 5, 4, 'outside', [square, hole]],
    ['outside, left, level with a vertex', -1, 0, 'outside', [square]],
    ['on an edge (the bottom)', 2, 0, 'border', [square, hole]],
    ['on an edge (the left, vertical)', 0, 2.5, 'border', [square, hole]],
    ['on a vertex', 4, 4, 'border', [square, hole]],
    ['on the first vertex (where the ring closes)', 0, 0, 'border', [square]],
    ['a hair outside an edge, beyond the tolerance', 2, -1e-7, 'outside', [square]],
    ['within the tolerance of an edge', 2, -1e-10, 'border', [square]],
    ['inside the hole', 1.5, 1.5, 'outside', [square, hole]],
    ["on the hole's edge", 1.5, 1, 'border', [square, hole]],
    ["on the hole's vertex", 2, 2, 'border', [square, hole]],
    ['between the hole and the outer ring', 0.5, 1.5, 'inside', [square, hole]],
    ["in the L's notch (concave corner's outside)", 2, 2, 'outside', [ell]],
    ["on the L's inner corner", 1, 1, 'border', [ell]],
    ["in the L's arm, level with the inner edge", 2, 1 - 1e-6, 'inside', [ell]],
    ['on a slanted edge, by decimals that do not round exactly', 0.4, 0.2, 'border', [slanted]],
    ['just inside a slanted edge', 0.4, 0.2 + 1e-6, 'inside', [slanted]],
    ['no rings at all', 0, 0, 'outside', []],
  ])('%s: (%d, %d) is %s', (_why, x, y, expected, rings) => {
    expect(polygonPosition(x, y, rings)).toBe(expected);
  });

  it('onRingBorder takes an open ring as closed', () => {
    expect(onRingBorder(0, 2, Float64Array.from([0, 0, 4, 0, 4, 4, 0, 4]))).toBe(true);
  });
});
