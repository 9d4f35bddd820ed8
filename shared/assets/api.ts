import { z } from 'zod';
import { commandAck, commandId, empty, entityId } from '../board/common';
import type { MethodMap } from '../board/method';
import { siteSchema } from '../sites/schema';
import { VEHICLE_KINDS, VEHICLE_STATUSES, vehicleServiceSchema } from '../fleet/schema';
import { assetStepPayload } from './commands/asset-step';
import { assetCyclesPayload } from './commands/asset-cycles';
import { assetFlightsPayload } from './commands/asset-flights';
import { CLIMATE_READINGS_PER_COMMAND, climateRecordPayload } from './commands/climate-record';
import { repairDecidePayload } from './commands/repair-decide';
import { repairFilePayload } from './commands/repair-file';
import { epochMs, label } from '../schema-parts';
import { STOCKTAKE_STEPS } from './stocktake';
import { MAX_PROBLEMS } from './import-files';
import { ASSET_CLASSES, calendarDay, LIFECYCLE_STATES, LIFECYCLE_STEPS, REPAIR_STATUSES, assetEventSchema, assetSchema, assetTypeSchema, epcCode, qrCode, repairSchema } from './schema';

/** What a scanned code looked like: a QR label (JB-…), an RFID EPC (24 hex digits), else a maker's serial. */
export const CODE_KINDS = ['qr', 'epc', 'serial'] as const;
export type CodeKind = (typeof CODE_KINDS)[number];

export const readinessRowSchema = z.strictObject({
  key: z.string().max(80),
  ready: z.number().int(),
  inService: z.number().int(),
  rate: z.number().nullable(),
  target: z.number(),
  meets: z.boolean(),
});

/** An asset type as the readiness views name it (the panels have no other way to the type table). */
const typeNameSchema = z.strictObject({ id: entityId, class: z.enum(ASSET_CLASSES), name: label, nameEn: label });

/** One drone battery on the replace-first list (shared/assets/battery.ts's BatteryHealth, as the wire carries it). */
export const batteryRowSchema = z.strictObject({
  assetId: entityId,
  qr: qrCode,
  typeId: entityId,
  siteId: entityId.nullable(),
  state: z.enum(LIFECYCLE_STATES),
  /** Share of rated capacity left (0.8 and under: aged). */
  health: z.number().finite(),
  aged: z.boolean(),
  cycles: z.number().int().min(0),
  ratedCycles: z.number().int().min(1),
  cyclesPerDay: z.number().finite().min(0),
  ageYears: z.number().finite().min(0),
  /** When it reaches end of life at its present pace (now when it has); null: not in any foreseeable time. */
  endOfLifeAt: epochMs.nullable(),
  storage: z.strictObject({ tempC: z.number().finite(), humidity: z.number().finite(), assumed: z.boolean() }),
});

export const expiryEntrySchema = z.strictObject({
  assetId: entityId,
  qr: qrCode,
  typeId: entityId,
  siteId: entityId.nullable(),
  expiresAt: epochMs,
  /** Whole days left (negative: expired that many days ago). */
  daysLeft: z.number().int(),
  status: z.enum(['expired', 'expiring']),
  /** Out with an officer: to be returned before it can be scrapped. */
  out: z.boolean(),
});
const expiryCountSchema = z.strictObject({ expired: z.number().int().min(0), expiring: z.number().int().min(0) });

export const trendPointSchema = z.strictObject({ at: epochMs, ready: z.number().int(), inService: z.number().int(), rate: z.number().nullable() });

/**
 * Distinct tags one stock-take may carry: a site's tagged stock with room to spare (the demo's
 * largest site, the central depot, holds ~17,000). The renderer reads the reader's file and
 * sends the EPCs it heard, once each: 30,000 of them are ~0.8 MB of JSON, under the browser
 * host's 1 MiB frame; a file with more is refused as too big before anything is sent.
 */
