import { describe, expect, it } from 'vitest';
import { namesFileSchema, placeIndex, streetIndex } from './street-index';

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
    expect(namesFileSchema.safeParse({ streets, places: [] }).success).toBe(true);
  });

  it('an index written before places were indexed reads as one without places', () => {
    expect(namesFileSchema.parse({ streets: [{ name: 'Avenyn', lon: 2, lat: 2 }] }).places).toEqual([]);
    expect(namesFileSchema.safeParse({ streets: [], places: [{ name: 'X', kind: 'county', lon: 0, lat: 0 }] }).success).toBe(false);
  });
});

describe('the place index', () => {
  const point = (cls: unknown, name: unknown, coordinates: unknown = [7.42, 43.73], type = 'Point') => ({ geometry: { type, coordinates }, properties: { class: cls, name } });
  it('keeps named places of the known kinds, one per name and kind, larger kinds first, then by name', () => {
    const places = placeIndex([
      point('suburb', 'La Condamine', [7.419, 43.734]),
      point('city', 'Monaco', [7.42, 43.73]),
      point('suburb', 'La Condamine', [7.5, 43.8]), // the same node again across a cut
      point('suburb', 'Fontvieille', [7.415, 43.728]),
      point('hamlet', '  ', [7.4, 43.7]), // no name
      point('county', 'Alpes-Maritimes'), // not a kind the board names
      point('town', 'Beausoleil', [7.423, 43.743]),
      point('village', 'Eze', [7.36, 43.72], 'LineString'), // not a point
    ]);
    expect(places).toEqual([
      { name: 'Monaco', kind: 'city', lon: 7.42, lat: 43.73 },
      { name: 'Beausoleil', kind: 'town', lon: 7.423, lat: 43.743 },
      { name: 'Fontvieille', kind: 'suburb', lon: 7.415, lat: 43.728 },
      { name: 'La Condamine', kind: 'suburb', lon: 7.419, lat: 43.734 },
    ]);
    expect(namesFileSchema.safeParse({ streets: [], places }).success).toBe(true);
  });
});
