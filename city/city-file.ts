import { z } from 'zod';
import { itemTypeSchema, siteSchema, SITE_KINDS, stockSchema, vehicleSchema } from '../shared/domain';

/**
 * Files of the built demo city (resources/demo-city/build/) and of its hand-written
 * seed (resources/demo-city/*.json). They are parsed with these schemas on load so a
 * stale or hand-edited file fails loudly at start instead of half-seeding a database.
 */

// The roads file is the city pipeline's, declared once in shared/city/roads-file.ts.
export { drivableWaySchema, OSM_ATTRIBUTION, roadsFileSchema, type RoadsFile } from '../shared/city/roads-file';

const lonLat = z.tuple([z.number().finite().min(-180).max(180), z.number().finite().min(-90).max(90)]);
const bounds = z.tuple([z.number(), z.number(), z.number(), z.number()]);

export const cityFileSchema = z.strictObject({
  version: z.literal(1),
  name: z.string(),
  attribution: z.string(),
  bounds,
  sites: z.array(siteSchema),
  items: z.array(itemTypeSchema),
  stock: z.array(stockSchema),
  vehicles: z.array(vehicleSchema),
  /** Where each vehicle starts: a vertex of the drivable network. */
  vehicleStarts: z.record(z.string(), lonLat),
});
export type CityFile = z.infer<typeof cityFileSchema>;

// --- hand-written seed -----------------------------------------------------------

export const siteSeedFileSchema = z.strictObject({
  sites: z.array(siteSchema).min(1),
});

const level = z.strictObject({ quantity: z.number().int().min(0), safetyLevel: z.number().int().min(0) });

export const itemSeedFileSchema = z.strictObject({
  items: z.array(itemTypeSchema).min(1),
  /**
   * Typical stock by site kind; the build varies regional and quick-pick quantities a
   * little per site (seeded) so the board does not show fourteen identical rows.
   * A missing kind means that kind of site does not hold the item.
   */
  stockByKind: z.record(z.string(), z.partialRecord(z.enum(SITE_KINDS), level)),
});
export type ItemSeedFile = z.infer<typeof itemSeedFileSchema>;

export const manifestSchema = z.strictObject({
  inputHash: z.string(),
  builtAt: z.string(),
  buildMs: z.number(),
  outputs: z.record(z.string(), z.strictObject({ bytes: z.number() })),
  counts: z.record(z.string(), z.number()),
});
export type Manifest = z.infer<typeof manifestSchema>;
