import { describe, expect, it } from 'vitest';
import { moveRow } from './WallSettings';

const rows = ['a', 'b', 'c'].map((id) => ({ id, enabled: true, durationS: 10 }));

describe('wall settings rows', () => {
  it('move up and down, and stay put at the ends', () => {
    expect(moveRow(rows, 1, -1).map((r) => r.id)).toEqual(['b', 'a', 'c']);
    expect(moveRow(rows, 1, 1).map((r) => r.id)).toEqual(['a', 'c', 'b']);
    expect(moveRow(rows, 0, -1)).toBe(rows);
    expect(moveRow(rows, 2, 1)).toBe(rows);
    expect(rows.map((r) => r.id)).toEqual(['a', 'b', 'c']);
  });
});
