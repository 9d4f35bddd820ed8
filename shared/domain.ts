import { z } from 'zod';

/**
 * Domain vocabulary (MISSION.md glossary). Pure schemas and types: no I/O here.
 * Every schema is strict about shape and bounded in size because rows arrive from
 * the central platform and from other processes; a row that fails these checks
 * never reaches the cache.
 */

export const SITE_KINDS = ['central', 'regional', 'quickpick'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

export const VEHICLE_KINDS = ['van', 'truck', 'patrol', 'motorcycle'] as const;
export type VehicleKind = (typeof VEHICLE_KINDS)[number];

/** Order matters: the numeric code is the index, used in binary attributes and colours. */
export const VEHICLE_STATUSES = [
  'available',
  'enroute',
  'atscene',
  'returning',
  'maintenance',
  'offline',
] as const;
export type VehicleStatus = (typeof VEHICLE_STATUSES)[number];

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/, 'id: letters, digits and _.:- only');
const label = z.string().min(1).max(200);
const lon = z.number().finite().min(-180).max(180);
const lat = z.number().finite().min(-90).max(90);

export const siteSchema = z.strictObject({
  id,
  kind: z.enum(SITE_KINDS),
  name: label,
  nameEn: label,
  address: z.string().max(200),
  lon,
  lat,
});
export type Site = z.infer<typeof siteSchema>;

export const itemTypeSchema = z.strictObject({
  id,
  name: label,
  nameEn: label,
  unit: z.string().min(1).max(20),
  unitEn: z.string().min(1).max(20),
  /** Equipment is tracked per asset for readiness; consumables are counted. */
  category: z.enum(['consumable', 'equipment']),
});
export type ItemType = z.infer<typeof itemTypeSchema>;

export const stockSchema = z.strictObject({
  siteId: id,
  itemId: id,
  quantity: z.number().int().min(0).max(10_000_000),
  /** Below this the site is short; the planner keeps reserves above it. */
  safetyLevel: z.number().int().min(0).max(10_000_000),
});
export type Stock = z.infer<typeof stockSchema>;

export const vehicleSchema = z.strictObject({
  id,
  /** Small integer used in binary position batches instead of the string id. */
  no: z.number().int().min(1).max(0xffff_fffe),
  plate: label,
  kind: z.enum(VEHICLE_KINDS),
  status: z.enum(VEHICLE_STATUSES),
  crew: z.array(z.string().min(1).max(40)).max(8),
  homeSiteId: id,
  /** Load capacity in abstract load units (one unit ≈ one carton). */
  capacity: z.number().int().min(0).max(100_000),
});
export type Vehicle = z.infer<typeof vehicleSchema>;

export const positionSchema = z.strictObject({
  vehicleNo: z.number().int().min(1).max(0xffff_fffe),
  lon,
  lat,
  /** Degrees clockwise from north, [0, 360). */
  heading: z.number().finite().min(0).max(360),
  speedKmh: z.number().finite().min(0).max(400),
  /** Epoch milliseconds of the report. */
  ts: z.number().finite().min(0),
});
export type Position = z.infer<typeof positionSchema>;

export const statusCode = (s: VehicleStatus): number => VEHICLE_STATUSES.indexOf(s);
