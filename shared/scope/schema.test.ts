import { describe, expect, it } from 'vitest';
import { DEFAULT_SCOPE_SETTINGS, scopeSettingsSchema, unitSchema } from './schema';

const square: [number, number][] = [
  [11.9, 57.7],
  [12, 57.7],
  [12, 57.8],
  [11.9, 57.7],
];
const base = { id: 'unit-a', kind: 'station', name: '甲派出所', nameEn: 'A Police Station', parentId: 'unit-county' };

describe('unitSchema', () => {
  it.each<[string, unknown, boolean]>([
    ['a station with no area (it takes its parent’s)', { ...base, area: null }, true],
    ['a station with an area and an address', { ...base, area: { type: 'Polygon', coordinates: [square] }, address: 'Drottningtorget' }, true],
    ['the city: no parent', { ...base, kind: 'city', parentId: null, area: { type: 'Polygon', coordinates: [square] } }, true],
    ['a kind nobody has', { ...base, kind: 'province', area: null }, false],
    ['a ring that does not close', { ...base, area: { type: 'Polygon', coordinates: [square.slice(0, 3).concat([[11.95, 57.75]])] } }, false],
    ['a ring of three points', { ...base, area: { type: 'Polygon', coordinates: [square.slice(1)] } }, false],
    ['a ring of 5,001 points', { ...base, area: { type: 'Polygon', coordinates: [[...Array.from({ length: 5000 }, (_, i) => [11 + i / 1e4, 57] as [number, number]), [11, 57]]] } }, false],
    ['a polygon without rings', { ...base, area: { type: 'Polygon', coordinates: [] } }, false],
    ['a point off the earth', { ...base, area: { type: 'Polygon', coordinates: [[[200, 57.7], ...square.slice(1, 3), [200, 57.7]]] } }, false],
    ['a MultiPolygon (one area per unit)', { ...base, area: { type: 'MultiPolygon', coordinates: [[square]] } }, false],
    ['an id with spaces', { ...base, id: 'unit a', area: null }, false],
    ['an unknown field', { ...base, area: null, colour: 'red' }, false],
  ])('%s', (_why, row, ok) => {
    expect(unitSchema.safeParse(row).success).toBe(ok);
  });
});

describe('scopeSettingsSchema', () => {
  it.each<[string, unknown, boolean]>([
    ['the defaults', DEFAULT_SCOPE_SETTINGS, true],
    ['a threshold of one piece', { showNeighbours: true, largeAllocationUnits: 1 }, true],
    ['a threshold of zero (every allocation large: say so with 1)', { showNeighbours: true, largeAllocationUnits: 0 }, false],
    ['a fractional threshold', { showNeighbours: true, largeAllocationUnits: 2.5 }, false],
    ['a missing setting', { showNeighbours: true }, false],
  ])('%s', (_why, settings, ok) => {
    expect(scopeSettingsSchema.safeParse(settings).success).toBe(ok);
  });
});
