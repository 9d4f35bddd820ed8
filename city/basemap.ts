import { GeoJSONVT } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import Database from 'better-sqlite3';
import type { FeatureCollection } from 'geojson';
import type { OsmFeature } from '../shared/city/roads';
import { roundCoord, tileRoadClass } from '../shared/city/roads';

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

/** Tile layers by name (the style reads `roads`, `areas`, `buildings`, `places`). */
export type BasemapLayers = Record<string, Feature[]>;

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

function lonToTileX(lon: number, z: number): number {
  return Math.floor(((lon + 180) / 360) * 2 ** z);
}
function latToTileY(lat: number, z: number): number {
  const r = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
}

/**
 * Cuts every tile of zoom min..max over `bounds` that holds at least one feature (XYZ
 * numbering). A layer listed in `minZoom` starts at that zoom (buildings are specks below 14).
 */
export function* cutTiles(layers: BasemapLayers, bounds: readonly [number, number, number, number], minZoom: Record<string, number> = {}): Generator<Tile> {
  const options = { maxZoom: BASEMAP_MAX_ZOOM, indexMaxZoom: 6, tolerance: 3, extent: 4096, buffer: 64 };
  const indexes: Record<string, GeoJSONVT> = {};
  for (const [name, features] of Object.entries(layers)) {
    if (features.length > 0) indexes[name] = new GeoJSONVT({ type: 'FeatureCollection', features } as FeatureCollection, options);
  }
  const [w, s, e, n] = bounds;
  for (let z = BASEMAP_MIN_ZOOM; z <= BASEMAP_MAX_ZOOM; z++) {
    const x0 = lonToTileX(w, z);
    const x1 = lonToTileX(e, z);
    const y0 = latToTileY(n, z);
    const y1 = latToTileY(s, z);
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
