import { z } from 'zod';
import { entityId, epochMs, label } from '../schema-parts';

/**
 * The readiness ledger's things (装备 / 资产): every piece of equipment, one record each, with
 * its "electronic birth certificate" (a QR code, and an RFID EPC where it carries a tag), where
 * it is (a site, or the officer holding it), and where it stands in its life.
 *
 * Classes are what readiness is measured by (the division's report names body cameras, 4G
 * dome cameras and drones); an asset type is a model within a class (its service life, and
 * for drone batteries the rated cycles).
 */
export const ASSET_CLASSES = ['bodycam', 'dome_camera', 'drone', 'drone_battery', 'radio', 'helmet', 'stab_vest'] as const;
export type AssetClass = (typeof ASSET_CLASSES)[number];

/** The division's readiness target for equipment (装备完好率 ≥ 98%). */
export const EQUIPMENT_READINESS_TARGET = 0.98;
/** Vehicle turnout readiness (车辆出勤保障率 ≥ 99%). */
export const TURNOUT_READINESS_TARGET = 0.99;
/** The repair cycle online approval is to hold (days; it was 5.2 before). */
export const REPAIR_CYCLE_TARGET_DAYS = 3.1;
/** Share of RFID-tagged equipment to reach (82.7% achieved). */
export const RFID_COVERAGE_TARGET = 0.8;
/** Stock-take errors allowed: 0.03% of the items counted. */
export const STOCKTAKE_ERROR_TARGET = 0.0003;
/** Share of drone batteries aged past end of life that must not be crossed (the red line). */
export const BATTERY_RED_LINE = 0.05;

export const assetTypeSchema = z.strictObject({
  id: entityId,
  class: z.enum(ASSET_CLASSES),
  name: label,
  nameEn: label,
  /** Months from acceptance after which it must be scrapped (helmets, stab vests); null: none. */
  serviceLifeMonths: z.number().int().min(1).max(600).nullable(),
  /** Drone batteries: the charge cycles the maker rates it for to 80% capacity; null otherwise. */
  ratedCycles: z.number().int().min(1).max(100_000).nullable(),
});
export type AssetType = z.infer<typeof assetTypeSchema>;

/**
 * Where an asset is in its life. `allocated` is out with an officer or on a dispatch;
 * `missing` is what a stock-take could not find, until it turns up or is written off.
 */
export const LIFECYCLE_STATES = ['procured', 'accepted', 'stored', 'allocated', 'in_repair', 'missing', 'scrapped'] as const;
export type LifecycleState = (typeof LIFECYCLE_STATES)[number];

/** A QR code as printed on the label: the ledger's own id space. */
export const qrCode = z.string().regex(/^JB-[A-Z0-9]{4,24}$/, 'a QR code: JB- and 4 to 24 capitals or digits');
/** An RFID EPC as a reader reports it: 96 bits, 24 hex digits (EPC Gen2). */
export const epcCode = z.string().regex(/^[0-9A-F]{24}$/, 'an EPC: 24 hex digits');

export const assetSchema = z.strictObject({
  id: entityId,
  typeId: entityId,
  /** The maker's serial number. */
  serial: z.string().min(1).max(64),
  qr: qrCode,
  /** Null: not (yet) tagged; RFID coverage counts the tagged. */
  epc: epcCode.nullable(),
  state: z.enum(LIFECYCLE_STATES),
  /** The site it is kept at (stored, in repair: the site that sent it; missing: where it was expected). */
  siteId: entityId.nullable(),
  /** The officer holding it (allocated to a person), or the dispatch it went out on. */
  holder: z.string().min(1).max(64).nullable(),
  /** When it entered its state. */
  since: epochMs,
  procuredAt: epochMs,
  /** When it was accepted into service (service life counts from here); null before. */
  acceptedAt: epochMs.nullable(),
  /** Drone batteries: charge cycles so far (flight logs), null for other classes. */
  cycles: z.number().int().min(0).max(100_000).nullable(),
  /** An open repair request (repair.ts) or scrapping request awaiting a supervisor, by id. */
  pendingRequestId: entityId.nullable(),
});
export type Asset = z.infer<typeof assetSchema>;