export const MAX_STOCKTAKE_TAGS = 30_000;
/** Storage readings one import carries (a message to the board is at most 1 MiB; a reading is ~55 bytes): two months of hourly readings for 10 sites. */
export const MAX_CLIMATE_IMPORT_READINGS = 15_000;
/** Flight-log rows one import carries (a row is ~70 bytes on the wire): a year of daily counts for 40 batteries. */
export const MAX_CYCLE_IMPORT_READINGS = 15_000;
/** Problems one check names (the first ones; the rest are counted): the file readers' own cap. */
export const MAX_IMPORT_PROBLEMS = MAX_PROBLEMS;
/** A file's problems as a check answers them, each named by row and column (the first MAX_IMPORT_PROBLEMS; `more` counts the rest). */
const importProblemsSchema = z.array(z.strictObject({ row: z.number().int().nullable(), column: z.string().nullable(), message: z.string().max(500) })).max(MAX_IMPORT_PROBLEMS);
/** Corrections one confirmation may queue (one transaction, one audit entry each). */
export const MAX_STOCKTAKE_CORRECTIONS = 5_000;

/** An asset a stock-take lists, as the ledger (with queued steps) has it. */
export const stocktakeItemSchema = z.strictObject({
  assetId: entityId,
  qr: qrCode,
  serial: z.string().max(64),
  typeId: entityId,
  epc: epcCode,
  state: z.enum(LIFECYCLE_STATES),
  siteId: entityId.nullable(),
});
const coverageSchema = z.strictObject({ tagged: z.number().int().min(0), inService: z.number().int().min(0), coverage: z.number().min(0).max(1).nullable(), target: z.number(), meets: z.boolean() });
const itemList = z.array(stocktakeItemSchema).max(1_000_000);

