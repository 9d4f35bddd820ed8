import { z } from 'zod';
import {
  ALERT_LEVELS,
  dispatchOrderSchema,
  itemTypeSchema,
  positionSchema,
  siteSchema,
  stockSchema,
  supplyRequestSchema,
  vehicleSchema,
  VEHICLE_STATUSES,
} from './domain';
import { commandSchema, cursorSchema, REPLICA_TABLES } from './central-api';

/**
 * The board API: the one typed surface between the renderer and the backend.
 * Carried over an Electron MessagePort or a WebSocket (browser host); both sides
 * validate every message with these schemas. Each method takes one JSON-safe
 * argument and answers one value or a BoardError.
 *
 * Vehicle positions do not travel as JSON events: they are binary frames in the
 * positions-codec.ts format, forwarded from the central live stream.
 */

export const LINK_STATES = ['connected', 'reconnecting', 'offline'] as const;
export type LinkState = (typeof LINK_STATES)[number];

export const linkStatusSchema = z.strictObject({
  state: z.enum(LINK_STATES),
  /** Base URL of the central endpoint in use. */
  endpoint: z.string().max(500),
  /** When the state last changed (epoch ms). */
  since: z.number().finite(),
  /** Last successful change-feed pull (epoch ms), null before the first. */
  lastPullAt: z.number().finite().nullable(),
  /** Last position batch received (epoch ms), null before the first. */
  lastPositionAt: z.number().finite().nullable(),
  cursor: cursorSchema,
  lastError: z.strictObject({ code: z.string().max(64), message: z.string().max(2000), at: z.number().finite() }).nullable(),
  /** Which central endpoint is in service (N+1: primary and backup). */
  endpointName: z.enum(['primary', 'backup']),
  /** Officers' commands waiting for the central. */
  queueDepth: z.number().int().min(0),
  /** Commands the central refused, waiting for an officer's decision. */
  conflicts: z.number().int().min(0),
  /** Last command the central accepted or answered (epoch ms). */
  lastPushAt: z.number().finite().nullable(),
  /** The demo/developer control has cut the link. */
  cut: z.boolean(),
  /** Pending commands whose last answer was unreadable: retried with the same id until the central answers. */
  unknownOutcomes: z.number().int().min(0),
  /**
   * The central's history is not the one this board followed (restored from an older copy,
   * a fresh database, a lagging backup): re-synchronising, nothing sent meanwhile.
   */
  resync: z.strictObject({ since: z.number().finite(), reason: z.string().max(64) }).nullable(),
  /** The central in service's clock minus ours (null before its first health answer). */
  clockSkewMs: z.number().finite().nullable(),
  /** The last re-synchronisation: when, why, and how many applied commands went back to the queue. */
  lastRewind: z.strictObject({ at: z.number().finite(), reason: z.string().max(64), requeued: z.number().int().min(0) }).nullable(),
});
export type LinkStatus = z.infer<typeof linkStatusSchema>;

const commandTypeSchema = z.enum(commandSchema.options.map((o) => o.shape.type.value) as [string, ...string[]]);

/** A command as the board shows it: pending upload, applied, or refused. */
export const outboxEntrySchema = z.strictObject({
  id: z.uuid(),
  type: commandTypeSchema,
  payload: z.record(z.string(), z.unknown()),
  issuedAt: z.number().finite(),
  state: z.enum(['pending', 'applied', 'rejected']),
  /** Pending and the last answer was unreadable: "outcome unknown, retrying" (never a conflict). */
  outcomeUnknown: z.boolean(),
  /** Times it was queued again because the central lost it (a rewind). */
  resent: z.number().int().min(0),
  attempts: z.number().int().min(0),
  lastError: z.string().max(500).nullable(),
});
export type OutboxEntryView = z.infer<typeof outboxEntrySchema>;

/** A command the central refused, with both sides: what the officer did and what the central holds. */
export const conflictSchema = z.strictObject({
  id: z.number().int().min(1),
  commandId: z.uuid(),
  type: commandTypeSchema,
  payload: z.record(z.string(), z.unknown()),
  issuedAt: z.number().finite(),
  code: z.string().max(64),
  reason: z.string().max(2000),
  serverRow: z.unknown(),
  createdAt: z.number().finite(),
  resolvedAt: z.number().finite().nullable(),
  resolution: z.enum(['discarded', 'reissued']).nullable(),
});
export type ConflictView = z.infer<typeof conflictSchema>;

