import { describe, expect, it } from 'vitest';
import { namesFileSchema, streetIndex } from './street-index';

describe('the street index', () => {
  it('gives one point per name, on the longest piece, sorted; unnamed ways and bare numbers are left out', () => {
    const streets = streetIndex([
      { name: 'Kungsgatan', coords: [[0, 0], [0.001, 0]] },
      { name: 'Kungsgatan', coords: [[1, 1], [1.002, 1], [1.004, 1]] },
      { name: ' Avenyn ', coords: [[2, 2], [2, 2.001]] },
      { name: null, coords: [[3, 3], [3, 3.001]] },
      { name: '14', coords: [[4, 4], [4, 4.001]] },
      { name: '中山路', coords: [[5, 5], [5, 5.001]] },
    ]);
    expect(streets).toEqual([
      { name: 'Avenyn', lon: 2, lat: 2.001 },
      { name: 'Kungsgatan', lon: 1.002, lat: 1 },
      { name: '中山路', lon: 5, lat: 5.001 },
    ]);
    expect(namesFileSchema.safeParse({ streets }).success).toBe(true);
  });
});
