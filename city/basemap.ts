import { GeoJSONVT } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import Database from 'better-sqlite3';
import type { FeatureCollection } from 'geojson';
import type { OsmFeature } from '../shared/city/roads';
import { roundCoord, tileRoadClass } from '../shared/city/roads';
import { sourceOf, type LayerSource } from './feature-store';

/**
 * The offline base map: vector tiles (layers `roads` and `areas`) cut from the same
 * OSM fixture, stored as MBTiles 1.3. tile_data is UNCOMPRESSED protobuf, so the
 * renderer's addProtocol handler can hand bytes to maplibre without inflating them.
 */

export const BASEMAP_MIN_ZOOM = 10;
export const BASEMAP_MAX_ZOOM = 16;

export type Feature = {
  type: 'Feature';
  geometry: { type: 'LineString'; coordinates: number[][] } | { type: 'Polygon'; coordinates: number[][][] } | { type: 'Point'; coordinates: number[] };
  properties: Record<string, string | number>;
};

/** Tile layers by name (the style reads `roads`, `areas`, `buildings`, `places`): feature lists or compact stores. */
export type BasemapLayers = Record<string, readonly Feature[] | LayerSource>;

/** What each layer holds, for the MBTiles metadata (map.info lists the layers the style may draw). */
export const LAYER_DESCRIPTIONS: Record<string, { description: string; fields: Record<string, string> }> = {
  roads: { description: 'OSM highways; class folds *_link into its road and foot/cycle ways into "path"', fields: { class: 'String', name: 'String', oneway: 'Number' } },
  areas: { description: 'OSM highway areas (squares, pedestrian zones)', fields: { class: 'String', name: 'String' } },
  buildings: { description: 'OSM buildings (from zoom 14)', fields: { class: 'String' } },
  places: { description: 'OSM place nodes: city, town, suburb, quarter, neighbourhood, village (name:zh where present)', fields: { class: 'String', name: 'String' } },
};

const round = (c: number[]): number[] => [roundCoord(c[0] as number), roundCoord(c[1] as number)];

/** Splits the fixture into the two tile layers with the properties the map style reads. */
export function basemapLayers(features: readonly OsmFeature[]): BasemapLayers {
  const roads: Feature[] = [];
  const areas: Feature[] = [];
  for (const f of features) {
    const tags = f.properties ?? {};
    const highway = tags.highway;
    if (typeof highway !== 'string') continue;
    const geom = f.geometry;
    if (geom?.type === 'LineString') {
      const props: Record<string, string | number> = {
        class: tileRoadClass(highway),
        oneway: tags.oneway === 'yes' || tags.oneway === '1' || tags.oneway === '-1' || tags.junction === 'roundabout' ? 1 : 0,
      };
      if (typeof tags.name === 'string' && tags.name) props.name = tags.name;
      roads.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: (geom.coordinates as number[][]).map(round) }, properties: props });
    } else if (geom?.type === 'Polygon') {
      const props: Record<string, string | number> = { class: highway };
      if (typeof tags.name === 'string' && tags.name) props.name = tags.name;
      areas.push({
        type: 'Feature',
        geometry: { type: 'Polygon', coordinates: (geom.coordinates as number[][][]).map((ring) => ring.map(round)) },
        properties: props,
      });
    }
  }
  return { roads, areas };
}

export type Tile = { z: number; x: number; y: number; data: Uint8Array };

/** Web Mercator tile coordinates, fractional (the tile is the integer part). */
function tileX(lon: number, z: number): number {
  return ((lon + 180) / 360) * 2 ** z;
}
function tileY(lat: number, z: number): number {
  const r = (lat * Math.PI) / 180;
  return ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z;
}
const lonToTileX = (lon: number, z: number) => Math.floor(tileX(lon, z));
const latToTileY = (lat: number, z: number) => Math.floor(tileY(lat, z));

/**
 * From this zoom down, tiles are cut block by block: an index per block of this zoom, built
 * from the features that touch it, walked to the last zoom and dropped. One index over a
 * whole city keeps every tile it has cut (geojson-vt caches them), so memory followed the
 * city's size times its zoom levels; per block it follows the largest block.
 */