export const endpointStatusSchema = z.strictObject({
  name: z.enum(['primary', 'backup']),
  url: z.string().max(500),
  healthy: z.boolean().nullable(),
  breaker: z.enum(['closed', 'open', 'halfOpen', 'isolated']),
  latencyMs: z.number().finite().nullable(),
  lastCheckAt: z.number().finite().nullable(),
  clockSkewMs: z.number().finite().nullable(),
});

/** A link event kept for the operators and the handover (sync_event). */
export const linkEventSchema = z.strictObject({ at: z.number().finite(), kind: z.string().max(64), detail: z.string().max(4000) });

/** The last time the board re-synchronised after the central's history changed under it. */
export const rewindSchema = z.strictObject({
  at: z.number().finite(),
  reason: z.string().max(64),
  fromCursor: z.number().int().min(0),
  toCursor: z.number().int().min(0),
  forkSeq: z.number().int().min(0),
  requeued: z.number().int().min(0),
});

export const outageSchema = z.strictObject({
  startedAt: z.number().finite(),
  endedAt: z.number().finite().nullable(),
  durationMs: z.number().finite().min(0),
  commandsQueued: z.number().int().min(0),
});
export type Outage = z.infer<typeof outageSchema>;

const commandAck = z.strictObject({ commandId: z.uuid(), issuedAt: z.number().finite() });
/**
 * The caller's idempotency key for an officer's intent: sending the same intent again
 * (an answer lost, a retry after a restart) answers the command already queued instead
 * of queuing a second one. Omitted, the backend makes one.
 */
const commandId = z.uuid().optional();

const lonLat = z.strictObject({ lon: z.number().finite().min(-180).max(180), lat: z.number().finite().min(-90).max(90) });
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
});
export type DispatchPlanView = z.infer<typeof planSchema>;

export const PLAN_FAILURE_REASONS = ['invalid_request', 'unknown_item', 'unreachable', 'off_network', 'out_of_bounds', 'insufficient_stock', 'no_vehicle', 'insufficient_capacity'] as const;

export const planResultSchema = z.union([
  z.strictObject({ ok: z.literal(true), plans: z.array(planSchema).max(5), destination: lonLat.nullable(), computeMs: z.number() }),
  z.strictObject({
    ok: z.literal(false),
    reason: z.enum(PLAN_FAILURE_REASONS),
    message: z.string().max(2000),
    missing: z.array(z.strictObject({ itemId: z.string(), requested: z.number(), available: z.number(), shortfall: z.number() })).max(50),
  }),
]);
export type PlanResultView = z.infer<typeof planResultSchema>;

/** The wall's rotation as the officer set it: which scenes, in which order, for how long. */
export const wallScheduleSchema = z.strictObject({
  scenes: z
    .array(z.strictObject({ id: z.string().min(1).max(64).regex(/^[a-z0-9-]+$/), enabled: z.boolean(), durationS: z.number().int().min(5).max(3600) }))
    .max(32),
});
export type WallSchedule = z.infer<typeof wallScheduleSchema>;

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
  itemsMoved: z.number().int().min(0),
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
        items: z.number().int(),
        vehicles: z.number().int(),
      }),
    )
    .max(100_000),
});
export type KpiReport = z.infer<typeof kpiReportSchema>;

export const mapInfoSchema = z.strictObject({
  /** [west, south, east, north] */
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  center: z.tuple([z.number(), z.number()]),
  zoom: z.number(),
  minzoom: z.number().int().min(0).max(24),
  maxzoom: z.number().int().min(0).max(24),
  attribution: z.string().max(500),
  /** Names of the vector layers in the tiles. */
  layers: z.array(z.string().max(64)).max(32),
});
export type MapInfo = z.infer<typeof mapInfoSchema>;

const empty = z.strictObject({});
const entityId = z.string().min(1).max(64);

export const stockLineSchema = z.strictObject({ item: itemTypeSchema, quantity: stockSchema.shape.quantity, safetyLevel: stockSchema.shape.safetyLevel });
export type StockLine = z.infer<typeof stockLineSchema>;

