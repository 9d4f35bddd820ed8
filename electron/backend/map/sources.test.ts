import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BoardError, type MapInfo } from '../../../shared/board-api';
import { tileAt, type MapSource } from '../../../shared/map/source';
import type { BaseMap } from './basemap';
import { createMapService, MAP_SOURCE_SETTING } from './map-service';
import { checkTileSource, inflateTile, openTileSource, vectorTileLayers } from './sources';
import { solidPng } from './testing/png';
import { TileType, writePmtiles } from './testing/pmtiles-writer';

/** A vector tile with the given (empty) layers: field 3 per layer, each with its name and version 2. */
function mvt(...layers: string[]): Uint8Array {
  const parts: number[] = [];
  for (const name of layers) {
    const n = [...Buffer.from(name)];
    const layer = [0x0a, n.length, ...n, 0x78, 0x02];
    parts.push(0x1a, layer.length, ...layer);
  }
  return new Uint8Array(parts);
}

const CITY: MapInfo = {
  bounds: [11.9, 57.68, 12.0, 57.72],
  center: [11.95, 57.7],
  zoom: 13,
  minzoom: 10,
  maxzoom: 16,
  attribution: '',
  layers: ['roads'],
  format: 'vector',
  crs: 'wgs84',
  tileSize: 256,
  source: 'city',
};
const cityMap = { info: () => CITY, tile: () => Buffer.from(mvt('roads')), names: () => ({ streets: [], places: [] }), close: () => undefined } as unknown as BaseMap;
const MIDDLE = tileAt(CITY.center[0], CITY.center[1], 14);

