import { z } from 'zod';
import { empty } from '../board/common';
import type { EventMap, MethodMap } from '../board/method';

/**
 * Cities on the board (Settings → Cities): the administrator imports a city from an
 * `.osm.pbf` extract, switches the board to it, deletes the old ones. The import runs in a
 * worker (city/import-worker.ts) started by the backend; every open console follows it by
 * the events below.
 */

/** The import's stages, in order: what the progress bar names. */
export const CITY_IMPORT_STAGES = ['reading', 'graph', 'tiles', 'index', 'writing'] as const;
export type CityImportStage = (typeof CITY_IMPORT_STAGES)[number];

/**
 * Why an import failed (city/osm-import.ts CityImportError, shared/city/osm-pbf.ts
 * OsmPbfError): 'internal' for anything else (the worker crashed).
 */
export const CITY_IMPORT_ERROR_CODES = ['not_osm', 'truncated', 'corrupt', 'unsupported', 'too_large', 'no_roads', 'cancelled', 'unreadable', 'no_space', 'internal'] as const;
export type CityImportErrorCode = (typeof CITY_IMPORT_ERROR_CODES)[number];

export const cityNameSchema = z.string().regex(/^[\p{L}\p{N}_-]{1,64}$/u, "1 to 64 letters, digits, '-' or '_'");

/** What the board shows of an imported city (its version in use): the import's summary. */
export const cityViewSchema = z.strictObject({
  name: z.string().max(64),
  version: z.string().max(64),
  importedAt: z.string().max(40),
  roads: z.number().int().min(0),
  roadKm: z.number().min(0),
  graphNodes: z.number().int().min(0),
  /** [west, south, east, north] */
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  areaKm2: z.number().min(0),
  /** Named places and streets in the search index. */
  places: z.number().int().min(0),
  streets: z.number().int().min(0),
  /** How long the import took, ms. */
  ms: z.number().min(0),
});
export type CityView = z.infer<typeof cityViewSchema>;

export const cityImportStateSchema = z.strictObject({
  id: z.string().max(64),
  name: z.string().max(64),
  stage: z.enum(CITY_IMPORT_STAGES),
  /** 0..1 within the stage. */
  share: z.number().min(0).max(1),
  startedAt: z.number(),
});
export type CityImportState = z.infer<typeof cityImportStateSchema>;

export const citiesListSchema = z.strictObject({
  cities: z.array(cityViewSchema).max(500),
  /** The imported city the board draws and routes on; null: the built-in demo city (or a base map given by path). */
  inUse: z.string().max(64).nullable(),
  /**
   * The city named at start (--city, JINGBAO_CITY): it wins over the choice kept for this
   * workstation at the next start. Null: started on the kept choice or the demo.
   */
  startedWith: z.string().max(200).nullable(),
  /** The central's sites outside the city in use (sites come from the central, configured separately). */
  sitesOutside: z.number().int().min(0),
  sites: z.number().int().min(0),
  importing: cityImportStateSchema.nullable(),
});
export type CitiesList = z.infer<typeof citiesListSchema>;

export const citiesMethods = {
  'cities.list': { permission: 'cities.admin', arg: empty, result: citiesListSchema },
  /**
   * Starts importing an `.osm.pbf` file on the backend's machine (the browser host uploads
   * one there first); answers at once, the progress follows as events. Refused while an
   * import runs, or when the path is no file.
   */
  'cities.import': {
    permission: 'cities.admin',
    arg: z.strictObject({ path: z.string().min(1).max(4096), name: cityNameSchema.optional() }),
    result: z.strictObject({ id: z.string().max(64), name: z.string().max(64) }),
  },
  /** Stops the running import; nothing of it stays. False when none ran. */
  'cities.cancelImport': { permission: 'cities.admin', arg: empty, result: z.strictObject({ cancelled: z.boolean() }) },
  /** Switches the board to a city (kept for this workstation's next start). */
  'cities.use': {
    permission: 'cities.admin',
    arg: z.strictObject({ name: cityNameSchema }),
    result: z.strictObject({ inUse: z.string().max(64), bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]), sitesOutside: z.number().int().min(0), sites: z.number().int().min(0) }),
  },
  /** Deletes a city and all its versions; refused for the one in use. */
  'cities.delete': { permission: 'cities.admin', arg: z.strictObject({ name: cityNameSchema }), result: z.strictObject({ deleted: z.string().max(64) }) },
} as const satisfies MethodMap;

export const citiesEvents = {
  'cities.importProgress': cityImportStateSchema,
  'cities.importDone': z.strictObject({ id: z.string().max(64), city: cityViewSchema, sitesOutside: z.number().int().min(0), sites: z.number().int().min(0) }),
  'cities.importFailed': z.strictObject({ id: z.string().max(64), name: z.string().max(64), code: z.enum(CITY_IMPORT_ERROR_CODES), message: z.string().max(2000) }),
  /** The city in use changed (or one was deleted): consoles re-read the list, and with `mapChanged` the map's info, and fly to it. */
  'cities.changed': z.strictObject({ inUse: z.string().max(64).nullable(), mapChanged: z.boolean() }),
} as const satisfies EventMap;