export const assetsMethods = {
  /**
   * A scanned or typed code → the asset. A keyboard-wedge scanner types a QR label's text
   * (JB-…), an RFID reader an EPC (24 hex digits); anything else is tried as a serial. Not
   * found: BoardError 'asset_not_found' with params { code, looksLike }.
   */
  'asset.find': { permission: 'board.read',
    arg: z.strictObject({ code: z.string().trim().min(1).max(64) }),
    result: z.strictObject({ asset: assetSchema, matched: z.enum(CODE_KINDS) }),
  },
  /** An asset's record: its type, site, timeline (newest first), open requests, and the steps it may take now. */
  'asset.detail': { permission: 'board.read',
    arg: z.strictObject({ assetId: entityId }),
    result: z.strictObject({
      asset: assetSchema,
      type: assetTypeSchema.nullable(),
      site: siteSchema.nullable(),
      timeline: z.array(assetEventSchema).max(1000),
      requests: z.array(repairSchema).max(100),
      steps: z.array(z.enum(LIFECYCLE_STEPS)),
      /**
       * A drone battery in service: its health as the readiness view's model has it (the same
       * rule, inputs and time), how hard it is flown and how that is known — its flights a day
       * of the last RATE_WINDOW_DAYS (`flown`: the days and flights logged), else its count over
       * its age — and the day it reaches end of life at that pace. Null for anything else.
       */
      battery: z
        .strictObject({
          health: z.number().finite(),
          aged: z.boolean(),
          cyclesPerDay: z.number().finite().min(0),
          flown: z.strictObject({ days: z.number().int().min(0), flights: z.number().int().min(0), from: calendarDay, to: calendarDay }).nullable(),
          endOfLifeAt: epochMs.nullable(),
          storageAssumed: z.boolean(),
        })
        .nullable(),
    }),
  },
  /** A page of the ledger (a virtualised list), filtered by class, site and state, in id order, with the total. */
  'asset.list': { permission: 'board.read',
    arg: z.strictObject({
      class: z.enum(ASSET_CLASSES).optional(),
      siteId: entityId.optional(),
      state: z.enum(LIFECYCLE_STATES).optional(),
      offset: z.number().int().min(0).max(10_000_000).default(0),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    result: z.strictObject({ total: z.number().int().min(0), offset: z.number().int().min(0), assets: z.array(assetSchema).max(500) }),
  },
  /** Repair and scrapping requests: by status, or (no status) those still open (filed, approved, in repair); newest first, at most 1000. */
  'repairs.list': { permission: 'board.read',
    arg: z.strictObject({ status: z.enum(REPAIR_STATUSES).optional() }),
    result: z.strictObject({ repairs: z.array(repairSchema).max(1000) }),
  },
  /** Equipment readiness (装备完好率) overall, per class and per site, against its target (shared/assets/readiness.ts). */
  'readiness.summary': { permission: 'board.read',
    arg: empty,
    result: z.strictObject({ overall: readinessRowSchema, byClass: z.array(readinessRowSchema), bySite: z.array(readinessRowSchema) }),
  },
  /**
   * Drone batteries against the 5% red line (shared/assets/battery.ts over the batteries in
   * service and their sites' storage readings): the aged share, its projection over the
   * horizon, how many to replace now to hold the line, and the replace-first list (aged,
   * worst health first; then those reaching end of life soonest), at most `limit` rows of it.
   */
  'readiness.batteries': { permission: 'board.read',
    arg: z.strictObject({ limit: z.number().int().min(1).max(500).default(200) }),
    result: z.strictObject({
      at: epochMs,
      count: z.number().int().min(0),
      aged: z.number().int().min(0),
      share: z.number().min(0).max(1),
      redLine: z.number(),
      horizonDays: z.number().int(),
      projectedShare: z.number().min(0).max(1),
      /** Days until the share reaches the red line (0: it has); null: not within the horizon. */
      crossesInDays: z.number().int().min(0).nullable(),
      level: z.enum(['over', 'warning', 'ok']),
      replaceToHold: z.number().int().min(0),
      replaceFirst: z.array(batteryRowSchema).max(500),
      /** The whole list's length (replaceFirst is its first `limit`). */
      replaceFirstTotal: z.number().int().min(0),
      /** Batteries whose site has no storage readings (25 °C, 50% RH assumed). */
      assumedStorage: z.number().int().min(0),
      types: z.array(typeNameSchema).max(1000),
    }),
  },
  /**
   * Service life (helmets, stab vests; shared/assets/service-life.ts): the items past it and
   * those reaching it within the horizon, counted per type and per site, and listed soonest
   * first (of one type when `typeId` is given), at most `limit` rows.
   */
  'readiness.serviceLife': { permission: 'board.read',
    arg: z.strictObject({ typeId: entityId.optional(), limit: z.number().int().min(1).max(500).default(200) }),
    result: z.strictObject({
      at: epochMs,
      horizonDays: z.number().int(),
      total: expiryCountSchema,
      byType: z.array(expiryCountSchema.extend({ typeId: entityId })).max(1000),
      bySite: z.array(expiryCountSchema.extend({ siteId: entityId.nullable() })).max(10_000),
      entries: z.array(expiryEntrySchema).max(500),
      /** How many the list holds for the filter (entries is its first `limit`). */
      entriesTotal: z.number().int().min(0),
      types: z.array(typeNameSchema).max(1000),
    }),
  },
  /**
   * Equipment readiness over the last `days` days, one point a day at this time of day,
   * oldest first (shared/assets/readiness.ts's readinessTrend, replayed backwards from today
   * over the timelines the replica keeps). The replica keeps each asset's last 8 steps: where
   * an asset's ring is full its older steps are gone, so the points before `completeFrom` may
   * miss them (`truncatedAssets` says for how many assets).
   */
  'readiness.trend': { permission: 'board.read',
    arg: z
      .strictObject({
        days: z.number().int().min(2).max(90).default(30),
        /** One class's line (the readiness table's row), else the whole ledger's. */
        class: z.enum(ASSET_CLASSES).optional(),
        /** One site's line, by what it holds today (an asset moved in the window counts at its present site throughout). */
        siteId: entityId.optional(),
      })
      .refine((a) => !(a.class && a.siteId), { message: 'a trend of one class or of one site, not both' }),
    result: z.strictObject({
      target: z.number(),
      points: z.array(trendPointSchema).max(90),
      /** From when every kept timeline reaches back unbroken; null: the whole window. */
      completeFrom: epochMs.nullable(),
      truncatedAssets: z.number().int().min(0),
      /** Steps whose recorded state did not match the replay (a gap in a timeline). */
      inconsistent: z.number().int().min(0),
    }),
  },
  /** Vehicle turnout readiness (车辆出勤保障率 ≥ 99%, shared/assets/turnout.ts): the fleet as the board shows it, overall and per home site. */
  'readiness.turnout': { permission: 'board.read',
    arg: empty,
    result: z.strictObject({ overall: readinessRowSchema, bySite: z.array(readinessRowSchema) }),
  },
  /**
   * Vehicle mileage and service due (保养到期, shared/assets/turnout.ts serviceDue): the fleet as
   * the board shows it (queued service records included), at the call's time. `due`: overdue
   * first, then due soon (within `soon`), each with its odometer and what made it due;
   * `unrecorded`: the vehicles with no service on record yet (their first service starts one).
   */
  'readiness.service': { permission: 'board.read',
    arg: empty,
    result: z.strictObject({
      soon: z.strictObject({ km: z.number(), days: z.number() }),
      vehicles: z.number().int().min(0),
      overdue: z.number().int().min(0),
      dueSoon: z.number().int().min(0),
      due: z
        .array(
          z.strictObject({
            vehicleId: entityId,
            plate: label,
            kind: z.enum(VEHICLE_KINDS),
            homeSiteId: entityId,
            vehicleStatus: z.enum(VEHICLE_STATUSES),
            service: vehicleServiceSchema,
            status: z.enum(['overdue', 'due_soon']),
            kmLeft: z.number(),
            dueAt: epochMs,
            daysLeft: z.number().int(),
            by: z.array(z.enum(['mileage', 'date'])).min(1).max(2),
          }),
        )
        .max(100_000),
      unrecorded: z.array(z.strictObject({ vehicleId: entityId, plate: label, kind: z.enum(VEHICLE_KINDS), homeSiteId: entityId })).max(100_000),
    }),
  },
  /** The asset types (models) by id, with their names: what a label or a list names an asset by. */
  'asset.types': { permission: 'board.read', arg: empty, result: z.strictObject({ types: z.array(assetTypeSchema).max(10_000) }) },
  /**
   * A site's stock-take (盘点) from a handheld RFID reader's export, read by the renderer
   * (shared/assets/import-files.ts: the file's rows checked, duplicate reads collapsed) and sent
   * as the EPCs heard, once each, with the file's row count. Reconciled against the ledger as
   * the board shows it (queued steps included; shared/assets/stocktake.ts): matched, missing,
   * at the wrong site, found, out, other, unknown, the proposed corrections, the error rate
   * against 0.03% and RFID coverage against 80% (the site's and the whole ledger's). Reads
   * only: nothing changes until `stocktake.confirm`. An unknown site is 'not_found'.
   */
  'stocktake.preview': { permission: 'assets.write',
    arg: z.strictObject({
      siteId: entityId,
      epcs: z
        .array(epcCode)
        .min(1)
        .max(MAX_STOCKTAKE_TAGS)
        .superRefine((epcs, c) => {
          const seen = new Set<string>();
          for (const e of epcs) {
            if (seen.has(e)) return void c.addIssue({ code: 'custom', message: `EPC ${e} is listed twice: send each tag once (with reads for the file's rows)` });
            seen.add(e);
          }
        }),
      /** The file's rows (reads, duplicates included): at least one per EPC. */
      reads: z.number().int().min(1).max(10_000_000),
    }).refine((a) => a.reads >= a.epcs.length, { message: 'reads: fewer rows than distinct EPCs', path: ['reads'] }),
    result: z.strictObject({
      siteId: entityId,
      expected: z.number().int().min(0),
      untaggedHere: z.number().int().min(0),
      reads: z.number().int().min(0),
      uniqueEpcs: z.number().int().min(0),
      duplicateReads: z.number().int().min(0),
      matched: z.number().int().min(0),
      missing: itemList,
      wrongSite: itemList,
      found: itemList,
      out: itemList,
      other: itemList,
      unknown: z.array(epcCode).max(MAX_STOCKTAKE_TAGS),
      /** EPCs heard that the ledger gives to more than one asset (a ledger fault: corrected by hand, never proposed). */
      clashes: z.array(z.strictObject({ epc: epcCode, assetIds: z.array(entityId).min(2).max(100) })).max(MAX_STOCKTAKE_TAGS),
      discrepancies: z.number().int().min(0),
      errorRate: z.number().min(0),
      accuracy: z.number().max(1),
      target: z.number(),
      meets: z.boolean(),
      corrections: z.array(z.strictObject({ assetId: entityId, step: z.enum(STOCKTAKE_STEPS), siteId: entityId.nullable(), reason: z.string().max(500) })).max(1_000_000),
      coverage: z.strictObject({ site: coverageSchema, overall: coverageSchema }),
      types: z.array(typeNameSchema).max(10_000),
    }),
  },
  /**
   * Officer action: the stock-take corrections the officer confirmed, each an `asset.step`
   * command (queued in the outbox with its audit entry, offline too), all in one transaction:
   * every one is checked against the board first (in order, each on top of those before it),
   * and one refused refuses them all ('step_refused' naming the asset): nothing is queued.
   * Each correction's own commandId makes a confirmation sent again the same commands.
   */
  'stocktake.confirm': { permission: 'assets.write',
    arg: z.strictObject({
      siteId: entityId,
      note: z.string().max(500),
      corrections: z
        .array(z.strictObject({ assetId: entityId, step: z.enum(STOCKTAKE_STEPS), siteId: entityId.optional(), commandId }))
        .min(1)
        .max(MAX_STOCKTAKE_CORRECTIONS)
        .refine((list) => new Set(list.map((c) => c.assetId)).size === list.length, { message: 'an asset is corrected once per stock-take' }),
    }),
    result: z.strictObject({ commands: z.array(commandAck).max(MAX_STOCKTAKE_CORRECTIONS) }),
  },
  /** Officer action: one lifecycle step (lifecycle.ts). Refused before queuing when the board sees it illegal ('step_refused', params.why). */
  'asset.step': { permission: 'assets.write', arg: assetStepPayload.extend({ commandId }), result: commandAck },
  /** Officer action: file a repair or scrapping request for an asset or a vehicle (the board picks repairId when omitted). */
  'repair.file': { permission: 'assets.write',
    arg: repairFilePayload.extend({ repairId: entityId.optional(), commandId }),
    result: commandAck.extend({ repairId: entityId }),
  },
  /** Supervisor's decision on a filed request, with a note (required). */
  'repair.decide': { permission: 'repairs.approve', arg: repairDecidePayload.extend({ commandId }), result: commandAck },
  /** A repair comes back: the request is done, the vehicle available again, the asset stored at its site. */
  'repair.close': { permission: 'assets.write', arg: z.strictObject({ repairId: entityId, note: z.string().max(500).default(''), commandId }), result: commandAck },
  /**
   * Officer action: a file of storage readings (库房温湿度), read and checked whole in the renderer
   * (parseClimateReadings) and sent as one `climate.record` command per site and run of at most
   * CLIMATE_READINGS_PER_COMMAND readings, each with its own commandId (sent again, the same
   * commands). Checked against the board's sites first: one unknown site, nothing queued; all
   * queued in one transaction.
   */
  'climate.import': { permission: 'assets.write',
    arg: z.strictObject({
      source: climateRecordPayload.shape.source,
      chunks: z
        .array(climateRecordPayload.omit({ source: true }).extend({ commandId }))
        .min(1)
        .max(Math.ceil(MAX_CLIMATE_IMPORT_READINGS / CLIMATE_READINGS_PER_COMMAND) + 200)
        .refine((cs) => cs.reduce((n, c) => n + c.readings.length, 0) <= MAX_CLIMATE_IMPORT_READINGS, { message: `at most ${MAX_CLIMATE_IMPORT_READINGS} readings a file` }),
    }),
    result: z.strictObject({ commands: z.array(commandAck), readings: z.number().int().min(0), sites: z.number().int().min(0) }),
  },
  /**
   * A flight log's rows (飞行日志: battery, date, its cycle counter; read and checked in the
   * renderer by parseFlightLog) matched against the ledger as the board shows it: a battery by
   * its QR code or serial, one that is not in the ledger or not a drone battery named by row, a
   * count that goes down between two codes of one battery named too. Answers each battery's
   * readings in time order, in runs of at most CYCLE_READINGS_PER_COMMAND (one `asset.cycles`
   * command each, with the day of its last reading: the counter is kept on that day), and the
   * problems (empty: the file can be imported whole). Reads only.
   */
  'cycles.check': { permission: 'assets.write',
    arg: z.strictObject({
      rows: z
        .array(z.strictObject({ row: z.number().int().min(1), battery: z.string().min(1).max(64), by: z.enum(['qr', 'serial']), at: epochMs, day: calendarDay, cycles: z.number().int().min(0).max(100_000) }))
        .min(1)
        .max(MAX_CYCLE_IMPORT_READINGS),
    }),
    result: z.strictObject({
      chunks: z.array(assetCyclesPayload.omit({ source: true }).extend({ qr: qrCode, typeId: entityId, before: z.number().int().min(0).nullable() })).max(MAX_CYCLE_IMPORT_READINGS),
      problems: importProblemsSchema,
      more: z.number().int().min(0),
      batteries: z.number().int().min(0),
      readings: z.number().int().min(0),
      types: z.array(typeNameSchema).max(10_000),
    }),
  },
  /**
   * Officer action: a checked flight log (`cycles.check`'s runs), one `asset.cycles` command per
   * run with its own commandId (sent again, the same commands). Checked against the board first:
   * one refused (not a battery, from the future), nothing queued; all queued in one transaction.
   */
  'cycles.import': { permission: 'assets.write',
    arg: z.strictObject({
      source: assetCyclesPayload.shape.source,
      chunks: z
        .array(assetCyclesPayload.omit({ source: true }).extend({ commandId }))
        .min(1)
        .max(MAX_CYCLE_IMPORT_READINGS)
        .refine((cs) => cs.reduce((n, c) => n + c.readings.length, 0) <= MAX_CYCLE_IMPORT_READINGS, { message: `at most ${MAX_CYCLE_IMPORT_READINGS} readings a file` }),
    }),
    result: z.strictObject({ commands: z.array(commandAck), readings: z.number().int().min(0), batteries: z.number().int().min(0) }),
  },
  /**
   * A flight log of flights a day (飞行架次: battery, day, sorties flown; read and checked in the
   * renderer by parseFlightLog) matched against the ledger as the board shows it, as `cycles.check`
   * does. Rows of one battery and one day add up. Answers each battery's days in order, in runs of
   * at most CYCLE_READINGS_PER_COMMAND (one `asset.flights` command each), with its count before,
   * after, and the days the ledger already holds at that count (they add nothing:
   * shared/assets/flight-days.ts), and the problems. Reads only.
   */
  'flights.check': { permission: 'assets.write',
    arg: z.strictObject({
      rows: z
        .array(z.strictObject({ row: z.number().int().min(1), battery: z.string().min(1).max(64), by: z.enum(['qr', 'serial']), day: calendarDay, flights: z.number().int().min(0).max(100) }))
        .min(1)
        .max(MAX_CYCLE_IMPORT_READINGS),
    }),
    result: z.strictObject({
      chunks: z
        .array(
          assetFlightsPayload.omit({ source: true }).extend({
            qr: qrCode,
            typeId: entityId,
            before: z.number().int().min(0).nullable(),
            after: z.number().int().min(0),
            /** Days of this run the ledger already holds at this count or more. */
            known: z.number().int().min(0),
            /** Days of this run on or before the battery's latest counter reading: in that reading, they add nothing. */
            covered: z.number().int().min(0),
          }),
        )
        .max(MAX_CYCLE_IMPORT_READINGS),
      problems: importProblemsSchema,
      more: z.number().int().min(0),
      batteries: z.number().int().min(0),
      days: z.number().int().min(0),
      types: z.array(typeNameSchema).max(10_000),
    }),
  },
  /**
   * Officer action: a checked log of flights a day (`flights.check`'s runs), one `asset.flights`
   * command per run with its own commandId (sent again, the same commands). Checked against the
   * board first: one refused, nothing queued; all queued in one transaction.
   */
  'flights.import': { permission: 'assets.write',
    arg: z.strictObject({
      source: assetFlightsPayload.shape.source,
      chunks: z
        .array(assetFlightsPayload.omit({ source: true }).extend({ commandId }))
        .min(1)
        .max(MAX_CYCLE_IMPORT_READINGS)
        .refine((cs) => cs.reduce((n, c) => n + c.days.length, 0) <= MAX_CYCLE_IMPORT_READINGS, { message: `at most ${MAX_CYCLE_IMPORT_READINGS} days a file` }),
    }),
    result: z.strictObject({ commands: z.array(commandAck), days: z.number().int().min(0), batteries: z.number().int().min(0) }),
  },
} as const satisfies MethodMap;