const BLOCK_ZOOM = 12;
const TILE_OPTIONS = { indexMaxZoom: 6, tolerance: 3, extent: 4096, buffer: 64 };
/** A block's features include those within a tile buffer of it (64 of 4,096 at the block's zoom). */
const BLOCK_MARGIN = TILE_OPTIONS.buffer / TILE_OPTIONS.extent;

/**
 * Cuts every tile of zoom min..max over `bounds` that holds at least one feature (XYZ
 * numbering). A layer listed in `minZoom` starts at that zoom (buildings are specks below 14).
 * Zooms below BLOCK_ZOOM come from one index over the city; the rest block by block.
 */
export function* cutTiles(layers: BasemapLayers, bounds: readonly [number, number, number, number], minZoom: Record<string, number> = {}): Generator<Tile> {
  const [w, s, e, n] = bounds;
  const range = (z: number) => ({ x0: lonToTileX(w, z), x1: lonToTileX(e, z), y0: latToTileY(n, z), y1: latToTileY(s, z) });
  const cut = function* (indexes: Record<string, GeoJSONVT>, z: number, x0: number, x1: number, y0: number, y1: number): Generator<Tile> {
    for (let x = x0; x <= x1; x++) {
      for (let y = y0; y <= y1; y++) {
        const present: Record<string, NonNullable<ReturnType<GeoJSONVT['getTile']>>> = {};
        let any = false;
        for (const [name, index] of Object.entries(indexes)) {
          if (z < (minZoom[name] ?? 0)) continue;
          const t = index.getTile(z, x, y);
          if (t && t.features.length > 0) {
            present[name] = t;
            any = true;
          }
        }
        if (any) yield { z, x, y, data: fromGeojsonVt(present, { version: 2, extent: 4096 }) };
      }
    }
  };
  const indexOf = (features: readonly Feature[], maxZoom: number) => new GeoJSONVT({ type: 'FeatureCollection', features } as FeatureCollection, { ...TILE_OPTIONS, maxZoom });
  const live = Object.entries(layers)
    .map(([name, layer]) => [name, sourceOf(layer)] as const)
    .filter(([, f]) => f.length > 0);
  const sourceByName = new Map(live);
  const all = (src: LayerSource) => Array.from({ length: src.length }, (_, i) => src.feature(i));

  // The low zooms: one index each over the city (few tiles: it never drills past them).
  // Its maxZoom stays the last zoom: geojson-vt leaves tiles at maxZoom unsimplified.
  const lowTop = Math.min(BLOCK_ZOOM - 1, BASEMAP_MAX_ZOOM);
  if (BASEMAP_MIN_ZOOM <= lowTop) {
    const low = Object.fromEntries(live.filter(([name]) => (minZoom[name] ?? 0) <= lowTop).map(([name, f]) => [name, indexOf(all(f), BASEMAP_MAX_ZOOM)]));
    for (let z = BASEMAP_MIN_ZOOM; z <= lowTop; z++) {
      const r = range(z);
      yield* cut(low, z, r.x0, r.x1, r.y0, r.y1);
    }
  }
  if (BASEMAP_MAX_ZOOM < BLOCK_ZOOM) return;

  // The blocks each feature touches (with the margin), found once; features by their index.
  const byBlock = new Map<string, Map<string, number[]>>();
  for (const [name, features] of live) {
    for (let f = 0; f < features.length; f++) {
      const [fw, fs, fe, fn] = features.bbox(f);
      const bx0 = Math.floor(tileX(fw, BLOCK_ZOOM) - BLOCK_MARGIN);
      const bx1 = Math.floor(tileX(fe, BLOCK_ZOOM) + BLOCK_MARGIN);
      const by0 = Math.floor(tileY(fn, BLOCK_ZOOM) - BLOCK_MARGIN);
      const by1 = Math.floor(tileY(fs, BLOCK_ZOOM) + BLOCK_MARGIN);
      for (let bx = bx0; bx <= bx1; bx++) {
        for (let by = by0; by <= by1; by++) {
          const key = `${bx}/${by}`;
          let block = byBlock.get(key);
          if (!block) byBlock.set(key, (block = new Map()));
          let list = block.get(name);
          if (!list) block.set(name, (list = []));
          list.push(f);
        }
      }
    }
  }
  const r = range(BLOCK_ZOOM);
  for (let bx = r.x0; bx <= r.x1; bx++) {
    for (let by = r.y0; by <= r.y1; by++) {
      const block = byBlock.get(`${bx}/${by}`);
      if (!block) continue;
      const indexes = Object.fromEntries([...block].map(([name, ids]) => [name, indexOf(ids.map((i) => sourceByName.get(name)!.feature(i)), BASEMAP_MAX_ZOOM)]));
      for (let z = BLOCK_ZOOM; z <= BASEMAP_MAX_ZOOM; z++) {
        const k = 2 ** (z - BLOCK_ZOOM);
        const zr = range(z);
        yield* cut(indexes, z, Math.max(bx * k, zr.x0), Math.min((bx + 1) * k - 1, zr.x1), Math.max(by * k, zr.y0), Math.min((by + 1) * k - 1, zr.y1));
      }
      byBlock.delete(`${bx}/${by}`);
    }
  }
}

