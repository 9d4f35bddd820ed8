import { z } from 'zod';
import { binaryResultSchema } from '../board/binary-result';
import { empty } from '../board/common';
import type { MethodMap } from '../board/method';
import { MAX_PLACES, MAX_STREETS, placeNameSchema, streetSchema } from '../city/street-index';

export const mapInfoSchema = z.strictObject({
  /** [west, south, east, north] */
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  center: z.tuple([z.number(), z.number()]),
  zoom: z.number(),
  minzoom: z.number().int().min(0).max(24),
  maxzoom: z.number().int().min(0).max(24),
  attribution: z.string().max(500),
  /** Names of the vector layers in the tiles. */
  layers: z.array(z.string().max(64)).max(32),
});
export type MapInfo = z.infer<typeof mapInfoSchema>;

/** A vector tile's size limit: the importer's tiles stay far below it (a few hundred KB at most). */
export const MAX_TILE_BYTES = 6_000_000;

export const mapMethods = {
  'map.info': { permission: 'board.read', arg: empty, result: mapInfoSchema },
  /**
   * One vector tile (Mapbox Vector Tile, uncompressed) as bytes; null where there is none.
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
} as const satisfies MethodMap;
