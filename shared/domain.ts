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

/** Four-colour levels (四色预警): normal / attention / urgent / severe. */
export const ALERT_LEVELS = ['green', 'yellow', 'orange', 'red'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

export const REQUEST_STATUSES = ['open', 'dispatched', 'delivered', 'cancelled'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

const quantity = z.number().int().min(1).max(1_000_000);
const epochMs = z.number().finite().min(0);
const uuid = z.uuid();

/** A supply request (物资需求): what is needed where, by when. */
export const supplyRequestSchema = z.strictObject({
  id: uuid,
  destination: z.strictObject({ lon, lat, label: z.string().max(200) }),
  items: z.array(z.strictObject({ itemId: id, quantity })).min(1).max(50),
  priority: z.enum(ALERT_LEVELS),
  requester: z.string().max(100),
  note: z.string().max(500),
  createdAt: epochMs,
  /** createdAt + 30 minutes unless said otherwise: the division's promise. */
  deadlineAt: epochMs,
  status: z.enum(REQUEST_STATUSES),
  deliveredAt: epochMs.nullable(),
});
export type SupplyRequest = z.infer<typeof supplyRequestSchema>;

export const DISPATCH_STATUSES = ['enroute', 'delivered', 'cancelled'] as const;

/** One vehicle's run for a request (应急调拨单): pick up at sites, deliver at the destination. */
export const dispatchOrderSchema = z.strictObject({
  id: uuid,
  requestId: uuid,
  vehicleId: id,
  pickups: z.array(z.strictObject({ siteId: id, itemId: id, quantity })).min(1).max(200),
  /** Pickup sites in visiting order. */
  siteIds: z.array(id).min(1).max(10),
  predictedArrivalAt: epochMs,
  status: z.enum(DISPATCH_STATUSES),
  createdAt: epochMs,
  /** Loaded at the last pickup site (the central's event, or an officer's confirmation). */
  pickedUpAt: epochMs.nullable(),
  deliveredAt: epochMs.nullable(),
});
export type DispatchOrder = z.infer<typeof dispatchOrderSchema>;
