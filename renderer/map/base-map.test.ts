// maplibre-gl's own style validator (its dependency): a style it rejects leaves the map blank.
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import type { MapInfo } from '../../shared/board-api';
import { createBaseStyle, MAP_FONT_STACK, mergeAttribution, OSM_ATTRIBUTION, TILE_URL_TEMPLATE } from './base-style';
import { createTileLoader, parseTileUrl, tileBuffer } from './tile-protocol';

const info: MapInfo = {
  bounds: [11.9, 57.68, 12.0, 57.72],
  center: [11.96, 57.7],
  zoom: 13,
  minzoom: 10,
  maxzoom: 16,
  attribution: '',
  layers: ['roads', 'areas'],
  format: 'vector',
  crs: 'wgs84',
  tileSize: 256,
  source: 'city',
};

describe('base style', () => {
  const style = createBaseStyle(info);

  it('is a valid maplibre style', () => {
    expect(validateStyleMin(style)).toEqual([]);
  });

  it('uses only the jbtiles protocol, with no glyphs or sprite URL', () => {
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    expect(style.sources.base).toMatchObject({ type: 'vector', tiles: [TILE_URL_TEMPLATE], minzoom: 10, maxzoom: 16, attribution: OSM_ATTRIBUTION });
    expect(JSON.stringify(style)).not.toMatch(/https?:\/\//);
  });

  it('draws a dark background, areas, roads by class and road name labels in local CJK fonts', () => {
    const ids = style.layers.map((l) => l.id);
    expect(ids).toEqual(['background', 'areas', 'roads-path', 'roads-minor', 'roads-mid', 'roads-major', 'road-labels']);
    const labels = style.layers.find((l) => l.id === 'road-labels');
    expect(labels).toMatchObject({ type: 'symbol', layout: { 'symbol-placement': 'line', 'text-field': ['get', 'name'], 'text-font': MAP_FONT_STACK } });
    const path = style.layers.find((l) => l.id === 'roads-path');
    expect(path).toMatchObject({ paint: { 'line-dasharray': [2, 2] } });
  });

  it('draws an imported city\'s buildings from zoom 14 under the roads, and its place names over everything', () => {
    const city = createBaseStyle({ ...info, layers: ['roads', 'areas', 'buildings', 'places'] });
    expect(validateStyleMin(city)).toEqual([]);
    expect(city.layers.map((l) => l.id)).toEqual(['background', 'areas', 'buildings', 'roads-path', 'roads-minor', 'roads-mid', 'roads-major', 'road-labels', 'place-labels']);
    expect(city.layers.find((l) => l.id === 'buildings')).toMatchObject({ type: 'fill', minzoom: 14, 'source-layer': 'buildings' });
    expect(city.layers.find((l) => l.id === 'place-labels')).toMatchObject({ type: 'symbol', 'source-layer': 'places', layout: { 'text-field': ['get', 'name'], 'text-font': MAP_FONT_STACK } });
  });

  it('leaves out layers the tiles do not have', () => {
    const roadsOnly = createBaseStyle({ ...info, layers: ['roads'] });
    expect(roadsOnly.layers.map((l) => l.id)).not.toContain('areas');
    expect(createBaseStyle({ ...info, layers: [] }).layers.map((l) => l.id)).toEqual(['background']);
  });

  it('always carries the OpenStreetMap notice', () => {
    expect(mergeAttribution('', OSM_ATTRIBUTION)).toBe(OSM_ATTRIBUTION);
    expect(mergeAttribution('© OpenStreetMap contributors', OSM_ATTRIBUTION)).toBe('© OpenStreetMap contributors');
    expect(mergeAttribution('City GIS', OSM_ATTRIBUTION)).toBe(`City GIS | ${OSM_ATTRIBUTION}`);
  });
});

describe('tile protocol', () => {
  it('parses jbtiles URLs and refuses anything else', () => {
    expect(parseTileUrl('jbtiles://14/8712/4823')).toEqual({ z: 14, x: 8712, y: 4823 });
    expect(parseTileUrl('jbtiles://0/0/0')).toEqual({ z: 0, x: 0, y: 0 });
    expect(parseTileUrl('jbtiles://1/2/0')).toBeNull(); // x out of range at z1
    expect(parseTileUrl('https://example.com/1/0/0')).toBeNull();
    expect(parseTileUrl('jbtiles://a/b/c')).toBeNull();
  });

  it('hands maplibre exactly the tile: the buffer itself when the view covers it, a copy of the view otherwise', () => {
    const whole = new Uint8Array([1, 2, 3]);
    expect(tileBuffer(whole)).toBe(whole.buffer);
    const inner = new Uint8Array([9, 1, 2, 3, 9]).subarray(1, 4);
    const copied = tileBuffer(inner);
    expect([...new Uint8Array(copied)]).toEqual([1, 2, 3]);
    expect(copied.byteLength).toBe(3);
  });

  it('asks the board for the tile and returns its bytes, or an empty buffer', async () => {
    const calls: unknown[] = [];
    const client = {
      call: async (method: string, arg: unknown) => {
        calls.push([method, arg]);
        return { data: (arg as { z: number }).z === 3 ? new Uint8Array([1, 2, 3]) : null };
      },
    } as unknown as Parameters<typeof createTileLoader>[0];
    const load = createTileLoader(client);
    const hit = await load({ url: 'jbtiles://3/1/2' }, new AbortController());
    expect([...new Uint8Array(hit.data as ArrayBuffer)]).toEqual([1, 2, 3]);
    const miss = await load({ url: 'jbtiles://4/1/2' }, new AbortController());
    expect((miss.data as ArrayBuffer).byteLength).toBe(0);
    expect(calls).toEqual([
      ['map.tile', { z: 3, x: 1, y: 2 }],
      ['map.tile', { z: 4, x: 1, y: 2 }],
    ]);
    await expect(load({ url: 'jbtiles://x' }, new AbortController())).rejects.toThrow(/bad tile URL/);
  });
});
