import { z } from 'zod';
import { empty } from '../board/common';
import type { MethodMap } from '../board/method';
import { MAX_STREETS, streetSchema } from '../city/street-index';

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

export const mapMethods = {
  'map.info': { permission: 'board.read', arg: empty, result: mapInfoSchema },
  /** One vector tile (Mapbox Vector Tile, uncompressed) as base64; null where there is none. */
  'map.tile': { permission: 'board.read',
    arg: z.strictObject({
      z: z.number().int().min(0).max(24),
      x: z.number().int().min(0).max(2 ** 24),
      y: z.number().int().min(0).max(2 ** 24),
    }),
    result: z.strictObject({ data: z.string().max(8_000_000).nullable() }),
  },
  /**
   * The city's street names, one point each (built at import): the destination search looks
   * across the whole city with it. Empty for a base map built without one.
   */
  'map.streets': { permission: 'board.read', arg: empty, result: z.strictObject({ streets: z.array(streetSchema).max(MAX_STREETS) }) },
} as const satisfies MethodMap;
