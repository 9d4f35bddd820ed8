import { describe, expect, it } from 'vitest';
import { mapSourceSchema, sniffTile, tileAt, xyzTileUrl } from './source';

describe('base-map sources', () => {
  it.each([
    [{ kind: 'city' }, true],
    [{ kind: 'xyz', url: 'http://pgis.local/t/{z}/{x}/{y}.png', format: 'raster', crs: 'gcj02' }, true],
    [{ kind: 'xyz', url: 'http://pgis.local/t/{z}/{x}/{-y}.png', format: 'raster', crs: 'wgs84' }, true],
    [{ kind: 'xyz', url: 'http://pgis.local/t/{z}/{x}.png', format: 'raster', crs: 'wgs84' }, false],
    [{ kind: 'xyz', url: 'file:///etc/{z}/{x}/{y}', format: 'raster', crs: 'wgs84' }, false],
    [{ kind: 'xyz', url: 'http://pgis.local/{z}/{x}/{y}', format: 'raster', crs: 'bd09' }, false],
    [{ kind: 'wmts', url: 'https://pgis.local/wmts?REQUEST=GetCapabilities', crs: 'wgs84' }, true],
    [{ kind: 'pmtiles', path: '', crs: 'wgs84' }, false],
    [{ kind: 'mbtiles', path: 'D:\\maps\\city.mbtiles', crs: 'wgs84', extra: 1 }, false],
  ])('%j is %s', (source, ok) => {
    expect(mapSourceSchema.safeParse(source).success).toBe(ok);
  });

  it('fills an XYZ template, TMS rows and subdomains included', () => {
    expect(xyzTileUrl('http://{s}.t/{z}/{x}/{y}.png', 3, 1, 2)).toBe('http://a.t/3/1/2.png');
    expect(xyzTileUrl('http://t/{z}/{x}/{-y}.png', 3, 1, 2)).toBe('http://t/3/1/5.png');
  });

  it.each([
    [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'png'],
    [[0xff, 0xd8, 0xff, 0xe0], 'jpeg'],
    [[0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50], 'webp'],
    [[0x1f, 0x8b, 8, 0], 'gzip'],
    [[0x1a, 0x05, 0x0a, 0x01, 0x61, 0x78, 0x02], 'mvt'],
    [[...Buffer.from('  <!DOCTYPE html><html>')], 'html'],
    [[0xef, 0xbb, 0xbf, ...Buffer.from('<?xml version="1.0"?><Capabilities/>')], 'xml'],
    [[...Buffer.from('{"error":1}')], 'json'],
  ])('sniffs %j as %s', (bytes, kind) => {
    expect(sniffTile(new Uint8Array(bytes))).toBe(kind);
  });

  it('finds the tile that holds a point', () => {
    expect(tileAt(0, 0, 1)).toEqual({ z: 1, x: 1, y: 1 });
    expect(tileAt(114.0579, 22.5431, 14)).toEqual({ z: 14, x: 13382, y: 7138 });
  });
});
