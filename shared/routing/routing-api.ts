import { z } from 'zod';
import { stockSchema, VEHICLE_STATUSES } from '../domain';
import { DISPATCH_PRIORITIES, MAX_ITEM_QUANTITY, MAX_REQUEST_LINES, type DispatchPlan, type PlanFailure, type PlanLeg, type VehicleRun } from '../dispatch/planner';
import type { CoverageBandProperties } from './coverage';
import type { Bounds, LonLat } from './geo';
import type { FeatureCollection, MultiPolygon } from 'geojson';

/**
 * Contract of the routing service (electron/backend/routing/): the worker thread that
 * owns the road graph and answers plan / driveTimes / route / coverage. Arguments are
 * JSON-safe and checked with these schemas on arrival in the worker; answers are
 * JSON-safe (Infinity travels as null). Errors cross as { code, message }.
 */

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/, 'id: letters, digits and _.:- only');
/** Finite numbers only; whether a point is inside the city is checked against the loaded network's bounds. */
const lonLatSchema = z.strictObject({ lon: z.number().finite().min(-180).max(180), lat: z.number().finite().min(-90).max(90) });

export const routingVehicleSchema = z.strictObject({
  id,
  status: z.enum(VEHICLE_STATUSES),
  capacity: z.number().int().min(0).max(100_000),
  /** Last known position (GPS fix or home site). */
  lon: z.number().finite().min(-180).max(180),
  lat: z.number().finite().min(-90).max(90),
});
export type RoutingVehicle = z.infer<typeof routingVehicleSchema>;

export const planArgSchema = z.strictObject({
  destination: lonLatSchema,
  items: z
    .array(z.strictObject({ itemId: id, quantity: z.number().int().min(1).max(MAX_ITEM_QUANTITY) }))
    .min(1)
    .max(MAX_REQUEST_LINES),
  priority: z.enum(DISPATCH_PRIORITIES),
  /** Seconds from now; default 30 minutes. */
  deadlineS: z.number().finite().positive().max(7 * 24 * 3600).optional(),
  /** Current stock minus reservations. */
  stock: z.array(stockSchema).max(200_000),
  vehicles: z.array(routingVehicleSchema).max(20_000),
  maxPlans: z.number().int().min(1).max(5).optional(),
  /** Attach each leg's road geometry (default true). */
  withRoutes: z.boolean().optional(),
});
export type PlanArg = z.infer<typeof planArgSchema>;

export const driveTimesArgSchema = z.strictObject({
  destination: lonLatSchema,
  vehicles: z.array(z.strictObject({ id, lon: z.number().finite(), lat: z.number().finite() })).max(20_000).optional(),
});
export type DriveTimesArg = z.infer<typeof driveTimesArgSchema>;

const nodeId = z.number().int().min(0);
export const routeArgSchema = z.union([
  z.strictObject({ fromNode: nodeId, toNode: nodeId }),
  z.strictObject({ from: lonLatSchema, to: lonLatSchema }),
]);
export type RouteArg = z.infer<typeof routeArgSchema>;

/** An officer's runs (as recommended or edited), timed on the roads from where each vehicle is. */
export const timeRunsArgSchema = z.strictObject({
  destination: lonLatSchema,
  deadlineS: z.number().finite().positive().max(7 * 24 * 3600),
  runs: z
    .array(
      z.strictObject({
        vehicleId: id,
        from: lonLatSchema,
        capacity: z.number().int().min(0).max(100_000),
        stops: z.array(z.strictObject({ siteId: id, items: z.array(z.strictObject({ itemId: id, quantity: z.number().int().min(1).max(MAX_ITEM_QUANTITY) })).min(1).max(200) })).min(1).max(10),
      }),
    )
    .min(1)
    .max(50),
  withRoutes: z.boolean().optional(),
});
export type TimeRunsArg = z.infer<typeof timeRunsArgSchema>;

/** Trips on their way: the drive time left from where each vehicle is now, via the pickups still to make. */
export const remainingArgSchema = z.strictObject({
  trips: z
    .array(z.strictObject({ id: z.string().min(1).max(64), from: lonLatSchema, siteIds: z.array(id).max(10), destination: lonLatSchema }))
    .max(2000),
});
export type RemainingArg = z.infer<typeof remainingArgSchema>;

export const coverageArgSchema = z.strictObject({
  /** Band limits in minutes, increasing; default [5, 15, 30]. */
  levelsMinutes: z
    .array(z.number().finite().positive().max(240))
    .min(1)
    .max(6)
    .refine((l) => l.every((x, i) => i === 0 || x > l[i - 1]!), 'levels must increase')
    .optional(),
  cellM: z.number().finite().min(50).max(1000).optional(),
  /** Sources; default every site that snapped to the network. */
  siteIds: z.array(id).min(1).max(1000).optional(),
});
export type CoverageArg = z.infer<typeof coverageArgSchema>;