export type MbtilesMetadata = {
  name: string;
  description: string;
  attribution: string;
  bounds: readonly [number, number, number, number];
  /** The vector layers the tiles hold (default: roads and areas, the demo's). */
  layers?: readonly string[];
};

/** Writes an MBTiles 1.3 file (replacing `path`). Returns the number of tiles and their bytes. */
export function writeMbtiles(path: string, meta: MbtilesMetadata, tiles: Iterable<Tile>): { tiles: number; bytes: number } {
  const db = new Database(path);
  try {
    // A throw-away build output: no journal, no fsync.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.exec(`
      CREATE TABLE metadata (name TEXT NOT NULL, value TEXT);
      CREATE TABLE tiles (zoom_level INTEGER NOT NULL, tile_column INTEGER NOT NULL, tile_row INTEGER NOT NULL, tile_data BLOB NOT NULL);
      CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);
      CREATE UNIQUE INDEX metadata_index ON metadata (name);
    `);
    const [w, s, e, n] = meta.bounds;
    const center = [(w + e) / 2, (s + n) / 2, 13];
    const vectorLayers = (meta.layers ?? ['roads', 'areas']).map((id) => ({
      id,
      description: LAYER_DESCRIPTIONS[id]?.description ?? id,
      minzoom: BASEMAP_MIN_ZOOM,
      maxzoom: BASEMAP_MAX_ZOOM,
      fields: LAYER_DESCRIPTIONS[id]?.fields ?? {},
    }));
    const insertMeta = db.prepare('INSERT INTO metadata (name, value) VALUES (?, ?)');
    const insertTile = db.prepare('INSERT INTO tiles (zoom_level, tile_column, tile_row, tile_data) VALUES (?, ?, ?, ?)');
    let count = 0;
    let bytes = 0;
    db.transaction(() => {
      const rows: [string, string][] = [
        ['name', meta.name],
        ['description', meta.description],
        ['format', 'pbf'],
        ['type', 'baselayer'],
        ['version', '1'],
        ['bounds', [w, s, e, n].join(',')],
        ['center', center.join(',')],
        ['minzoom', String(BASEMAP_MIN_ZOOM)],
        ['maxzoom', String(BASEMAP_MAX_ZOOM)],
        ['attribution', meta.attribution],
        ['json', JSON.stringify({ vector_layers: vectorLayers })],
      ];
      for (const [k, v] of rows) insertMeta.run(k, v);
      for (const t of tiles) {
        // MBTiles rows count from the south (TMS); XYZ tiles count from the north.
        insertTile.run(t.z, t.x, 2 ** t.z - 1 - t.y, Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength));
        count++;
        bytes += t.data.byteLength;
      }
    })();
    return { tiles: count, bytes };
  } finally {
    db.close();
  }
}
