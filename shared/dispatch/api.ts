import { z } from 'zod';
import { REQUEST_CLASSES } from '../duty/schema';
import { ALERT_LEVELS } from '../alerts/levels';
import { commandAck, commandId, empty, lonLat } from '../board/common';
import type { EventMap, MethodMap } from '../board/method';
import { APPROVAL_REASONS, dispatchOrderSchema, ESCALATION_REASONS, supplyRequestSchema } from './schema';

/** Emergency supply dispatch (应急调拨) on the board API: plans, requests, dispatch orders, KPIs. */

const requestedItems = z
  .array(z.strictObject({ itemId: z.string().min(1).max(64), quantity: z.number().int().min(1).max(1_000_000) }))
  .min(1)
  .max(50);

/** One vehicle's run in a recommended plan, with its legs' road geometry for the map. */
export const planRunSchema = z.strictObject({
  vehicleId: z.string().max(64),
  capacity: z.number().int().min(0),
  loadUnits: z.number().int().min(0),
  siteIds: z.array(z.string().max(64)).max(10),
  pickups: z.array(z.strictObject({ siteId: z.string().max(64), itemId: z.string().max(64), quantity: z.number().int().min(1) })).max(200),
  legs: z
    .array(
      z.strictObject({
        from: z.strictObject({ kind: z.enum(['vehicle', 'site', 'destination']), id: z.string().max(64).nullable() }),
        to: z.strictObject({ kind: z.enum(['vehicle', 'site', 'destination']), id: z.string().max(64).nullable() }),
        driveS: z.number().finite().min(0),
        path: z.array(z.tuple([z.number(), z.number()])).max(20_000).nullable(),
      }),
    )
    .max(12),
  driveS: z.number().finite().min(0),
  loadingS: z.number().finite().min(0),
  arrivalS: z.number().finite().min(0),
});
export type PlanRun = z.infer<typeof planRunSchema>;

/** A recommended dispatch plan (one of 2–3 ranked alternatives). */
export const planSchema = z.strictObject({
  rank: z.number().int().min(1),
  reason: z.enum(['fastest', 'keeps_reserve', 'fewest_vehicles', 'single_source', 'other_vehicles', 'other_source']),
  arrivalS: z.number().finite().min(0),
  deadlineS: z.number().finite().min(0),
  marginS: z.number().finite(),
  meetsDeadline: z.boolean(),
  lateReason: z.enum(['stock_too_far', 'vehicles_too_far']).nullable(),
  pickups: z.array(z.strictObject({ siteId: z.string().max(64), itemId: z.string().max(64), quantity: z.number().int().min(1) })).max(500),
  runs: z.array(planRunSchema).max(50),
  keepsReserve: z.boolean(),
  belowSafety: z.array(z.strictObject({ siteId: z.string().max(64), itemId: z.string().max(64), remaining: z.number(), safetyLevel: z.number() })).max(500),
  /**
   * Whose approval it would wait for once accepted, and why (multi-level command); null: it
   * runs at once. The planner offers plans within the request's county first and goes across
   * counties only when none of those meets the deadline (then in_county_late says so).
   */
  approval: z.strictObject({ level: z.enum(['city', 'county']), unitId: z.string().max(64), reasons: z.array(z.enum(APPROVAL_REASONS)).max(4) }).nullable(),
});
export type DispatchPlanView = z.infer<typeof planSchema>;

export const PLAN_FAILURE_REASONS = ['invalid_request', 'unknown_item', 'unreachable', 'off_network', 'out_of_bounds', 'insufficient_stock', 'no_vehicle', 'insufficient_capacity'] as const;

export const planResultSchema = z.union([
  z.strictObject({
    ok: z.literal(true),
    plans: z.array(planSchema).max(5),
    destination: lonLat.nullable(),
    computeMs: z.number(),
    /**
     * How old the oldest vehicle position the plans rest on is (seconds, null when none was
     * known): during an outage plans use positions that are minutes old, and say so.
     */
    positionsAgeS: z.number().finite().min(0).nullable(),
    /** Alternatives arriving later than this (seconds from the request) are not offered: the deadline, or the fastest plus ten minutes when nothing meets it. */
    alternativesUntilS: z.number().finite().min(0),
  }),
  z.strictObject({
    ok: z.literal(false),
    reason: z.enum(PLAN_FAILURE_REASONS),
    message: z.string().max(2000),
    missing: z.array(z.strictObject({ itemId: z.string(), requested: z.number(), available: z.number(), shortfall: z.number() })).max(50),
  }),
]);
export type PlanResultView = z.infer<typeof planResultSchema>;

/** A problem with runs an officer sends (shared/dispatch/plan-check.ts): a code the UI translates, and its names and numbers. */
export const runProblemSchema = z.strictObject({
  code: z.enum(['vehicle_unavailable', 'vehicle_twice', 'over_capacity', 'pickup_not_a_stop', 'insufficient_stock', 'source_is_destination', 'below_safety']),
  params: z.record(z.string().max(40), z.union([z.string().max(200), z.number().finite()])),
});

