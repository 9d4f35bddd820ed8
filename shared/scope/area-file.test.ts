import { describe, expect, it } from 'vitest';
import { MAX_AREA_FILE_CHARS, parseAreaFile } from './area-file';

const square = [
  [11.9, 57.7],
  [11.95, 57.7],
  [11.95, 57.72],
  [11.9, 57.72],
  [11.9, 57.7],
];
const polygon = { type: 'Polygon', coordinates: [square] };

describe('a unit’s area from a file', () => {
  it.each<[string, unknown]>([
    ['a bare Polygon', polygon],
    ['a Feature of one', { type: 'Feature', properties: { name: '新区' }, geometry: polygon }],
    ['a FeatureCollection of one', { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: polygon }] }],
    ['a MultiPolygon of a single part', { type: 'MultiPolygon', coordinates: [[square]] }],
  ])('takes %s', (_why, json) => {
    const r = parseAreaFile(JSON.stringify(json));
    expect(r).toEqual({ ok: true, area: { type: 'Polygon', coordinates: [square] }, points: 4 });
  });

  it('takes a byte-order mark and a hole (an enclave)', () => {
    const hole = [
      [11.91, 57.71],
      [11.92, 57.71],
      [11.92, 57.715],
      [11.91, 57.71],
    ];
    const r = parseAreaFile('\uFEFF' + JSON.stringify({ type: 'Polygon', coordinates: [square, hole] }));
    expect(r).toMatchObject({ ok: true, points: 7 });
  });

  it.each<[string, string, string]>([
    ['not JSON', '区域: 新区', 'not_json'],
    ['no polygon (a point)', JSON.stringify({ type: 'Point', coordinates: [11.9, 57.7] }), 'no_polygon'],
    ['no polygon (an empty collection)', JSON.stringify({ type: 'FeatureCollection', features: [] }), 'no_polygon'],
    ['two parts', JSON.stringify({ type: 'MultiPolygon', coordinates: [[square], [square]] }), 'many_parts'],
    ['two features', JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: polygon }, { type: 'Feature', geometry: polygon }] }), 'many_parts'],
    ['an open ring', JSON.stringify({ type: 'Polygon', coordinates: [square.slice(0, 4)] }), 'bad_ring'],
    ['a point off the earth', JSON.stringify({ type: 'Polygon', coordinates: [square.map(([a, b]) => [a! + 200, b])] }), 'bad_ring'],
    ['a ring of three points', JSON.stringify({ type: 'Polygon', coordinates: [[square[0], square[1], square[0]]] }), 'bad_ring'],
    ['more points than a tree travels with', JSON.stringify({ type: 'Polygon', coordinates: [[...Array.from({ length: 5001 }, (_, i) => [11.9 + i * 1e-5, 57.7]), [11.9, 57.7]]] }), 'too_many_points'],
  ])('refuses %s, saying which', (_why, text, code) => {
    const r = parseAreaFile(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem.code).toBe(code);
  });

  it('refuses a file larger than it reads, before parsing it', () => {
    const r = parseAreaFile(' '.repeat(MAX_AREA_FILE_CHARS + 1));
    expect(r).toEqual({ ok: false, problem: { code: 'too_large', chars: MAX_AREA_FILE_CHARS + 1 } });
  });
});