export const boardMethods = {
  /** Everything the board needs to draw its first frame, from the local cache. */
  'board.snapshot': {
    arg: empty,
    result: z.strictObject({
      sites: z.array(siteSchema),
      items: z.array(itemTypeSchema),
      vehicles: z.array(vehicleSchema),
      positions: z.array(positionSchema),
      link: linkStatusSchema,
      /** What pending (not yet reflected) commands touch, for the "pending upload" marks. */
      pending: z.array(z.strictObject({ commandId: z.uuid(), type: commandTypeSchema, target: z.string().max(140), outcomeUnknown: z.boolean() })),
    }),
  },
  'site.detail': {
    arg: z.strictObject({ siteId: entityId }),
    result: z.strictObject({ site: siteSchema, stock: z.array(stockLineSchema) }),
  },
  'vehicle.detail': {
    arg: z.strictObject({ vehicleId: entityId }),
    result: z.strictObject({
      vehicle: vehicleSchema,
      position: positionSchema.nullable(),
      /** Recent track, oldest first: [lon, lat, ts]. */
      trail: z.array(z.tuple([z.number(), z.number(), z.number()])).max(10_000),
    }),
  },
  'link.status': { arg: empty, result: linkStatusSchema },
  /** The link-health panel: endpoints, breakers, latency, queue, and this shift's outages. */
  'link.health': {
    arg: empty,
    result: z.strictObject({
      status: linkStatusSchema,
      endpoints: z.array(endpointStatusSchema),
      outages: z.array(outageSchema).max(1000),
      /** Last automatic reconciliation: each table matched, was re-synced, or was skipped. */
      reconciliation: z
        .strictObject({
          at: z.number().finite(),
          tables: z.array(z.strictObject({ table: z.enum(REPLICA_TABLES), result: z.enum(['match', 'resynced', 'skipped']), detail: z.string().max(500) })),
        })
        .nullable(),
      lastRewind: rewindSchema.nullable(),
      /** Newest first: what went wrong on the link (unreadable answers, rewinds, clock skew, Retry-After out of bounds...). */
      events: z.array(linkEventSchema).max(200),
      /** Commands waiting for the central, oldest first, each with whether its outcome is unknown. */
      queue: z.array(outboxEntrySchema).max(200),
      /** The demo build: the link-cut control exists (demoMethods). */
      demo: z.boolean(),
    }),
  },
  /** Officer action: mark a vehicle in maintenance, back in service, etc. Queued offline. */
  'vehicle.setStatus': {
    arg: z.strictObject({ vehicleId: entityId, status: z.enum(VEHICLE_STATUSES), commandId }),
    result: commandAck,
  },
  /** Officer action: book stock in (+) or out (−) at a site. Queued offline. */
  'stock.adjust': {
    arg: z.strictObject({
      siteId: entityId,
      itemId: entityId,
      delta: z.number().int().min(-10_000_000).max(10_000_000).refine((d) => d !== 0, 'delta must not be 0'),
      reason: z.string().max(200),
      commandId,
    }),
    result: commandAck,
  },
  /** Recommended plans for a request being typed: nothing is written. */
  'dispatch.plan': {
    arg: z.strictObject({ destination: lonLat, items: requestedItems, priority: z.enum(ALERT_LEVELS), deadlineMinutes: z.number().int().min(1).max(1440).optional() }),
    result: planResultSchema,
  },
  /** Officer action: record a supply request. Queued offline. */
  'request.create': {
    arg: z.strictObject({
      destination: z.strictObject({ lon: lonLat.shape.lon, lat: lonLat.shape.lat, label: z.string().max(200) }),
      items: requestedItems,
      priority: z.enum(ALERT_LEVELS),
      requester: z.string().max(100),
      note: z.string().max(500),
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
  'dispatch.accept': {
    arg: z.strictObject({
      requestId: z.uuid(),
      runs: z
        .array(
          z.strictObject({
            vehicleId: z.string().min(1).max(64),
            siteIds: z.array(z.string().min(1).max(64)).min(1).max(10),
            pickups: z.array(z.strictObject({ siteId: z.string().min(1).max(64), itemId: z.string().min(1).max(64), quantity: z.number().int().min(1).max(1_000_000) })).min(1).max(200),
            arrivalS: z.number().finite().min(0).max(7 * 24 * 3600),
          }),
        )
        .min(1)
        .max(50),
      /** One key for the whole plan; each run's command id is derived from it. */
      commandId,
    }),
    result: z.strictObject({ dispatchIds: z.array(z.uuid()) }),
  },
  'dispatch.confirmDelivery': { arg: z.strictObject({ dispatchId: z.uuid(), commandId }), result: commandAck },
  /** Officer action: cancel a request not yet delivered; its dispatch orders are cancelled with it, their stock released and vehicles freed. Queued offline. */
  'request.cancel': { arg: z.strictObject({ requestId: z.uuid(), reason: z.string().max(200), commandId }), result: commandAck },
  /** Officer action: cancel one dispatch order not yet delivered: its stock goes back to its sites, its vehicle is free. Queued offline. */
  'dispatch.cancel': { arg: z.strictObject({ dispatchId: z.uuid(), reason: z.string().max(200), commandId }), result: commandAck },
  /** Officer action: the load was picked up (when the central's own event is missing). */
  'dispatch.confirmPickup': { arg: z.strictObject({ dispatchId: z.uuid(), commandId }), result: commandAck },
  /** Requests open, en route, or closed in the last day, with their dispatch orders (pending ones included). */
  'request.list': {
    arg: empty,
    result: z.strictObject({
      requests: z.array(supplyRequestSchema).max(5000),
      dispatches: z.array(dispatchOrderSchema).max(20_000),
    }),
  },
  /** Road geometry of one dispatch order's remaining route (vehicle → pickups → destination). */
  'dispatch.route': {
    arg: z.strictObject({ dispatchId: z.uuid() }),
    result: z.strictObject({ path: z.array(z.tuple([z.number(), z.number()])).max(50_000), driveS: z.number().finite().min(0) }),
  },
  'kpi.report': { arg: z.strictObject({ period: z.enum(['shift', 'day', 'month']) }), result: kpiReportSchema },
  /** Drive-time areas from every depot and quick-pick point (GeoJSON MultiPolygons by band). */
  'map.coverage': {
    arg: empty,
    result: z.strictObject({
      levelsMinutes: z.array(z.number()),
      bands: z.strictObject({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()).max(20) }),
    }),
  },
  /** Alerts derived from requests and deadlines (red first), with this console's acknowledgements. */
  'alert.list': {
    arg: empty,
    result: z.strictObject({
      alerts: z
        .array(
          z.strictObject({
            id: z.string().max(200),
            kind: z.enum(['deadline_risk', 'deadline_missed', 'red_request']),
            level: z.enum(ALERT_LEVELS),
            requestId: z.uuid(),
            label: z.string().max(200),
            deadlineAt: z.number(),
            predictedArrivalAt: z.number().nullable(),
            since: z.number(),
            acknowledgedAt: z.number().nullable(),
          }),
        )
        .max(5000),
    }),
  },
  /** Officer action on a console: acknowledge an alert (the wall stops showing it as interrupting). */
  'alert.acknowledge': { arg: z.strictObject({ alertId: z.string().min(1).max(200) }), result: z.strictObject({ acknowledgedAt: z.number() }) },
  /** The wall's rotation schedule (null until an officer sets one: the wall uses its defaults). */
  'wall.schedule': { arg: empty, result: z.strictObject({ schedule: wallScheduleSchema.nullable() }) },
  'wall.setSchedule': { arg: wallScheduleSchema, result: z.strictObject({ schedule: wallScheduleSchema }) },
  'outbox.list': { arg: empty, result: z.strictObject({ entries: z.array(outboxEntrySchema).max(1000) }) },
  'conflict.list': { arg: empty, result: z.strictObject({ conflicts: z.array(conflictSchema).max(1000) }) },
  'conflict.resolve': {
    arg: z.strictObject({ conflictId: z.number().int().min(1), resolution: z.enum(['discard', 'reissue']) }),
    result: z.strictObject({ reissuedCommandId: z.uuid().nullable() }),
  },
  'map.info': { arg: empty, result: mapInfoSchema },
  /** One vector tile (Mapbox Vector Tile, uncompressed) as base64; null where there is none. */
  'map.tile': {
    arg: z.strictObject({
      z: z.number().int().min(0).max(24),
      x: z.number().int().min(0).max(2 ** 24),
      y: z.number().int().min(0).max(2 ** 24),
    }),
    result: z.strictObject({ data: z.string().max(8_000_000).nullable() }),
  },
} as const;

/**
 * Methods of the demo build and the tests only: the backend serves them when started with
 * `demo: true` (npm start, the e2e stack) and answers `unknown_method` otherwise, so no
 * client of a production board can cut its link.
 */
export const demoMethods = {
  /** Cut the link to the central, or restore it. */
  'link.setCut': { arg: z.strictObject({ cut: z.boolean() }), result: linkStatusSchema },
} as const;

export const boardEvents = {
  'link.changed': linkStatusSchema,
  /** Replica tables changed locally after a pull: re-read what is shown. */
  'data.changed': z.strictObject({ tables: z.array(z.enum(REPLICA_TABLES)).min(1), cursor: cursorSchema }),
  /** A command was queued, answered or refused: pending marks and conflicts changed. */
  'outbox.changed': z.strictObject({ queueDepth: z.number().int().min(0), conflicts: z.number().int().min(0) }),
  /** An alert was acknowledged on a console: re-read alert.list. */
  'alerts.changed': z.strictObject({ acknowledged: z.string().max(200).nullable() }),
  'wall.scheduleChanged': z.strictObject({ schedule: wallScheduleSchema }),
} as const;

export type BoardMethods = typeof boardMethods & typeof demoMethods;
export const allBoardMethods: BoardMethods = { ...boardMethods, ...demoMethods };
export type BoardMethod = keyof BoardMethods;
export type MethodArg<M extends BoardMethod> = z.input<BoardMethods[M]['arg']>;
export type MethodResult<M extends BoardMethod> = z.infer<BoardMethods[M]['result']>;
export type BoardEvents = typeof boardEvents;
export type BoardEvent = keyof BoardEvents;
export type EventData<E extends BoardEvent> = z.infer<BoardEvents[E]>;

/**
 * Why the backend refused a call. The UI translates the code (with `params` for the names
 * and numbers it needs), never the English `message`, which is for logs and support.
 */
export const BOARD_ERROR_CODES = [
  // the call itself
  'bad_request', 'unknown_method', 'not_found', 'unavailable', 'internal', 'forbidden', 'unauthenticated',
  // an action refused against what the board shows
  'unknown_item', 'vehicle_unavailable', 'vehicle_twice', 'pickup_not_a_stop', 'insufficient_stock',
  'request_closed', 'dispatch_closed', 'dispatch_loaded', 'command_id_reused', 'conflict_resolved',
  'position_unknown', 'routing_failed',
] as const;
export type BoardErrorCode = (typeof BOARD_ERROR_CODES)[number];
/** Names and numbers a translated refusal needs: `{ plate: '粤A·1900警', status: 'enroute' }`. */
export const errorParamsSchema = z.record(z.string().max(40), z.union([z.string().max(200), z.number().finite()]));
export const boardErrorSchema = z.strictObject({ code: z.enum(BOARD_ERROR_CODES), message: z.string().max(2000), params: errorParamsSchema.optional() });
export type BoardErrorBody = z.infer<typeof boardErrorSchema>;
export type BoardErrorParams = z.infer<typeof errorParamsSchema>;

export class BoardError extends Error {
  constructor(
    readonly code: BoardErrorCode,
    message: string,
    readonly params?: BoardErrorParams,
  ) {
    super(message);
    this.name = 'BoardError';
  }
  toJSON(): BoardErrorBody {
    return { code: this.code, message: this.message.slice(0, 2000), ...(this.params ? { params: this.params } : {}) };
  }
}

/** Text messages on the wire (JSON). Binary frames are position batches, server → client only. */
export const clientMessageSchema = z.strictObject({
  kind: z.literal('call'),
  id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  method: z.string().max(64),
  arg: z.unknown(),
});
export type ClientMessage = z.infer<typeof clientMessageSchema>;

export const serverMessageSchema = z.union([
  z.strictObject({ kind: z.literal('result'), id: z.number().int().min(0), ok: z.literal(true), value: z.unknown() }),
  z.strictObject({ kind: z.literal('result'), id: z.number().int().min(0), ok: z.literal(false), error: boardErrorSchema }),
  z.strictObject({ kind: z.literal('event'), name: z.string().max(64), data: z.unknown() }),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;

export function isBoardMethod(name: string): name is BoardMethod {
  return Object.prototype.hasOwnProperty.call(allBoardMethods, name);
}
export function isDemoMethod(name: string): name is keyof typeof demoMethods {
  return Object.prototype.hasOwnProperty.call(demoMethods, name);
}
export function isBoardEvent(name: string): name is BoardEvent {
  return Object.prototype.hasOwnProperty.call(boardEvents, name);
}

/** Describes a zod failure in one line for a BoardError message. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}