/** Runs as sent to dispatch.retime and dispatch.accept. */
const sentRuns = z
  .array(
    z.strictObject({
      vehicleId: z.string().min(1).max(64),
      siteIds: z.array(z.string().min(1).max(64)).min(1).max(10),
      pickups: z.array(z.strictObject({ siteId: z.string().min(1).max(64), itemId: z.string().min(1).max(64), quantity: z.number().int().min(1).max(1_000_000) })).min(1).max(200),
    }),
  )
  .min(1)
  .max(50);

/** A vehicle's predicted arrival, re-predicted from where it is now (not the promise made at dispatch). */
export const etaSchema = z.strictObject({
  dispatchId: z.uuid(),
  /** Epoch ms: now + the drive left along its route + loading at the pickups still to make. */
  etaAt: z.number().finite(),
  /** When it was computed, and from a position received when. */
  computedAt: z.number().finite(),
  positionAt: z.number().finite(),
});
export type EtaView = z.infer<typeof etaSchema>;

const itemsMovedSchema = z.array(z.strictObject({ itemId: z.string().max(64), quantity: z.number().int().min(0) })).max(500);

/** Dispatch figures the division reports, for one period. */
export const kpiReportSchema = z.strictObject({
  period: z.enum(['shift', 'day', 'month']),
  from: z.number().finite(),
  to: z.number().finite(),
  requests: z.number().int().min(0),
  dispatches: z.number().int().min(0),
  delivered: z.number().int().min(0),
  avgRequestToArrivalS: z.number().finite().nullable(),
  p90RequestToArrivalS: z.number().finite().nullable(),
  onTimeShare: z.number().min(0).max(1).nullable(),
  /** Per item, never summed across items: their units differ (件, 套, 台…). */
  moved: itemsMovedSchema,
  /** One row per delivered request, for the CSV export. */
  rows: z
    .array(
      z.strictObject({
        requestId: z.uuid(),
        createdAt: z.number(),
        deliveredAt: z.number(),
        durationS: z.number(),
        onTime: z.boolean(),
        priority: z.enum(ALERT_LEVELS),
        destination: z.string().max(200),
        moved: itemsMovedSchema,
        vehicles: z.number().int(),
      }),
    )
    .max(100_000),
});
export type KpiReport = z.infer<typeof kpiReportSchema>;