let dir = '';
let server: Server;
let base = '';
/** What each path answers; the requests seen, in order. */
const routes = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>();
const seen: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jb-sources-'));
  server = createServer((req, res) => {
    seen.push(req.url ?? '');
    const path = (req.url ?? '').split('?')[0]!;
    const route = [...routes].find(([prefix]) => path.startsWith(prefix));
    if (route) return route[1](req, res);
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const deps = { cityMap: () => cityMap, timeoutMs: 2000 };

describe('XYZ tile service', () => {
  it('loads a raster tile from a local server, at the z/x/y asked', async () => {
    routes.set('/png/', (_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(solidPng([10, 200, 30])));
    seen.length = 0;
    const src = openTileSource({ kind: 'xyz', url: `${base}/png/{z}/{x}/{y}.png`, format: 'raster', crs: 'gcj02', minzoom: 0, maxzoom: 18 }, deps);
    const info = await src.info();
    expect(info).toMatchObject({ format: 'raster', crs: 'gcj02', source: 'xyz', tileSize: 256, bounds: CITY.bounds, layers: [] });
    const bytes = await src.tile(14, MIDDLE.x, MIDDLE.y);
    expect([...bytes!.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(seen).toEqual([`/png/14/${MIDDLE.x}/${MIDDLE.y}.png`]);
    // Outside its zoom levels nothing is asked for.
    expect(await openTileSource({ kind: 'xyz', url: `${base}/png/{z}/{x}/{y}.png`, format: 'raster', crs: 'wgs84', minzoom: 5, maxzoom: 12 }, deps).tile(14, 1, 1)).toBeNull();
    expect(seen).toHaveLength(1);
  });

  it('counts TMS rows from the south with {-y}', async () => {
    seen.length = 0;
    const src = openTileSource({ kind: 'xyz', url: `${base}/png/{z}/{x}/{-y}.png`, format: 'raster', crs: 'wgs84', minzoom: 0, maxzoom: 18 }, deps);
    await src.tile(3, 1, 2);
    expect(seen).toEqual(['/png/3/1/5.png']);
  });

  it('inflates gzipped vector tiles and reads their layers', async () => {
    routes.set('/mvt/', (_req, res) => res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end(gzipSync(mvt('roads', 'water'))));
    const src = openTileSource({ kind: 'xyz', url: `${base}/mvt/{z}/{x}/{y}.pbf`, format: 'vector', crs: 'wgs84', minzoom: 0, maxzoom: 16 }, deps);
    expect((await src.info()).layers).toEqual(['roads', 'water']);
    const t = await src.tile(14, MIDDLE.x, MIDDLE.y);
    expect(vectorTileLayers(t!)).toEqual(['roads', 'water']);
  });

  it('a 404 is no tile, not an error', async () => {
    const src = openTileSource({ kind: 'xyz', url: `${base}/nothing/{z}/{x}/{y}.png`, format: 'raster', crs: 'wgs84', minzoom: 0, maxzoom: 18 }, deps);
    expect(await src.tile(14, 1, 1)).toBeNull();
  });

  it.each([
    ['errors', '/err/', (_q: IncomingMessage, r: ServerResponse) => r.writeHead(503, { 'content-type': 'text/plain' }).end('upstream overloaded'), 'http_error', /HTTP 503: upstream overloaded/],
    ['a web page with 200 (a gateway login)', '/html/', (_q: IncomingMessage, r: ServerResponse) => r.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><body>请登录</body></html>'), 'html', /web page/],
    ['a web page sent as image/png', '/fakepng/', (_q: IncomingMessage, r: ServerResponse) => r.writeHead(200, { 'content-type': 'image/png' }).end('<html><body>error</body></html>'), 'html', /web page/],
    ['JSON where an image belongs', '/json/', (_q: IncomingMessage, r: ServerResponse) => r.writeHead(200, { 'content-type': 'application/json' }).end('{"error":"no such layer"}'), 'wrong_type', /not a PNG, JPEG or WebP image but json \(Content-Type application\/json\)/],
  ])('the check says what is wrong when a tile URL answers %s', async (_what, prefix, handler, problem, detail) => {
    routes.set(prefix, handler);
    const check = await checkTileSource({ kind: 'xyz', url: `${base}${prefix}{z}/{x}/{y}.png`, format: 'raster', crs: 'wgs84', minzoom: 0, maxzoom: 18 }, deps);
    expect(check).toMatchObject({ ok: false, problem, tile: `14/${MIDDLE.x}/${MIDDLE.y}` });
    expect(check.detail).toMatch(detail);
  });

  it('the check names an address nobody answers', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const check = await checkTileSource({ kind: 'xyz', url: `http://127.0.0.1:${port}/{z}/{x}/{y}.png`, format: 'raster', crs: 'wgs84', minzoom: 0, maxzoom: 18 }, deps);
    expect(check).toMatchObject({ ok: false, problem: 'unreachable' });
    expect(check.detail).toMatch(/ECONNREFUSED/);
  });

  it('the check passes a working raster service and says what it found', async () => {
    const check = await checkTileSource({ kind: 'xyz', url: `${base}/png/{z}/{x}/{y}.png`, format: 'raster', crs: 'gcj02', minzoom: 0, maxzoom: 18 }, deps);
    expect(check).toMatchObject({ ok: true, problem: null, format: 'raster' });
    expect(check.detail).toMatch(/^PNG, \d+ B, zoom 0–18, GCJ-02$/);
  });

  it('the check refuses vector tiles whose layers the board does not draw', async () => {
    routes.set('/other/', (_req, res) => res.writeHead(200).end(mvt('transportation', 'landcover')));
    const check = await checkTileSource({ kind: 'xyz', url: `${base}/other/{z}/{x}/{y}.pbf`, format: 'vector', crs: 'wgs84', minzoom: 0, maxzoom: 16 }, deps);
    expect(check).toMatchObject({ ok: false, problem: 'wrong_type' });
    expect(check.detail).toMatch(/transportation, landcover\) are not the board's/);
  });
});

const capabilities = (opts: { crs?: string; rest?: boolean; kvp?: boolean; format?: string; layers?: string[] } = {}) => {
  const crs = opts.crs ?? 'urn:ogc:def:crs:EPSG::3857';
  const matrices = [10, 11, 12, 13, 14, 15, 16]
    .map((z) => `<TileMatrix><ows:Identifier>L${z}</ows:Identifier><ScaleDenominator>${559082264.0287178 / 2 ** z}</ScaleDenominator><TopLeftCorner>-20037508.3427892 20037508.3427892</TopLeftCorner><TileWidth>256</TileWidth><TileHeight>256</TileHeight><MatrixWidth>${2 ** z}</MatrixWidth><MatrixHeight>${2 ** z}</MatrixHeight></TileMatrix>`)
    .join('');
  const layer = (id: string) => `<Layer><ows:Title>${id} title</ows:Title><ows:Identifier>${id}</ows:Identifier>
      <ows:WGS84BoundingBox><ows:LowerCorner>113.7 22.4</ows:LowerCorner><ows:UpperCorner>114.6 22.9</ows:UpperCorner></ows:WGS84BoundingBox>
      <Style isDefault="true"><ows:Identifier>default</ows:Identifier></Style><Format>${opts.format ?? 'image/png'}</Format>
      <TileMatrixSetLink><TileMatrixSet>merc</TileMatrixSet></TileMatrixSetLink>
      ${opts.rest ? `<ResourceURL format="${opts.format ?? 'image/png'}" resourceType="tile" template="${base}/wmts/rest/${id}/{Style}/{TileMatrixSet}/{TileMatrix}/{TileRow}/{TileCol}.png"/>` : ''}</Layer>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<Capabilities xmlns="http://www.opengis.net/wmts/1.0" xmlns:ows="http://www.opengis.net/ows/1.1" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.0.0">
  ${opts.kvp === false ? '' : `<ows:OperationsMetadata><ows:Operation name="GetTile"><ows:DCP><ows:HTTP><ows:Get xlink:href="${base}/wmts/kvp?"><ows:Constraint name="GetEncoding"><ows:AllowedValues><ows:Value>KVP</ows:Value></ows:AllowedValues></ows:Constraint></ows:Get></ows:HTTP></ows:DCP></ows:Operation></ows:OperationsMetadata>`}
  <Contents>${(opts.layers ?? ['pgis-vec']).map(layer).join('')}
    <TileMatrixSet><ows:Identifier>merc</ows:Identifier><ows:SupportedCRS>${crs}</ows:SupportedCRS>${matrices}</TileMatrixSet>
  </Contents>
</Capabilities>`;
};

describe('WMTS service', () => {
  const serveCaps = (path: string, xml: string) => routes.set(path, (_req, res) => res.writeHead(200, { 'content-type': 'application/xml' }).end(xml));

  it('KVP: reads the capabilities and asks GetTile with the layer, matrix set, matrix, row and column', async () => {
    serveCaps('/caps-kvp', capabilities());
    routes.set('/wmts/kvp', (_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(solidPng([1, 2, 3])));
    seen.length = 0;
    const src = openTileSource({ kind: 'wmts', url: `${base}/caps-kvp?SERVICE=WMTS&REQUEST=GetCapabilities`, layer: '', crs: 'gcj02' }, deps);
    expect(await src.info()).toMatchObject({ format: 'raster', minzoom: 10, maxzoom: 16, crs: 'gcj02', attribution: 'pgis-vec title', source: 'wmts' });
    expect(await src.tile(14, 13357, 7122)).not.toBeNull();
    const url = new URL(base + seen[1]!);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      SERVICE: 'WMTS', REQUEST: 'GetTile', VERSION: '1.0.0', LAYER: 'pgis-vec', STYLE: 'default', FORMAT: 'image/png', TILEMATRIXSET: 'merc', TILEMATRIX: 'L14', TILEROW: '7122', TILECOL: '13357',
    });
    // A zoom the service has no matrix for: no tile, nothing asked.
    expect(await src.tile(8, 1, 1)).toBeNull();
    expect(seen).toHaveLength(2);
  });

  it('REST: fills the layer’s ResourceURL template', async () => {
    serveCaps('/caps-rest', capabilities({ rest: true, kvp: false, layers: ['a', 'b'] }));
    routes.set('/wmts/rest/', (_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(solidPng([1, 2, 3])));
    seen.length = 0;
    const src = openTileSource({ kind: 'wmts', url: `${base}/caps-rest`, layer: 'b', crs: 'wgs84' }, deps);
    await src.tile(12, 3339, 1780);
    expect(seen).toEqual(['/caps-rest', '/wmts/rest/b/default/merc/L12/1780/3339.png']);
  });

  it.each([
    ['a geographic matrix set (CGCS2000, EPSG:4490)', capabilities({ crs: 'urn:ogc:def:crs:EPSG::4490' }), 'no_layer', /pgis-vec: tile matrix set merc is in urn:ogc:def:crs:EPSG::4490, not Web Mercator/],
    ['only formats the board cannot draw', capabilities({ format: 'image/tiff' }), 'no_layer', /no PNG, JPEG, WebP or vector tile format \(offers image\/tiff/],
    ['no GetTile address and no template', capabilities({ kvp: false }), 'no_layer', /neither a REST ResourceURL nor a KVP GetTile address/],
    ['an OGC exception', '<?xml version="1.0"?><ows:ExceptionReport xmlns:ows="http://www.opengis.net/ows/1.1"><ows:Exception exceptionCode="InvalidParameterValue"/></ows:ExceptionReport>', 'bad_capabilities', /not a WMTS capabilities document \(found <ExceptionReport>\)/],
    ['broken XML', '<Capabilities xmlns="http://www.opengis.net/wmts/1.0"><Contents>', 'bad_capabilities', /not an XML document: unclosed xml tag/],
  ])('a capabilities document with %s is refused, saying why', async (_what, xml, problem, detail) => {
    serveCaps('/caps-bad', xml);
    const check = await checkTileSource({ kind: 'wmts', url: `${base}/caps-bad`, layer: '', crs: 'wgs84' }, deps);
    expect(check).toMatchObject({ ok: false, problem });
    expect(check.detail).toMatch(detail);
  });

  it('a layer that is not there is named with the ones that are', async () => {
    serveCaps('/caps-two', capabilities({ layers: ['road', 'img'] }));
    const check = await checkTileSource({ kind: 'wmts', url: `${base}/caps-two`, layer: 'vec', crs: 'wgs84' }, deps);
    expect(check).toMatchObject({ ok: false, problem: 'no_layer' });
    expect(check.detail).toMatch(/no layer "vec"; the service has road, img/);
  });
});

describe('offline tile packages', () => {
  it('PMTiles: a raster archive and a gzipped vector archive', async () => {
    const raster = join(dir, 'raster.pmtiles');
    writePmtiles(raster, { tiles: [{ z: 14, x: MIDDLE.x, y: MIDDLE.y, data: solidPng([5, 6, 7]) }], tileType: TileType.Png, tileCompression: 1, bounds: CITY.bounds });
    const r = openTileSource({ kind: 'pmtiles', path: raster, crs: 'wgs84' }, deps);
    expect(await r.info()).toMatchObject({ format: 'raster', minzoom: 14, maxzoom: 14, source: 'pmtiles', bounds: [expect.closeTo(11.9, 5), expect.closeTo(57.68, 5), expect.closeTo(12, 5), expect.closeTo(57.72, 5)] });
    expect([...(await r.tile(14, MIDDLE.x, MIDDLE.y))!.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
    expect(await r.tile(14, MIDDLE.x + 1, MIDDLE.y)).toBeNull();
    r.close();

    const vector = join(dir, 'vector.pmtiles');
    writePmtiles(vector, { tiles: [{ z: 14, x: MIDDLE.x, y: MIDDLE.y, data: gzipSync(mvt('roads', 'places')) }], tileType: TileType.Mvt, tileCompression: 2, bounds: CITY.bounds, metadata: { vector_layers: [{ id: 'roads' }, { id: 'places' }] } });
    const v = openTileSource({ kind: 'pmtiles', path: vector, crs: 'gcj02' }, deps);
    expect(await v.info()).toMatchObject({ format: 'vector', layers: ['roads', 'places'], crs: 'gcj02' });
    expect(vectorTileLayers((await v.tile(14, MIDDLE.x, MIDDLE.y))!)).toEqual(['roads', 'places']);
    expect((await checkTileSource({ kind: 'pmtiles', path: vector, crs: 'gcj02' }, deps)).ok).toBe(true);
    v.close();
  });

  it('MBTiles: a PNG package, and gzipped vector tiles inflated', async () => {
    const write = (path: string, format: string, data: Uint8Array) => {
      const db = new Database(path);
      db.exec('CREATE TABLE metadata (name TEXT, value TEXT); CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);');
      for (const [k, val] of [['format', format], ['bounds', CITY.bounds.join(',')], ['center', '11.95,57.7,13'], ['minzoom', '10'], ['maxzoom', '15'], ['json', JSON.stringify({ vector_layers: [{ id: 'roads' }] })]]) db.prepare('INSERT INTO metadata VALUES (?, ?)').run(k, val);
      db.prepare('INSERT INTO tiles VALUES (?, ?, ?, ?)').run(14, MIDDLE.x, 2 ** 14 - 1 - MIDDLE.y, Buffer.from(data));
      db.close();
    };
    const png = join(dir, 'raster.mbtiles');
    write(png, 'png', solidPng([9, 9, 9]));
    const r = openTileSource({ kind: 'mbtiles', path: png, crs: 'gcj02' }, deps);
    expect(await r.info()).toMatchObject({ format: 'raster', layers: [], crs: 'gcj02', source: 'mbtiles' });
    expect(await r.tile(14, MIDDLE.x, MIDDLE.y)).not.toBeNull();
    r.close();
    const pbf = join(dir, 'vector.mbtiles');
    write(pbf, 'pbf', gzipSync(mvt('roads')));
    const v = openTileSource({ kind: 'mbtiles', path: pbf, crs: 'wgs84' }, deps);
    expect(vectorTileLayers((await v.tile(14, MIDDLE.x, MIDDLE.y))!)).toEqual(['roads']);
    v.close();
  });

  it.each([
    ['a file that is not there', (p: string) => p, 'not_found'],
    ['a text file', (p: string) => (writeFileSync(p, 'hello'), p), 'not_a_package'],
  ])('%s is refused by the check', async (_what, make, problem) => {
    for (const kind of ['mbtiles', 'pmtiles'] as const) {
      const path = make(join(dir, `bad-${problem}.${kind}`));
      expect(await checkTileSource({ kind, path, crs: 'wgs84' }, deps)).toMatchObject({ ok: false, problem });
    }
  });

  it('a compressed tile that does not inflate is refused', () => {
    expect(() => inflateTile(new Uint8Array([0x1f, 0x8b, 1, 2, 3]))).toThrow(/does not inflate/);
  });
});

describe('the map service (Settings → Base map)', () => {
  const setup = () => {
    const store = new Map<string, string>();
    const audit: { key: string; before: unknown; after: unknown }[] = [];
    const changed: number[] = [];
    const make = () =>
      createMapService({
        ...deps,
        settings: { get: (k) => store.get(k), set: (k, v) => void store.set(k, v) },
        settingChanged: (_ctx, key, before, after, write) => {
          audit.push({ key, before, after });
          return write();
        },
        onChanged: () => changed.push(1),
      });
    return { store, audit, changed, make };
  };
  const ctx = { kind: 'console' } as never;

  it('uses a source only when its check passes; a refused one changes nothing', async () => {
    const { store, audit, changed, make } = setup();
    const maps = make();
    expect(maps.source()).toEqual({ kind: 'city' });
    const bad: MapSource = { kind: 'xyz', url: `${base}/html/{z}/{x}/{y}.png`, format: 'raster', crs: 'wgs84', minzoom: 0, maxzoom: 18 };
    const refused = await maps.set(ctx, bad).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BoardError);
    expect(refused).toMatchObject({ code: 'map_source', params: { problem: 'html' } });
    expect(maps.source()).toEqual({ kind: 'city' });
    expect(store.has(MAP_SOURCE_SETTING)).toBe(false);
    expect(audit).toEqual([]);
    expect(changed).toEqual([]);
    expect((await maps.info()).source).toBe('city');

    const good: MapSource = { kind: 'xyz', url: `${base}/png/{z}/{x}/{y}.png`, format: 'raster', crs: 'gcj02', minzoom: 0, maxzoom: 18 };
    const r = await maps.set(ctx, good);
    expect(r.check.ok).toBe(true);
    expect(maps.source()).toEqual(good);
    expect(audit).toEqual([{ key: MAP_SOURCE_SETTING, before: { kind: 'city' }, after: good }]);
    expect(changed).toEqual([1]);
    expect((await maps.info()).crs).toBe('gcj02');

    // Kept for the next start.
    expect(make().source()).toEqual(good);
  });

  it('a kept source whose package is gone falls back to the city’s map', () => {
    const { store, make } = setup();
    store.set(MAP_SOURCE_SETTING, JSON.stringify({ kind: 'pmtiles', path: join(dir, 'gone.pmtiles'), crs: 'wgs84' }));
    expect(make().source()).toEqual({ kind: 'city' });
    store.set(MAP_SOURCE_SETTING, '{"kind":"ftp"}');
    expect(make().source()).toEqual({ kind: 'city' });
  });

  it('a map service is framed on the city in use, again after the city changes', async () => {
    const { store } = setup();
    let info = CITY;
    const maps = createMapService({
      cityMap: () => ({ ...cityMap, info: () => info }) as BaseMap,
      timeoutMs: 2000,
      settings: { get: (k) => store.get(k), set: (k, v) => void store.set(k, v) },
      settingChanged: (_ctx, _key, _b, _a, write) => write(),
      onChanged: () => undefined,
    });
    await maps.set(ctx, { kind: 'xyz', url: `${base}/png/{z}/{x}/{y}.png`, format: 'raster', crs: 'wgs84', minzoom: 0, maxzoom: 18 });
    expect((await maps.info()).bounds).toEqual(CITY.bounds);
    info = { ...CITY, bounds: [7.40, 43.72, 7.44, 43.75], center: [7.42, 43.735] };
    maps.cityChanged();
    expect((await maps.info()).bounds).toEqual([7.40, 43.72, 7.44, 43.75]);
    expect(maps.source().kind).toBe('xyz');
  });

  it('a source that breaks later is a board error on its tiles, not a crash', async () => {
    const { make } = setup();
    const maps = make();
    await maps.set(ctx, { kind: 'xyz', url: `${base}/flaky/{z}/{x}/{y}.png`, format: 'raster', crs: 'wgs84', minzoom: 0, maxzoom: 18 }).catch(() => undefined);
    routes.set('/flaky/', (_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(solidPng([1, 1, 1])));
    await maps.set(ctx, { kind: 'xyz', url: `${base}/flaky/{z}/{x}/{y}.png`, format: 'raster', crs: 'wgs84', minzoom: 0, maxzoom: 18 });
    routes.set('/flaky/', (_req, res) => res.writeHead(502).end('bad gateway'));
    await expect(maps.tile(14, 1, 1)).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/base map \(xyz\): .*HTTP 502/) });
  });
});
