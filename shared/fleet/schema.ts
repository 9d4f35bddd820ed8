import { z } from 'zod';
import { entityId, label, lat, lon } from '../schema-parts';

export const VEHICLE_KINDS = ['van', 'truck', 'patrol', 'motorcycle'] as const;
export type VehicleKind = (typeof VEHICLE_KINDS)[number];

/** Order matters: the numeric code is the index, used in binary attributes and colours. */
export const VEHICLE_STATUSES = ['available', 'enroute', 'atscene', 'returning', 'maintenance', 'offline'] as const;
export type VehicleStatus = (typeof VEHICLE_STATUSES)[number];

export const vehicleSchema = z.strictObject({
  id: entityId,
  /** Small integer used in binary position batches instead of the string id. */
  no: z.number().int().min(1).max(0xffff_fffe),
  plate: label,
  kind: z.enum(VEHICLE_KINDS),
  status: z.enum(VEHICLE_STATUSES),
  crew: z.array(z.string().min(1).max(40)).max(8),
  homeSiteId: entityId,
  /** Load capacity in abstract load units (one unit ≈ one carton). */
  capacity: z.number().int().min(0).max(100_000),
  /** The unit it belongs to (shared/scope): which consoles see it. The central fills it in where a writer left it out. */
  unitId: entityId.optional(),
});
export type Vehicle = z.infer<typeof vehicleSchema>;

export const positionSchema = z.strictObject({
  vehicleNo: z.number().int().min(1).max(0xffff_fffe),
  lon,
  lat,
  /** Degrees clockwise from north, [0, 360). */
  heading: z.number().finite().min(0).max(360),
  speedKmh: z.number().finite().min(0).max(400),
  /** Epoch milliseconds: when this workstation received the report (not the sender's clock). */
  ts: z.number().finite().min(0),
});
export type Position = z.infer<typeof positionSchema>;

export const statusCode = (s: VehicleStatus): number => VEHICLE_STATUSES.indexOf(s);