export const dispatchMethods = {
  /** Recommended plans for a request being typed: nothing is written. */
  'dispatch.plan': { permission: 'dispatch.write',
    arg: z.strictObject({ destination: lonLat, items: requestedItems, priority: z.enum(ALERT_LEVELS), deadlineMinutes: z.number().int().min(1).max(1440).optional() }),
    result: planResultSchema,
  },
  /** Officer action: record a supply request. Queued offline. */
  'request.create': { permission: 'dispatch.write',
    arg: z.strictObject({
      destination: z.strictObject({ lon: lonLat.shape.lon, lat: lonLat.shape.lat, label: z.string().max(200) }),
      items: requestedItems,
      priority: z.enum(ALERT_LEVELS),
      requester: z.string().max(100),
      note: z.string().max(500),
      /** Its class (emergency supply by default): the deadline is the class's unless `deadlineMinutes` says otherwise (routine: as agreed). */
      class: z.enum(REQUEST_CLASSES).optional(),
      deadlineMinutes: z.number().int().min(1).max(1440).optional(),
      commandId,
    }),
    result: z.strictObject({ requestId: z.uuid(), commandId: z.uuid() }),
  },
  /**
   * Officer action: dispatch a request by a plan (as recommended or edited). Every run's
   * stock and vehicle are checked against the board first; all runs are queued in one
   * transaction or none is.
   */
  'dispatch.accept': { permission: 'dispatch.write',
    arg: z.strictObject({
      requestId: z.uuid(),
      runs: z
        .array(
          z.strictObject({
            vehicleId: z.string().min(1).max(64),
            siteIds: z.array(z.string().min(1).max(64)).min(1).max(10),
            pickups: z.array(z.strictObject({ siteId: z.string().min(1).max(64), itemId: z.string().min(1).max(64), quantity: z.number().int().min(1).max(1_000_000) })).min(1).max(200),
            /** What the officer was shown; the backend times the runs again on the roads and promises that. */
            arrivalS: z.number().finite().min(0).max(7 * 24 * 3600),
          }),
        )
        .min(1)
        .max(50),
      /** The officer confirmed taking a site below its safety stock (the only problem a confirmation lifts). */
      confirmBelowSafety: z.boolean().optional(),
      /** The plan went across counties because no plan within the county met the deadline (the planner's `in_county_late`): said to the approver. */
      inCountyLate: z.boolean().optional(),
      /** One key for the whole plan; each run's command id is derived from it. */
      commandId,
    }),
    result: z.strictObject({ dispatchIds: z.array(z.uuid()) }),
  },
  /** Officer action: the load was picked up (when the central's own event is missing). */
  'dispatch.confirmPickup': { permission: 'dispatch.write', arg: z.strictObject({ dispatchId: z.uuid(), commandId }), result: commandAck },
  'dispatch.confirmDelivery': { permission: 'dispatch.write', arg: z.strictObject({ dispatchId: z.uuid(), commandId }), result: commandAck },
  /** Officer action: cancel a request not yet delivered; its dispatch orders are cancelled with it, their stock released and vehicles freed. Queued offline. */
  'request.cancel': { permission: 'dispatch.write', arg: z.strictObject({ requestId: z.uuid(), reason: z.string().max(200), commandId }), result: commandAck },
  /** Officer action: cancel one dispatch order not yet delivered: its stock goes back to its sites, its vehicle is free. Queued offline. */
  'dispatch.cancel': { permission: 'dispatch.write', arg: z.strictObject({ dispatchId: z.uuid(), reason: z.string().max(200), commandId }), result: commandAck },
  /** Officer action: pass an open request up to the city (上报), when the county cannot meet it. Queued offline. */
  'request.escalate': { permission: 'dispatch.write', arg: z.strictObject({ requestId: z.uuid(), reason: z.enum(ESCALATION_REASONS), note: z.string().max(500), commandId }), result: commandAck },
  /** A supervisor's decision on a dispatch order awaiting approval: approve (it runs) or refuse (note required: its stock goes back). Queued offline. */
  'dispatch.approve': { permission: 'dispatch.approve', arg: z.strictObject({ dispatchId: z.uuid(), note: z.string().max(500), commandId }), result: commandAck },
  'dispatch.refuse': { permission: 'dispatch.approve', arg: z.strictObject({ dispatchId: z.uuid(), note: z.string().trim().min(1).max(500), commandId }), result: commandAck },
  /** Requests open, en route, or closed in the last day, with their dispatch orders (pending ones included). */
  'request.list': { permission: 'board.read',
    arg: empty,
    result: z.strictObject({
      requests: z.array(supplyRequestSchema).max(5000),
      dispatches: z.array(dispatchOrderSchema).max(20_000),
      /** Live arrival predictions of the orders on their way (missing: no usable position yet). */
      etas: z.array(etaSchema).max(20_000),
      /** The orders awaiting approval that the signed-in officer may decide (a supervisor of the approving unit or above). */
      mayDecide: z.array(z.uuid()).max(20_000),
      /** Whether this console may pass requests up (上报): a console below the city, of a command with a tree. */
      mayEscalate: z.boolean(),
    }),
  },
  /**
   * Runs as the officer has them (recommended or edited), checked and timed on the real
   * roads from where each vehicle is now: route, legs, arrival, margin, and every problem
   * that would stop them being dispatched. Nothing is written.
   */
  'dispatch.retime': { permission: 'dispatch.write',
    /** For a recorded request, or for the form's destination and deadline before it is recorded. */
    arg: z.union([
      z.strictObject({ requestId: z.uuid(), runs: sentRuns }),
      z.strictObject({ destination: lonLat, deadlineMinutes: z.number().int().min(1).max(1440), runs: sentRuns }),
    ]),
    result: z.strictObject({
      runs: z.array(planRunSchema).max(50),
      arrivalS: z.number().finite().min(0).nullable(),
      deadlineS: z.number().finite(),
      marginS: z.number().finite().nullable(),
      meetsDeadline: z.boolean(),
      problems: z.array(runProblemSchema).max(200),
      positionsAgeS: z.number().finite().min(0).nullable(),
      /** Whose approval the runs would wait for once accepted, and why (as a recommended plan says it); null: they run at once. */
      approval: planSchema.shape.approval,
    }),
  },
  /** Road geometry of one dispatch order's remaining route (vehicle → pickups → destination). */
  'dispatch.route': { permission: 'board.read',
    arg: z.strictObject({ dispatchId: z.uuid() }),
    result: z.strictObject({ path: z.array(z.tuple([z.number(), z.number()])).max(50_000), driveS: z.number().finite().min(0) }),
  },
  'kpi.report': { permission: 'board.read', arg: z.strictObject({ period: z.enum(['shift', 'day', 'month']) }), result: kpiReportSchema },
  /** Drive-time areas from every depot and quick-pick point (GeoJSON MultiPolygons by band). */
  'map.coverage': { permission: 'board.read',
    arg: empty,
    result: z.strictObject({
      levelsMinutes: z.array(z.number()),
      bands: z.strictObject({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()).max(20) }),
    }),
  },
} as const satisfies MethodMap;

export const dispatchEvents = {
  /** Live arrival predictions moved (or an order arrived, or left): re-read request.list. */
  'dispatch.etasChanged': z.strictObject({ count: z.number().int().min(0) }),
} as const satisfies EventMap;
