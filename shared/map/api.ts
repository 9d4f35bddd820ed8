import { z } from 'zod';
import { binaryResultSchema } from '../board/binary-result';
import { empty } from '../board/common';
import type { EventMap, MethodMap } from '../board/method';
import { MAX_PLACES, MAX_STREETS, placeNameSchema, streetSchema } from '../city/street-index';
import { MAP_CRS, mapSourceSchema, sourceCheckSchema, TILE_FORMATS } from './source';

export const mapInfoSchema = z.strictObject({
  /** [west, south, east, north] */
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  center: z.tuple([z.number(), z.number()]),
  zoom: z.number(),
  minzoom: z.number().int().min(0).max(24),
  maxzoom: z.number().int().min(0).max(24),
  attribution: z.string().max(500),
  /** Names of the vector layers in the tiles (none for raster tiles). */
  layers: z.array(z.string().max(64)).max(32),
  /** Vector tiles drawn in the board's dark style, or raster images drawn as they are. */
  format: z.enum(TILE_FORMATS),
  /** The tiles' coordinate system: over GCJ-02 tiles the board converts what it draws (shared/map/source.ts). */
  crs: z.enum(MAP_CRS),
  /** Pixels per tile side (256, or 512 for some WMTS sets). */
  tileSize: z.number().int().min(64).max(1024),
  /** Which kind of source the tiles come from (Settings → Base map). */
  source: z.enum(['city', 'mbtiles', 'pmtiles', 'xyz', 'wmts']),
});
export type MapInfo = z.infer<typeof mapInfoSchema>;

/** A tile's size limit: the importer's vector tiles stay far below it (a few hundred KB at most), a raster tile too. */
export const MAX_TILE_BYTES = 6_000_000;

export const mapMethods = {
  'map.info': { permission: 'board.read', arg: empty, result: mapInfoSchema },
  /**
   * One tile of the base map in use as bytes: a Mapbox Vector Tile (uncompressed), or a
   * PNG/JPEG/WebP image for a raster source; null where there is none.
   * Bytes travel as bytes on both transports (shared/board/binary-result.ts).
   */
  'map.tile': { permission: 'board.read',
    arg: z.strictObject({
      z: z.number().int().min(0).max(24),
      x: z.number().int().min(0).max(2 ** 24),
      y: z.number().int().min(0).max(2 ** 24),
    }),
    result: binaryResultSchema(MAX_TILE_BYTES),
  },
  /**
   * The city's names (built at import): its streets, one point each, and its named places
   * (districts, towns, villages). The destination search and the command palette look across
   * the whole city with them. Empty for a base map built without them.
   */
  'map.names': {
    permission: 'board.read',
    arg: empty,
    result: z.strictObject({ streets: z.array(streetSchema).max(MAX_STREETS), places: z.array(placeNameSchema).max(MAX_PLACES) }),
  },
  /** The workstation's base-map source (Settings → Base map); the city's own map by default. */
  'map.source.get': { permission: 'board.read', arg: empty, result: z.strictObject({ source: mapSourceSchema }) },
  /**
   * Uses another base-map source: checked first (a tile is fetched), refused with what is wrong
   * when it does not work; audited as a setting change; every console redraws its map
   * (`map.changed`).
   */
  'map.source.set': { permission: 'settings.write', arg: z.strictObject({ source: mapSourceSchema }), result: z.strictObject({ source: mapSourceSchema, check: sourceCheckSchema }) },
  /** Fetches one tile from a source in the city's middle and says what is wrong with it, if anything. Changes nothing. */
  'map.source.check': { permission: 'settings.write', arg: z.strictObject({ source: mapSourceSchema }), result: sourceCheckSchema },
} as const satisfies MethodMap;

export const mapEvents = {
  /** The base map changed (another source, or another city): every console re-reads map.info and redraws. */
  'map.changed': z.strictObject({ reason: z.enum(['source', 'city']) }),
} as const satisfies EventMap;
