import { describe, expect, it } from 'vitest';
import { blur3, enclosedCells } from './coverage';

/** A grid from rows of text: '#' a cell with a road, '.' one without; row 0 is the south. */
function grid(lines: string[]) {
  const rows = lines.length;
  const cols = lines[0]!.length;
  const road = new Uint8Array(rows * cols);
  lines.forEach((line, r) => [...line].forEach((ch, c) => (road[r * cols + c] = ch === '#' ? 1 : 0)));
  return { road, rows, cols };
}
const show = (inside: Uint8Array, cols: number) => Array.from({ length: inside.length / cols }, (_, r) => [...inside.slice(r * cols, (r + 1) * cols)].map((v) => (v ? 'i' : '.')).join(''));

describe('coverage classes', () => {
  it('counts a roadless cell as in the city when roads stand on all four sides within reach, else as the surroundings', () => {
    const { road, rows, cols } = grid([
      '.........',
      '.#######.',
      '.#.....#.',
      '.#.....#.',
      '.#######.',
      '.........',
    ]);
    expect(show(enclosedCells(road, cols, rows, 5), cols)).toEqual([
      '.........',
      '.........',
      '..iiiii..',
      '..iiiii..',
      '.........',
      '.........',
    ]);
  });

  it('does not reach further than it is told: a wide gap needs roads within reach on both sides', () => {
    const { road, rows, cols } = grid(['#########', '#.......#', '#########']);
    expect(show(enclosedCells(road, cols, rows, 3), cols)).toEqual(['.........', '.........', '.........']);
    expect(show(enclosedCells(road, cols, rows, 4), cols)).toEqual(['.........', '....i....', '.........']);
    expect(show(enclosedCells(road, cols, rows, 7), cols)).toEqual(['.........', '.iiiiiii.', '.........']);
  });

  it('softens two neighbouring classes so that their ½-contours coincide (no gap, no overlap)', () => {
    const cols = 6;
    const rows = 4;
    const a = new Float32Array(cols * rows).map((_, i) => (i % cols < 3 ? 1 : 0));
    const b = a.map((v) => 1 - v);
    const sa = blur3(a, cols, rows);
    const sb = blur3(b, cols, rows);
    for (let i = 0; i < sa.length; i++) expect(sa[i]! + sb[i]!).toBeCloseTo(1, 6);
    // A lone cell, half softened as the bands are, still reaches ½: it is drawn.
    const lone = new Float32Array(9);
    lone[4] = 1;
    expect((lone[4]! + blur3(lone, 3, 3)[4]!) / 2).toBeGreaterThan(0.5);
  });
});
