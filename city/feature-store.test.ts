import { describe, expect, it } from 'vitest';
import type { Feature } from './basemap';
import { concatSources, FeatureStore, featureBbox, sourceOf } from './feature-store';

const line: Feature = { type: 'Feature', geometry: { type: 'LineString', coordinates: [[7.41, 43.73], [7.42, 43.74], [7.43, 43.735]] }, properties: { class: 'path', name: 'Chemin' } };
const square: Feature = { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[7.4, 43.7], [7.401, 43.7], [7.401, 43.701], [7.4, 43.7]]] }, properties: { class: 'building' } };
const flat = (f: Feature) => (f.geometry.type === 'Polygon' ? f.geometry.coordinates[0]! : (f.geometry.coordinates as number[][])).flat();

describe('the compact feature store', () => {
  it('gives back each feature as the GeoJSON it was, with its bounding box', () => {
    const store = new FeatureStore();
    store.add('LineString', { class: 'path', name: 'Chemin' }, flat(line), 6);
    for (let i = 0; i < 3; i++) store.add('Polygon', { class: 'building' }, flat(square), 8);
    expect(store.length).toBe(4);
    expect(store.feature(0)).toEqual(line);
    expect(store.feature(3)).toEqual(square);
    expect(store.bbox(0)).toEqual(featureBbox(line));
    expect(store.bbox(2)).toEqual([7.4, 43.7, 7.401, 43.701]);
    // Each feature gets its own properties object: a caller changing one changes no other.
    store.feature(1).properties.class = 'changed';
    expect(store.feature(2).properties).toEqual({ class: 'building' });
  });

  it('keeps a polygon\'s holes: rings back as they went in, the box of the outer ring', () => {
    const store = new FeatureStore();
    const outer = [7.4, 43.7, 7.41, 43.7, 7.41, 43.71, 7.4, 43.71, 7.4, 43.7];
    const hole = [7.402, 43.702, 7.404, 43.702, 7.404, 43.704, 7.402, 43.702];
    store.addPolygon({ class: 'water', name: '湖' }, [outer, hole]);
    store.add('Polygon', { class: 'building' }, flat(square), 8);
    const pairs = (f: number[]) => Array.from({ length: f.length / 2 }, (_, k) => [f[2 * k]!, f[2 * k + 1]!]);
    expect(store.feature(0)).toEqual({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [pairs(outer), pairs(hole)] }, properties: { class: 'water', name: '湖' } });
    expect(store.bbox(0)).toEqual([7.4, 43.7, 7.41, 43.71]);
    expect(store.feature(1)).toEqual(square);
  });

  it('grows past its first arrays without losing a coordinate', () => {
    const store = new FeatureStore();
    const n = 3000; // past 4,096 numbers and 1,024 features
    for (let i = 0; i < n; i++) store.add('LineString', { class: 'path' }, [i, i + 0.5, i + 1, i + 1.5], 4);
    expect(store.length).toBe(n);
    expect(store.feature(n - 1).geometry.coordinates).toEqual([[n - 1, n - 0.5], [n, n + 0.5]]);
    expect(store.bbox(1234)).toEqual([1234, 1234.5, 1235, 1235.5]);
  });

  it('lists and stores read alike, and concatenate in order', () => {
    const store = new FeatureStore();
    store.add('Polygon', { class: 'building' }, flat(square), 8);
    const both = concatSources([line], store);
    expect(both.length).toBe(2);
    expect(both.feature(0)).toBe(line);
    expect(both.feature(1)).toEqual(square);
    expect(both.bbox(1)).toEqual(featureBbox(square));
    expect(sourceOf([line, square]).bbox(1)).toEqual(featureBbox(square));
    expect(() => both.feature(2)).toThrow(RangeError);
  });
});
