import { describe, expect, it } from 'vitest';
import { clipLine, joinCoastline, seaPolygons } from './coastline';
import { insideRing } from '../shared/polygon';

const BOX = [0, 0, 10, 10] as const;

/** Whether a point is water: inside an outer ring and outside its holes. */
const water = (polys: Float64Array[][], x: number, y: number) => polys.some(([outer, ...holes]) => insideRing(x, y, outer!) && !holes.some((h) => insideRing(x, y, h)));
/** Area by the shoelace formula (positive: counter-clockwise). */
const signedArea = (r: ArrayLike<number>) => {
  let a = 0;
  for (let i = 2; i < r.length; i += 2) a += r[i - 2]! * r[i + 1]! - r[i]! * r[i - 1]!;
  return a / 2;
};

describe('the sea from the coastline', () => {
  it('is to the right of the coast: a coast running east has the land north and the sea south', () => {
    const r = seaPolygons([[-1, 5, 4, 6, 11, 5]], [false], BOX);
    expect(r.broken).toBe(false);
    if (r.broken) return;
    expect(r.polygons).toHaveLength(1);
    expect(water(r.polygons, 5, 1)).toBe(true);
    expect(water(r.polygons, 5, 9)).toBe(false);
    expect(water(r.polygons, 1, 4.5)).toBe(true);
    // The polygon is the box below the coast (cut at y 5.2 and 5.142857 by the box): two trapezoids.
    expect(Math.abs(signedArea(r.polygons[0]![0]!))).toBeCloseTo(((5.2 + 6) / 2) * 4 + ((6 + 6 - 6 / 7) / 2) * 6, 6);
  });

  it('the same coast drawn westwards has the sea north', () => {
    const r = seaPolygons([[11, 5, 4, 6, -1, 5]], [false], BOX);
    if (r.broken) throw new Error('broken');
    expect(water(r.polygons, 5, 9)).toBe(true);
    expect(water(r.polygons, 5, 1)).toBe(false);
  });

  it('a peninsula: the coast comes in by the south edge and leaves by it, the sea all round the land it encloses', () => {
    // North along x=7 (land to the west), west along y=6 (land to the south), south along x=3
    // (land to the east): the land is the block x 3–7 below y 6, the sea the rest of the box.
    const r = seaPolygons([[7, -1, 7, 6, 3, 6, 3, -1]], [false], BOX);
    if (r.broken) throw new Error('broken');
    expect(water(r.polygons, 9, 5)).toBe(true);
    expect(water(r.polygons, 5, 3)).toBe(false);
    expect(water(r.polygons, 1, 5)).toBe(true);
    expect(water(r.polygons, 5, 8)).toBe(true);
  });

  it('an island inside the sea is a hole; an island alone makes the whole box sea round it', () => {
    // Island ring counter-clockwise (land on the left).
    const island = [4, 1, 6, 1, 6, 3, 4, 3, 4, 1];
    const r = seaPolygons([[-1, 5, 11, 5], island], [false, true], BOX);
    if (r.broken) throw new Error('broken');
    expect(water(r.polygons, 5, 2)).toBe(false);
    expect(water(r.polygons, 8, 2)).toBe(true);
    expect(r.polygons[0]).toHaveLength(2);
    const alone = seaPolygons([island], [true], BOX);
    if (alone.broken) throw new Error('broken');
    expect(water(alone.polygons, 9, 9)).toBe(true);
    expect(water(alone.polygons, 5, 2)).toBe(false);
  });

  it('no coast, no sea; a coast that ends inside the city is broken: no sea rather than the land flooded', () => {
    expect(seaPolygons([], [], BOX)).toEqual({ polygons: [], broken: false });
    const r = seaPolygons([[-1, 5, 5, 5]], [false], BOX);
    expect(r).toMatchObject({ broken: true, polygons: [] });
    if (r.broken) expect(r.why).toMatch(/ends inside the city at 5.00000, 5.00000/);
  });

  it('joins coast ways end to start, keeping their direction, in any order', () => {
    const { chains, closed } = joinCoastline([
      [3, 4],
      [1, 2, 3],
      [4, 5],
      [10, 11, 12, 10],
    ]);
    expect(chains).toEqual([[1, 2, 3, 4, 5], [10, 11, 12, 10]]);
    expect(closed).toEqual([false, true]);
  });

  it('clips a line to the box, a piece for each time it is inside', () => {
    expect(clipLine([-5, 5, 5, 5, 5, 15, 7, 15, 7, 5, 15, 5], BOX)).toEqual([
      [0, 5, 5, 5, 5, 10],
      [7, 10, 7, 5, 10, 5],
    ]);
  });
});
