import { z } from 'zod';

/**
 * A city's drivable roads (roads.json), as the demo-city build and the `.osm.pbf` import
 * both write it and the central, the backend's routing and the simulator read it: declared
 * once, here. oneway: 1 = only along the coordinate order, -1 = only against it, 0 = both.
 */
const lonLat = z.tuple([z.number().finite().min(-180).max(180), z.number().finite().min(-90).max(90)]);
export const boundsSchema = z.tuple([z.number(), z.number(), z.number(), z.number()]);

export const drivableWaySchema = z.strictObject({
  name: z.string().nullable(),
  highway: z.string().min(1),
  oneway: z.union([z.literal(1), z.literal(0), z.literal(-1)]),
  maxspeedKmh: z.number().positive(),
  coords: z.array(lonLat).min(2),
});

export const roadsFileSchema = z.strictObject({
  attribution: z.string(),
  bounds: boundsSchema,
  ways: z.array(drivableWaySchema).min(1),
});
export type RoadsFile = z.infer<typeof roadsFileSchema>;

export const OSM_ATTRIBUTION = '© OpenStreetMap contributors (ODbL)';