/** The steps of an asset's life, each an officer's command (audited, queued offline like all others). */
export const LIFECYCLE_STEPS = ['accept', 'store', 'issue', 'return', 'send_to_repair', 'back_from_repair', 'transfer', 'report_missing', 'found', 'scrap'] as const;
export type LifecycleStep = (typeof LIFECYCLE_STEPS)[number];

/** One step in an asset's timeline, as the record shows it (who, when, what, from where to where). */
export const assetEventSchema = z.strictObject({
  id: entityId,
  assetId: entityId,
  step: z.enum(['procure', ...LIFECYCLE_STEPS]),
  at: epochMs,
  /** The officer who recorded it (username). */
  by: z.string().min(1).max(64),
  from: z.enum(LIFECYCLE_STATES).nullable(),
  to: z.enum(LIFECYCLE_STATES),
  siteId: entityId.nullable(),
  holder: z.string().max(64).nullable(),
  note: z.string().max(500),
});
export type AssetEvent = z.infer<typeof assetEventSchema>;

/**
 * A repair or scrapping request (维修 / 报废): filed by an officer for an asset or a vehicle,
 * decided by a supervisor with a note; a repair then goes out and comes back. The repair
 * cycle is from filing to back in service.
 */
export const REPAIR_STATUSES = ['filed', 'approved', 'rejected', 'in_repair', 'done', 'cancelled'] as const;
export type RepairStatus = (typeof REPAIR_STATUSES)[number];

export const repairSchema = z.strictObject({
  id: entityId,
  /** What it is for: an asset (by id) or a vehicle (by id). */
  target: z.discriminatedUnion('kind', [z.strictObject({ kind: z.literal('asset'), id: entityId }), z.strictObject({ kind: z.literal('vehicle'), id: entityId })]),
  /** Repair, or scrapping (scrapping also needs a supervisor). */
  kind: z.enum(['repair', 'scrap']),
  reason: z.string().min(1).max(500),
  status: z.enum(REPAIR_STATUSES),
  filedAt: epochMs,
  filedBy: z.string().min(1).max(64),
  decidedAt: epochMs.nullable(),
  decidedBy: z.string().max(64).nullable(),
  decisionNote: z.string().max(500),
  sentAt: epochMs.nullable(),
  backAt: epochMs.nullable(),
});
export type Repair = z.infer<typeof repairSchema>;

/** A site's storage conditions at a time (a sensor, or a reading imported): battery ageing depends on them. */
export const climateReadingSchema = z.strictObject({
  siteId: entityId,
  at: epochMs,
  tempC: z.number().finite().min(-40).max(70),
  /** Relative humidity, 0–100 %. */
  humidity: z.number().finite().min(0).max(100),
});
export type ClimateReading = z.infer<typeof climateReadingSchema>;

/** More than this many charge cycles (flights) a day is not a real battery's log. */
export const MAX_CYCLES_PER_DAY = 5;
/** A calendar day in the division's time, as a flight log names it. */
export const calendarDay = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a day as YYYY-MM-DD');

/**
 * One drone battery's day in the flight logs (shared/assets/flight-days.ts): the flights it flew
 * that day, as the highest count any log told (one flight taken as one charge cycle), and its
 * own cycle counter's highest reading that day. The day row is what lets a log of flights a day
 * be imported more than once, or overlap another, without a day counted twice.
 */
export const batteryDaySchema = z.strictObject({
  assetId: entityId,
  day: calendarDay,
  flights: z.number().int().min(0).max(MAX_CYCLES_PER_DAY).nullable(),
  counter: z.number().int().min(0).max(100_000).nullable(),
});
export type BatteryDay = z.infer<typeof batteryDaySchema>;
