import { haversineM } from '../routing/geo';
import type { Site, Stock, Vehicle } from '../domain';
import { loadUnits } from './pack-sizes';

/**
 * What the planner would never do, checked on any set of runs an officer sends (as
 * recommended or edited): the editor shows each problem as the officer edits, and the
 * backend refuses to dispatch runs with a blocking one. One rule set for both, so the
 * editor cannot promise what the backend will refuse.
 */

/** A site this close to the destination is the destination: taking its stock moves nothing. */
export const SAME_PLACE_M = 60;

export type PlannedRun = { vehicleId: string; siteIds: readonly string[]; pickups: readonly { siteId: string; itemId: string; quantity: number }[] };

export type RunProblem =
  | { code: 'vehicle_unavailable'; params: { vehicle: string; plate: string; status: string } }
  | { code: 'vehicle_twice'; params: { vehicle: string; plate: string } }
  | { code: 'over_capacity'; params: { vehicle: string; plate: string; load: number; capacity: number } }
  | { code: 'pickup_not_a_stop'; params: { vehicle: string; plate: string; site: string } }
  | { code: 'insufficient_stock'; params: { site: string; item: string; have: number; need: number } }
  | { code: 'source_is_destination'; params: { site: string } }
  /** Not blocking once the officer confirms it: the site drops below its safety stock. */
  | { code: 'below_safety'; params: { site: string; item: string; remaining: number; safety: number } };

export type RunCheckContext = {
  vehicles: readonly Pick<Vehicle, 'id' | 'plate' | 'status' | 'capacity'>[];
  /** Stock as the board shows it (queued commands laid over). */
  stock: readonly Stock[];
  /** Sites at the destination (sitesAt): a plan must not take stock from there. */
  destinationSiteIds: readonly string[];
  packSizes: Readonly<Record<string, number>>;
};

/** Sites at (within SAME_PLACE_M of) a point. */
export function sitesAt(point: { lon: number; lat: number }, sites: readonly Pick<Site, 'id' | 'lon' | 'lat'>[]): string[] {
  return sites.filter((s) => haversineM(point.lon, point.lat, s.lon, s.lat) <= SAME_PLACE_M).map((s) => s.id);
}

/**
 * Every problem with the runs: where the goods come from first (the destination's own
 * shelf, not enough stock), then the vehicles, then the warnings; empty when they can be
 * dispatched as they are.
 */
export function checkRuns(runs: readonly PlannedRun[], ctx: RunCheckContext): RunProblem[] {
  const problems: RunProblem[] = [];
  const sources: RunProblem[] = [];
  const seen = new Set<string>();
  const take = new Map<string, number>();
  const pack = (itemId: string) => {
    const p = ctx.packSizes[itemId];
    return p !== undefined && Number.isSafeInteger(p) && p > 0 ? p : 1;
  };
  for (const run of runs) {
    const v = ctx.vehicles.find((x) => x.id === run.vehicleId);
    const plate = v?.plate ?? run.vehicleId;
    if (!v || v.status !== 'available') problems.push({ code: 'vehicle_unavailable', params: { vehicle: run.vehicleId, plate, status: v?.status ?? 'unknown' } });
    if (seen.has(run.vehicleId)) problems.push({ code: 'vehicle_twice', params: { vehicle: run.vehicleId, plate } });
    seen.add(run.vehicleId);
    let load = 0;
    for (const p of run.pickups) {
      load += loadUnits(p.quantity, pack(p.itemId));
      if (!run.siteIds.includes(p.siteId)) problems.push({ code: 'pickup_not_a_stop', params: { vehicle: run.vehicleId, plate, site: p.siteId } });
      take.set(`${p.siteId}/${p.itemId}`, (take.get(`${p.siteId}/${p.itemId}`) ?? 0) + p.quantity);
    }
    if (v && load > v.capacity) problems.push({ code: 'over_capacity', params: { vehicle: run.vehicleId, plate, load, capacity: v.capacity } });
  }
  const from = new Set([...take.keys()].map((k) => k.split('/')[0]!));
  for (const site of ctx.destinationSiteIds) if (from.has(site)) sources.push({ code: 'source_is_destination', params: { site } });
  const warnings: RunProblem[] = [];
  for (const [key, need] of take) {
    const [site, item] = key.split('/') as [string, string];
    const s = ctx.stock.find((x) => x.siteId === site && x.itemId === item);
    const have = s?.quantity ?? 0;
    if (have < need) sources.push({ code: 'insufficient_stock', params: { site, item, have, need } });
    else if (s && have - need < s.safetyLevel) warnings.push({ code: 'below_safety', params: { site, item, remaining: have - need, safety: s.safetyLevel } });
  }
  return [...sources, ...problems, ...warnings];
}

/** Problems that stop a dispatch: all but the confirmed 'below_safety' ones. */
export function blocking(problems: readonly RunProblem[], belowSafetyConfirmed: boolean): RunProblem[] {
  return problems.filter((p) => p.code !== 'below_safety' || !belowSafetyConfirmed);
}