// --- answers ----------------------------------------------------------------------------

export type SnappedPoint = { lon: number; lat: number; node: number; nodeLon: number; nodeLat: number; snapDistanceM: number };

export type RoutedLeg = PlanLeg & { path: LonLat[] | null };
export type RoutedRun = Omit<VehicleRun, 'legs'> & { legs: RoutedLeg[] };
export type RoutedPlan = Omit<DispatchPlan, 'runs'> & { runs: RoutedRun[] };
export type RoutedPlanResult = { ok: true; plans: RoutedPlan[]; alternativesUntilS: number } | PlanFailure;

export type SkippedVehicle = { id: string; reason: 'out_of_bounds' | 'off_network' };

export type PlanAnswer = {
  destination: SnappedPoint | null;
  result: RoutedPlanResult;
  /** Available vehicles left out because their position is unusable. */
  skippedVehicles: SkippedVehicle[];
  computeMs: number;
};

export type DriveTimesAnswer = {
  destination: SnappedPoint;
  sites: { siteId: string; timeS: number | null }[];
  vehicles: { id: string; timeS: number | null }[];
  computeMs: number;
};

export type RouteAnswer = {
  fromNode: number;
  toNode: number;
  /** null when no road leads there. */
  path: { coords: LonLat[]; timeS: number; lengthM: number; nodeCount: number } | null;
};

export type TimeRunsAnswer = {
  destination: SnappedPoint;
  runs: RoutedRun[];
  arrivalS: number;
  deadlineS: number;
  marginS: number;
  meetsDeadline: boolean;
};

export type RemainingAnswer = {
  /** Drive time left (null: no road from where the vehicle is) and the pickup stops still to make. */
  trips: { id: string; driveS: number | null; stops: number }[];
  computeMs: number;
};

export type CoverageAnswer = {
  bands: FeatureCollection<MultiPolygon, CoverageBandProperties>;
  levelsMinutes: number[];
  cellM: number;
  cols: number;
  rows: number;
  sourceSiteIds: string[];
  computeMs: number;
};

export type RoutingInfo = {
  nodeCount: number;
  edgeCount: number;
  /** Nodes of the largest strongly connected component: the ones points snap to. */
  routableNodeCount: number;
  bounds: Bounds;
  sites: { siteId: string; node: number | null; snapDistanceM: number | null }[];
  startMs: number;
};

export type RoutingHandlers = {
  plan: (arg: PlanArg) => PlanAnswer;
  driveTimes: (arg: DriveTimesArg) => DriveTimesAnswer;
  route: (arg: RouteArg) => RouteAnswer;
  coverage: (arg: CoverageArg) => CoverageAnswer;
  timeRuns: (arg: TimeRunsArg) => TimeRunsAnswer;
  remaining: (arg: RemainingArg) => RemainingAnswer;
};
export type RoutingMethod = keyof RoutingHandlers;
export const ROUTING_METHODS = ['plan', 'driveTimes', 'route', 'coverage', 'timeRuns', 'remaining'] as const satisfies readonly RoutingMethod[];

// --- errors -----------------------------------------------------------------------------

export const ROUTING_ERROR_CODES = [
  'invalid_input',
  'out_of_bounds',
  'off_network',
  'unknown_item',
  'unknown_site',
  'unknown_method',
  'network_unavailable',
  'timeout',
  'worker_failed',
  'closed',
  'internal',
] as const;
export type RoutingErrorCode = (typeof ROUTING_ERROR_CODES)[number];
export type RoutingErrorData = { code: RoutingErrorCode; message: string };
export type RoutingError = Error & RoutingErrorData;

export function routingError(code: RoutingErrorCode, message: string): RoutingError {
  return Object.assign(new Error(message), { code });
}

export function isRoutingError(e: unknown): e is RoutingError {
  if (!(e instanceof Error)) return false;
  const code: unknown = (e as Error & { code?: unknown }).code;
  return typeof code === 'string' && (ROUTING_ERROR_CODES as readonly string[]).includes(code);
}

/** The first issue of a zod error as "path: message", for a form to show. */
export function describeIssue(error: z.ZodError): string {
  const i = error.issues[0];
  if (!i) return 'invalid input';
  return i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message;
}

// --- the road network file ------------------------------------------------------------------

/** roads.json: declared once, with the city pipeline (shared/city/roads-file.ts). */
export { roadsFileSchema as roadNetworkSchema, type RoadsFile as RoadNetwork } from '../city/roads-file';
