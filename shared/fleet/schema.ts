import { z } from 'zod';
import { entityId, epochMs, label, lat, lon } from '../schema-parts';

export const VEHICLE_KINDS = ['van', 'truck', 'patrol', 'motorcycle'] as const;
export type VehicleKind = (typeof VEHICLE_KINDS)[number];

/** Order matters: the numeric code is the index, used in binary attributes and colours. */
export const VEHICLE_STATUSES = ['available', 'enroute', 'atscene', 'returning', 'maintenance', 'offline'] as const;
export type VehicleStatus = (typeof VEHICLE_STATUSES)[number];

/**
 * A vehicle's mileage and its service schedule (保养): the odometer as last reported (the
 * vehicle's tracker through the central, or an officer's reading at a service), the reading and
 * date of its last service, and its interval by mileage and by months, whichever comes first
 * (shared/assets/turnout.ts serviceDue).
 */
export const vehicleServiceSchema = z
  .strictObject({
    odometerKm: z.number().finite().min(0).max(5_000_000),
    lastServiceKm: z.number().finite().min(0).max(5_000_000),
    lastServiceAt: epochMs,
    intervalKm: z.number().finite().min(500).max(200_000),
    intervalMonths: z.number().int().min(1).max(60),
  })
  .refine((s) => s.odometerKm >= s.lastServiceKm, { message: 'the odometer reads less than at the last service', path: ['odometerKm'] });
export type VehicleService = z.infer<typeof vehicleServiceSchema>;

/**
 * The service interval a vehicle of each kind starts with when its first service is recorded
 * here (a vehicle the central seeded has its own): the makers' usual schedules for a police
 * fleet — patrol cars and motorcycles run hard and are seen more often.
 */
export const SERVICE_INTERVALS: Readonly<Record<VehicleKind, { km: number; months: number }>> = {
  van: { km: 10_000, months: 12 },
  truck: { km: 20_000, months: 12 },
  patrol: { km: 7_500, months: 6 },
  motorcycle: { km: 5_000, months: 6 },
};

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
  /** Mileage and service schedule; absent until the vehicle's first service is on record. */
  service: vehicleServiceSchema.optional(),
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
