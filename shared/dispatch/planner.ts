import type { SiteKind, Stock, VehicleStatus } from '../domain';
import { loadUnits } from './pack-sizes';

/**
 * Emergency supply dispatch planner (应急调拨): which sites supply what, which vehicles
 * carry it, and when it arrives. Pure: drive times come in as lookups (from the routing
 * worker's reverse searches), stock comes in already net of reservations, and nothing
 * here throws for a request it cannot serve: it answers a typed reason instead.
 *
 * Rules
 * 1. Stock: only sites from which the destination is reachable count, and never a site at
 *    the destination itself (`excludeSiteIds`: restocking a quick-pick point from its own
 *    shelf moves nothing). Quantities are
 *    stock minus reservations (the caller's job); a plan never takes more than that per
 *    site and item. When no single site covers the request it is split across sites.
 * 2. Reserves: a plan may draw a site below its safety level, but says so (`belowSafety`);
 *    `keepsReserve` is true when no site it draws from drops below its safety level.
 * 3. Vehicles: status 'available' only, capacity > 0. A vehicle's load is counted in
 *    load units (whole cartons, `packSizes` items per unit) and never exceeds its capacity;
 *    a load beyond one vehicle takes several.
 * 4. Times: a vehicle's run is vehicle → pickup site(s) → destination. Its arrival is the
 *    sum of its legs' drive times (exactly as the lookups give them) plus LOADING_TIME_S
 *    per pickup stop. A plan arrives when its last vehicle does. Margin = deadline − arrival.
 * 5. Search (correct before clever, a few dozen candidates at most):
 *    sourcings: each single site that covers everything; greedy splits over sites ordered
 *    by "earliest possible arrival from this site" and by "drive time to the destination",
 *    each over all stock and over the surplus above safety levels (then all stock);
 *    vehicles per pickup site: 'fastest' (the smallest possible latest arrival at the site,
 *    then as few vehicles as that allows) and 'fewest' (the fewest vehicles, then the
 *    earliest); for 2–4 sites whose load fits one vehicle, also one vehicle touring them.
 *    Sites are served largest load first, each vehicle at most once.
 * 6. Alternatives (up to `maxPlans`, default 3), each with one reason code: 'fastest';
 *    'keeps_reserve' (fastest plan keeping every site at or above its safety level, when the
 *    fastest does not); 'fewest_vehicles' (when it needs fewer vehicles than those chosen);
 *    'single_source' (when every plan so far picks up at several sites); 'other_vehicles'
 *    (the fastest sourcing with none of the fastest plan's vehicles, a ready swap);
 *    'other_source' (fill-in: the best plan from a different set of sites, counting each
 *    extra vehicle or pickup site as one more minute).
 *    Plans that meet the deadline rank before those that don't; for green and yellow
 *    requests a reserve-keeping plan that meets the deadline ranks first.
 *    An alternative is offered only when it arrives by the deadline — or, when even the
 *    fastest cannot, within LATE_ALTERNATIVES_S of the fastest (`alternativesUntilS`): a plan
 *    from a site further off than that is no choice for the officer, and proving there is
 *    none nearer needs no search of the whole city (the bounded search stops there).
 * 7. A plan that misses the deadline says why: 'stock_too_far' (even a vehicle waiting at
 *    the pickup site would be late) or 'vehicles_too_far' (the vehicles' approach is).
 */

export const DISPATCH_PRIORITIES = ['green', 'yellow', 'orange', 'red'] as const;
export type DispatchPriority = (typeof DISPATCH_PRIORITIES)[number];

/** The division's promise: request to arrival in 30 minutes. */
export const DEFAULT_DEADLINE_S = 1800;
/** Time to load at each pickup stop (find, scan, load, sign), a fixed planning constant. */
export const LOADING_TIME_S = 180;
/** No single request line is larger than the biggest stock the city holds (114,000 masks) by much. */
export const MAX_ITEM_QUANTITY = 1_000_000;
export const MAX_REQUEST_LINES = 50;
export const DEFAULT_MAX_PLANS = 3;
const MAX_TOUR_SITES = 4;
/** When filling in alternatives, each extra vehicle or pickup site weighs like a minute more. */
const COORDINATION_S = 60;
/** When no plan meets the deadline, alternatives arriving up to this much after the fastest are still offered. */
export const LATE_ALTERNATIVES_S = 600;

export type RequestedItem = { itemId: string; quantity: number };

export type DispatchRequest = {
  /** Road-graph node of the destination (snapped by the caller). */
  destinationNode: number;
  items: readonly RequestedItem[];
  priority: DispatchPriority;
  /** Seconds from now; default DEFAULT_DEADLINE_S. */
  deadlineS?: number;
};

export type PlannerSite = { id: string; kind: SiteKind; node: number };
export type PlannerVehicle = { id: string; status: VehicleStatus; capacity: number; node: number };
export type PlannerStock = Pick<Stock, 'siteId' | 'itemId' | 'quantity' | 'safetyLevel'>;

/**
 * Drive-time lookups in seconds, Infinity when unreachable. `timeToDestination` reads the
 * reverse search from the destination; `timeToSite` the cached reverse search at a site.
 */
export type DriveTimes = {
  timeToDestination(node: number): number;
  timeToSite(siteId: string, node: number): number;
  /**
   * Optional: every node's time to the site at once (the site's reverse search, indexed by
   * node), the same numbers timeToSite gives. With it the planner reads the whole fleet's
   * times to a site without a call per vehicle (1,200 vehicles × 140 sites per plan).
   */
  siteTimes?(siteId: string): ArrayLike<number> | null;
  /**
   * Optional, for cities too large for a whole search per site: the given nodes (the fleet's,
   * in fleet order) as they reach the site, nearest first, produced only as far as the planner
   * asks. With it the planner never reads a vehicle's time it does not need.
   */
  nearestToSite?(siteId: string, nodes: readonly number[]): NearestStream | null;
  /**
   * Optional, for cities too large for a whole search per destination: `timeToDestination` is
   * exact below `radiusS()`; for a node the search has not reached yet it answers a lower bound,
   * at least `radiusS()` (Infinity only for a node that cannot reach the destination at all).
   * The planner decides what it can from that, and where it cannot, calls `grow` (afterwards
   * `radiusS()` > the seconds asked for) and plans again: the plans are those of a whole search.
   */
  destinationBound?: { radiusS(): number; grow(throughS: number): void };
};

/** Nodes in order of their drive time to a site (ties in any order); only nodes that reach it. */
export type NearestStream = {
  /** The next node, as its index in the nodes given and its exact time; null after the last. */
  next(): { k: number; timeS: number } | null;
  /** Whether nodes[k] can reach the site at all, known without searching (e.g. one strongly connected component). */
  reaches(k: number): boolean;
};

export type PlannerInput = {
  request: DispatchRequest;
  sites: readonly PlannerSite[];
  /** Current stock minus reservations. */
  stock: readonly PlannerStock[];
  vehicles: readonly PlannerVehicle[];
  times: DriveTimes;
  /** Items per load unit; missing items count one unit each. */
  packSizes?: Readonly<Record<string, number>>;
  /** The item catalogue; default: the items that appear in `stock`. */
  knownItemIds?: Iterable<string>;
  /** Sites that are the destination itself (plan-check.ts sitesAt): never a source. */
  excludeSiteIds?: readonly string[];
  loadingTimeS?: number;
  maxPlans?: number;
};

export type LegEnd =
  | { kind: 'vehicle'; vehicleId: string; node: number }
  | { kind: 'site'; siteId: string; node: number }
  | { kind: 'destination'; node: number };

export type PlanLeg = { from: LegEnd; to: LegEnd; driveS: number };

export type ItemQuantity = { itemId: string; quantity: number };

export type PickupStop = { siteId: string; items: ItemQuantity[]; loadUnits: number };

export type VehicleRun = {
  vehicleId: string;
  capacity: number;
  loadUnits: number;
  stops: PickupStop[];
  legs: PlanLeg[];
  /** Sum of the legs' drive times. */
  driveS: number;
  /** LOADING_TIME_S × stops. */
  loadingS: number;
  arrivalS: number;
};

export type PlanReason = 'fastest' | 'keeps_reserve' | 'fewest_vehicles' | 'single_source' | 'other_vehicles' | 'other_source';
export type LateReason = 'stock_too_far' | 'vehicles_too_far';

export type SitePickup = { siteId: string; itemId: string; quantity: number };
export type BelowSafety = { siteId: string; itemId: string; remaining: number; safetyLevel: number };

export type DispatchPlan = {
  rank: number;
  reason: PlanReason;
  destinationNode: number;
  priority: DispatchPriority;
  arrivalS: number;
  deadlineS: number;
  marginS: number;
  meetsDeadline: boolean;
  lateReason: LateReason | null;
  /** Quantities per site and item (sorted by site, then item). */
  pickups: SitePickup[];
  runs: VehicleRun[];
  vehicleIds: string[];
  siteIds: string[];
  loadUnits: number;
  keepsReserve: boolean;
  belowSafety: BelowSafety[];
};

export type ShortItem = { itemId: string; requested: number; available: number; shortfall: number };

export type PlanFailure =
  | { ok: false; reason: 'invalid_request'; message: string }
  | { ok: false; reason: 'unknown_item'; message: string; itemIds: string[] }
  | { ok: false; reason: 'unreachable'; message: string }
  | { ok: false; reason: 'off_network'; message: string; distanceM: number | null }
  | { ok: false; reason: 'insufficient_stock'; message: string; missing: ShortItem[] }
  | { ok: false; reason: 'no_vehicle'; message: string }
  | { ok: false; reason: 'insufficient_capacity'; message: string; neededUnits: number; availableUnits: number };

export type PlanFailureReason = PlanFailure['reason'];

/** `alternativesUntilS`: alternatives arriving later than this (seconds from now) are not offered (rule 6). */
export type PlanResult = { ok: true; plans: DispatchPlan[]; alternativesUntilS: number } | PlanFailure;

// ---------------------------------------------------------------------------------

type Allocation = Map<string, Map<string, number>>;
type Level = { quantity: number; safetyLevel: number };
type Candidate = { plan: Omit<DispatchPlan, 'rank' | 'reason'>; key: string; alloc: Allocation; vehicleSet: string };

const finiteOr = (t: number): number => (typeof t === 'number' && t >= 0 && !Number.isNaN(t) ? t : Infinity);
const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Margin against rounding when deciding that a plan could not be beaten by one from beyond the bound. */
const BOUND_MARGIN_S = 0.01;
/**
 * A tour's arrival only grows with its first leg; first legs within this of the soonest are
 * still compared exactly (so rounding in the sum can never pick another vehicle).
 */
const TOUR_TIE_WINDOW_S = 1;
/** The first radius a bounded destination search is asked for (seconds of driving). */
const FIRST_RADIUS_S = 600;

export function planDispatch(input: PlannerInput): PlanResult {
  const bound = input.times.destinationBound;
  // The fleet's times to each site do not change with the radius: read once per plan, not per round.
  const toSite = new Map<string, VehicleTimes>();
  for (;;) {
    const radiusS = bound ? bound.radiusS() : Infinity;
    const out = planWithin(input, radiusS, toSite);
    if (!('growThroughS' in out)) return out;
    // Only a finite radius ever asks for more; each time it asks beyond the radius it has.
    bound!.grow(Math.max(out.growThroughS, radiusS * 1.5, FIRST_RADIUS_S));
  }
}

/**
 * One vehicle–site pairing's times, as the planner reads them: from a whole array (the site's
 * whole search) or from a stream that is searched only as far as asked (`nearestToSite`).
 */
type VehicleTimes = {
  /** Exact seconds from fleet[vi] to the site; Infinity when it cannot get there. */
  time(vi: number): number;
  reaches(vi: number): boolean;
  /** The k-th vehicle (from 0) in the order soonest, then the larger, then by id, among those that reach the site; -1 past the last. */
  nth(k: number): number;
  /** The soonest any vehicle gets there (Infinity when none can). */
  soonest(): number;
};

/**
 * The plans, where `radiusS` is how far `timeToDestination` is known exactly (Infinity: everywhere).
 * With a finite radius, every sourcing that uses a site whose earliest possible arrival is at
 * least radius + loading (the bound) is left out: any plan it gives arrives no sooner than the
 * bound. The plans chosen are then those of the whole search when each rule's pick arrives
 * before the bound (or provably cannot be bettered); otherwise it asks to search further.
 */
function planWithin(input: PlannerInput, radiusS: number, toSite: Map<string, VehicleTimes>): PlanResult | { growThroughS: number } {
  const { request, times } = input;
  const loadingS = input.loadingTimeS ?? LOADING_TIME_S;
  const maxPlans = Math.max(1, Math.min(5, Math.floor(input.maxPlans ?? DEFAULT_MAX_PLANS)));
  const deadlineS = request.deadlineS ?? DEFAULT_DEADLINE_S;
  const pack = (itemId: string): number => {
    const p = input.packSizes?.[itemId];
    return p !== undefined && Number.isSafeInteger(p) && p > 0 ? p : 1;
  };

  // --- the request itself ------------------------------------------------------------
  const invalid = (message: string): PlanFailure => ({ ok: false, reason: 'invalid_request', message });
  if (typeof deadlineS !== 'number' || !Number.isFinite(deadlineS) || deadlineS <= 0) return invalid('the deadline must be a positive number of seconds');
  if (!DISPATCH_PRIORITIES.includes(request.priority)) return invalid(`unknown priority "${String(request.priority)}"`);
  if (!Array.isArray(request.items) || request.items.length === 0) return invalid('the request has no items');
  if (request.items.length > MAX_REQUEST_LINES) return invalid(`at most ${MAX_REQUEST_LINES} item lines per request`);
  const wanted = new Map<string, number>();
  for (const line of request.items) {
    if (typeof line?.itemId !== 'string' || line.itemId === '') return invalid('an item line has no item id');
    const q = line.quantity;
    if (!Number.isSafeInteger(q) || q <= 0 || q > MAX_ITEM_QUANTITY) {
      return invalid(`the quantity of ${line.itemId} must be a whole number from 1 to ${MAX_ITEM_QUANTITY}, not ${String(q)}`);
    }
    const total = (wanted.get(line.itemId) ?? 0) + q;
    if (total > MAX_ITEM_QUANTITY) return invalid(`the quantity of ${line.itemId} must be at most ${MAX_ITEM_QUANTITY}`);
    wanted.set(line.itemId, total);
  }
  const known = new Set(input.knownItemIds ?? input.stock.map((s) => s.itemId));
  const unknown = [...wanted.keys()].filter((id) => !known.has(id));
  if (unknown.length > 0) return { ok: false, reason: 'unknown_item', itemIds: unknown, message: `unknown item(s): ${unknown.join(', ')}` };
  const itemIds = [...wanted.keys()];

  // --- where the stock is, and whether it can reach the destination --------------------
  const siteById = new Map(input.sites.map((s) => [s.id, s]));
  const destNode = request.destinationNode;
  const destOk = Number.isSafeInteger(destNode) && destNode >= 0;
  const siteToDest = new Map<string, number>();
  for (const s of input.sites) siteToDest.set(s.id, destOk ? finiteOr(times.timeToDestination(s.node)) : Infinity);

  const levels = new Map<string, Map<string, Level>>();
  const excluded = new Set(input.excludeSiteIds ?? []);
  let stockedAnywhere = false;
  for (const row of input.stock) {
    if (!wanted.has(row.itemId) || !siteById.has(row.siteId) || excluded.has(row.siteId) || !(row.quantity > 0)) continue;
    stockedAnywhere = true;
    if (siteToDest.get(row.siteId) === Infinity) continue;
    let m = levels.get(row.siteId);
    if (!m) levels.set(row.siteId, (m = new Map()));
    const prev = m.get(row.itemId);
    // Duplicate rows (should not happen) add up rather than hide stock.
    m.set(row.itemId, { quantity: (prev?.quantity ?? 0) + Math.floor(row.quantity), safetyLevel: Math.max(prev?.safetyLevel ?? 0, row.safetyLevel) });
  }
  if (!destOk || (stockedAnywhere && levels.size === 0)) {
    return { ok: false, reason: 'unreachable', message: 'no site holding the items can reach the destination by road' };
  }
  const qty = (s: string, i: string): number => levels.get(s)?.get(i)?.quantity ?? 0;
  const surplus = (s: string, i: string): number => {
    const l = levels.get(s)?.get(i);
    return l ? Math.max(0, l.quantity - l.safetyLevel) : 0;
  };
  const missing: ShortItem[] = [];
  for (const i of itemIds) {
    let available = 0;
    for (const s of levels.keys()) available += qty(s, i);
    const requested = wanted.get(i)!;
    if (available < requested) missing.push({ itemId: i, requested, available, shortfall: requested - available });
  }
  if (missing.length > 0) {
    return {
      ok: false,
      reason: 'insufficient_stock',
      missing,
      message: `not enough stock: ${missing.map((m) => `${m.itemId} short by ${m.shortfall} (have ${m.available} of ${m.requested})`).join('; ')}`,
    };
  }
  const siteIds = [...levels.keys()].sort(byId);

  // --- vehicles ------------------------------------------------------------------------
  const fleet = input.vehicles.filter(
    (v) => v.status === 'available' && Number.isSafeInteger(v.capacity) && v.capacity > 0 && Number.isSafeInteger(v.node) && v.node >= 0,
  );
  if (fleet.length === 0) return { ok: false, reason: 'no_vehicle', message: 'no vehicle is available' };
  const fleetNodes = fleet.map((v) => v.node);
  const streaming = times.nearestToSite !== undefined;
  /** Soonest first, then the larger, then by id: the order every vehicle choice reads. */
  const before = (t: (vi: number) => number, a: number, b: number): boolean => {
    const d = t(a) - t(b) || fleet[b]!.capacity - fleet[a]!.capacity || byId(fleet[a]!.id, fleet[b]!.id);
    return d < 0;
  };
  /**
   * Every vehicle's time to the site read at once (the site's whole search, or a lookup per
   * vehicle); the order produced as far as a choice needs it: a heap per site and plan, popped
   * on demand. A choice rarely looks past its first few vehicles, and sorting the whole fleet
   * for each of 140 sites was most of a plan's time with 1,200 vehicles.
   */
  const wholeTimes = (siteId: string): VehicleTimes => {
    const all = times.siteTimes?.(siteId) ?? null;
    const t = new Float64Array(fleet.length);
    if (all) for (let vi = 0; vi < fleet.length; vi++) t[vi] = finiteOr(all[fleet[vi]!.node]!);
    else for (let vi = 0; vi < fleet.length; vi++) t[vi] = finiteOr(times.timeToSite(siteId, fleet[vi]!.node));
    const at = (vi: number): number => t[vi]!;
    const cmp = (a: number, b: number): boolean => before(at, a, b);
    let heap: number[] | null = null;
    const order: number[] = [];
    return {
      time: at,
      reaches: (vi) => t[vi]! < Infinity,
      soonest: () => Math.min(...t),
      nth(k) {
        if (!heap) {
          heap = [];
          for (let vi = 0; vi < fleet.length; vi++) if (t[vi]! < Infinity) heap.push(vi);
          for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(heap, i, cmp);
        }
        while (order.length <= k && heap.length > 0) {
          const top = heap[0]!;
          const last = heap.pop()!;
          if (heap.length > 0) {
            heap[0] = last;
            siftDown(heap, 0, cmp);
          }
          order.push(top);
        }
        return k < order.length ? order[k]! : -1;
      },
    };
  };
  /**
   * The same order from a stream searched only as far as asked: nearest first, each group of
   * equal times complete before it is ordered (the stream's next time is larger), so the order
   * is exactly the whole-array one; a vehicle's time is known once the stream has passed it.
   */
  const streamedTimes = (stream: NearestStream): VehicleTimes => {
    const t = new Float64Array(fleet.length).fill(NaN);
    const order: number[] = [];
    let ahead: { k: number; timeS: number } | null = null;
    let done = false;
    const at = (vi: number): number => t[vi]!;
    const more = (): void => {
      const first = ahead ?? stream.next();
      ahead = null;
      if (!first) {
        done = true;
        return;
      }
      const group = [first.k];
      t[first.k] = first.timeS;
      for (;;) {
        const x = stream.next();
        if (!x) {
          done = true;
          break;
        }
        if (x.timeS !== first.timeS) {
          ahead = x;
          break;
        }
        group.push(x.k);
        t[x.k] = x.timeS;
      }
      group.sort((a, b) => (before(at, a, b) ? -1 : before(at, b, a) ? 1 : 0));
      for (const vi of group) order.push(vi);
    };
    const nthOf = (k: number): number => {
      while (order.length <= k && !(done && ahead === null)) more();
      return k < order.length ? order[k]! : -1;
    };
    return {
      time(vi) {
        while (Number.isNaN(t[vi]!) && !(done && ahead === null)) more();
        return Number.isNaN(t[vi]!) ? Infinity : t[vi]!;
      },
      reaches: (vi) => stream.reaches(vi),
      soonest() {
        const vi = nthOf(0);
        return vi < 0 ? Infinity : t[vi]!;
      },
      nth: nthOf,
    };
  };
  // Kept from an earlier round of the same plan (the same fleet, so the same vehicle indices):
  // a stream goes on where it stopped.
  for (const s of siteIds) {
    if (toSite.has(s)) continue;
    const stream = times.nearestToSite?.(s, fleetNodes) ?? null;
    toSite.set(s, stream ? streamedTimes(stream) : wholeTimes(s));
  }
  const reachesAny = fleet.map((_, vi) => siteIds.some((s) => toSite.get(s)!.reaches(vi)));
  if (!reachesAny.some(Boolean)) return { ok: false, reason: 'no_vehicle', message: 'no available vehicle can reach a site holding the items' };
  let neededUnits = 0;
  for (const i of itemIds) neededUnits += loadUnits(wanted.get(i)!, pack(i));
  let availableUnits = 0;
  fleet.forEach((v, vi) => {
    if (reachesAny[vi]) availableUnits += v.capacity;
  });
  const capacityShort = (): PlanFailure => ({
    ok: false,
    reason: 'insufficient_capacity',
    neededUnits,
    availableUnits,
    message: `the load needs at least ${neededUnits} load units; the available vehicles that can get there carry ${availableUnits} in all`,
  });
  if (availableUnits < neededUnits) return capacityShort();

  // --- sourcings ------------------------------------------------------------------------
  // With a bounded destination search: a site not reached yet is beyond the bound whatever its vehicles.
  const bounded = radiusS < Infinity;
  const boundS = radiusS + loadingS;
  const readyS = new Map<string, number>();
  for (const s of siteIds) readyS.set(s, bounded && siteToDest.get(s)! >= radiusS ? boundS : toSite.get(s)!.soonest() + loadingS + siteToDest.get(s)!);
  const beyond = (s: string): boolean => bounded && readyS.get(s)! >= boundS;
  const order = (key: Map<string, number>): string[] => [...siteIds].sort((a, b) => key.get(a)! - key.get(b)! || byId(a, b));
  const byReady = order(readyS);
  const byDest = order(siteToDest);

  const greedy = (sites: readonly string[], passes: readonly ((s: string, i: string) => number)[]): Allocation | null => {
    const alloc: Allocation = new Map();
    for (const i of itemIds) {
      let left = wanted.get(i)!;
      for (const limit of passes) {
        for (const s of sites) {
          if (left === 0) break;
          const taken = alloc.get(s)?.get(i) ?? 0;
          const take = Math.min(left, limit(s, i) - taken);
          if (take <= 0) continue;
          let m = alloc.get(s);
          if (!m) alloc.set(s, (m = new Map()));
          m.set(i, taken + take);
          left -= take;
        }
      }
      if (left > 0) return null;
    }
    return alloc;
  };

  const allocations = new Map<string, Allocation>();
  const addAlloc = (a: Allocation | null): void => {
    if (a) allocations.set(allocKey(a), a);
  };
  for (const s of byReady) addAlloc(greedy([s], [qty]));
  addAlloc(greedy(byReady, [qty]));
  addAlloc(greedy(byReady, [surplus]));
  addAlloc(greedy(byReady, [surplus, qty]));
  addAlloc(greedy(byDest, [qty]));
  addAlloc(greedy(byDest, [surplus]));

  // --- vehicles per sourcing ---------------------------------------------------------------
  const siteLoad = (items: Map<string, number>): number => {
    let u = 0;
    for (const [i, q] of items) u += loadUnits(q, pack(i));
    return u;
  };

  /** Splits a site's items over vehicles in order, whole cartons, filling each in turn. */
  const loadOnto = (items: Map<string, number>, capacities: readonly number[]): ItemQuantity[][] => {
    const left = itemIds.filter((i) => items.has(i)).map((i) => ({ itemId: i, quantity: items.get(i)! }));
    return capacities.map((cap) => {
      let room = cap;
      const out: ItemQuantity[] = [];
      for (const l of left) {
        if (room === 0) break;
        if (l.quantity === 0) continue;
        const cartons = Math.min(loadUnits(l.quantity, pack(l.itemId)), room);
        const q = Math.min(l.quantity, cartons * pack(l.itemId));
        out.push({ itemId: l.itemId, quantity: q });
        l.quantity -= q;
        room -= cartons;
      }
      return out;
    });
  };

  const stopOf = (siteId: string, items: ItemQuantity[]): PickupStop => ({
    siteId,
    items,
    loadUnits: items.reduce((u, x) => u + loadUnits(x.quantity, pack(x.itemId)), 0),
  });

  const makeRun = (vi: number, stops: PickupStop[]): VehicleRun => {
    const v = fleet[vi]!;
    const legs: PlanLeg[] = [];
    let from: LegEnd = { kind: 'vehicle', vehicleId: v.id, node: v.node };
    for (const st of stops) {
      const site = siteById.get(st.siteId)!;
      const to: LegEnd = { kind: 'site', siteId: site.id, node: site.node };
      const driveS = from.kind === 'vehicle' ? toSite.get(site.id)!.time(vi) : finiteOr(times.timeToSite(site.id, from.node));
      legs.push({ from, to, driveS });
      from = to;
    }
    legs.push({ from, to: { kind: 'destination', node: destNode }, driveS: finiteOr(times.timeToDestination(from.node)) });
    return finishRun(v.id, v.capacity, stops, legs, loadingS);
  };

  /** The k-th vehicle (from 0) in the site's order (soonest, then the larger, then by id), or -1 past the last. */
  const nth = (siteId: string, k: number): number => toSite.get(siteId)!.nth(k);

  /** Vehicle choice for one pickup site from those still in `pool` (1 = free); null when they cannot carry the load. */
  const pickVehicles = (siteId: string, units: number, pool: Uint8Array, strategy: 'fastest' | 'fewest'): number[] | null => {
    const t = toSite.get(siteId)!;
    const cands: number[] = [];
    if (strategy === 'fastest') {
      // The shortest prefix (by time to the site) that can carry the load bounds the latest arrival.
      let sum = 0;
      for (let k = 0, vi = nth(siteId, 0); vi >= 0 && sum < units; vi = nth(siteId, ++k)) {
        if (!pool[vi]) continue;
        cands.push(vi);
        sum += fleet[vi]!.capacity;
      }
      if (sum < units) return null;
    } else {
      // The fewest vehicles any of the free ones can do it with...
      const all: number[] = [];
      for (let vi = 0; vi < fleet.length; vi++) if (pool[vi] && t.reaches(vi)) all.push(fleet[vi]!.capacity);
      const need = minCount(all, units);
      if (need === null) return null;
      // ...then the shortest prefix (by time to the site) that can still do it with that many.
      const bySize = new Map<number, number>();
      for (let k = 0, vi = nth(siteId, 0); vi >= 0; vi = nth(siteId, ++k)) {
        if (!pool[vi]) continue;
        cands.push(vi);
        const cap = fleet[vi]!.capacity;
        bySize.set(cap, (bySize.get(cap) ?? 0) + 1);
        if (cands.length >= need && minCountBySize(bySize, units) === need) break;
      }
    }
    return fewestWithin(cands, units, (vi) => fleet[vi]!.capacity, (vi) => t.time(vi));
  };

  const assign = (alloc: Allocation, strategy: 'fastest' | 'fewest', excluded: ReadonlySet<number>): VehicleRun[] | null => {
    const pool = new Uint8Array(fleet.length).fill(1);
    for (const vi of excluded) pool[vi] = 0;
    const sites = [...alloc.keys()].sort((a, b) => siteLoad(alloc.get(b)!) - siteLoad(alloc.get(a)!) || readyS.get(a)! - readyS.get(b)! || byId(a, b));
    const runs: VehicleRun[] = [];
    for (const s of sites) {
      const items = alloc.get(s)!;
      const chosen = pickVehicles(s, siteLoad(items), pool, strategy);
      if (!chosen) return null;
      const loads = loadOnto(items, chosen.map((vi) => fleet[vi]!.capacity));
      chosen.forEach((vi, k) => {
        pool[vi] = 0;
        runs.push(makeRun(vi, [stopOf(s, loads[k]!)]));
      });
    }
    return runs;
  };

  /** One vehicle visiting every pickup site in the best order. */
  const tour = (alloc: Allocation): VehicleRun[] | null => {
    const sites = [...alloc.keys()].sort(byId);
    if (sites.length < 2 || sites.length > MAX_TOUR_SITES) return null;
    const units = sites.reduce((u, s) => u + siteLoad(alloc.get(s)!), 0);
    const orders = permutations(sites);
    // The legs after the first do not depend on the vehicle: each order's, once. A run's
    // arrival is summed as finishRun sums it (legs in driving order, then the loading), so
    // the vehicle and order chosen here are those building every run would choose.
    const after = orders.map((o) => {
      const legs: number[] = [];
      for (let k = 1; k < o.length; k++) legs.push(finiteOr(times.timeToSite(o[k]!, siteById.get(o[k - 1]!)!.node)));
      legs.push(finiteOr(times.timeToDestination(siteById.get(o[o.length - 1]!)!.node)));
      return legs;
    });
    const loading = sites.length * loadingS;
    const firstLeg = orders.map((o) => toSite.get(o[0]!)!);
    let best = { vi: -1, o: -1, arrivalS: Infinity };
    if (!streaming) {
      for (let vi = 0; vi < fleet.length; vi++) {
        if (fleet[vi]!.capacity < units) continue;
        for (let oi = 0; oi < orders.length; oi++) {
          let driveS = firstLeg[oi]!.time(vi);
          if (!(driveS < Infinity)) continue;
          for (const l of after[oi]!) driveS += l;
          const arrivalS = driveS + loading;
          if (arrivalS < best.arrivalS) best = { vi, o: oi, arrivalS };
        }
      }
    } else {
      // The same pick (the earliest arrival; on a tie the first vehicle, then the first order)
      // from each first site's nearest vehicles only: the arrival grows with the first leg, so
      // past the first vehicle large enough (and its near-ties) none can do better.
      for (let oi = 0; oi < orders.length; oi++) {
        const first = firstLeg[oi]!;
        let firstS = Infinity;
        for (let k = 0, vi = first.nth(0); vi >= 0; vi = first.nth(++k)) {
          const t0 = first.time(vi);
          if (t0 > firstS + TOUR_TIE_WINDOW_S) break;
          if (fleet[vi]!.capacity < units) continue;
          if (firstS === Infinity) firstS = t0;
          let driveS = t0;
          for (const l of after[oi]!) driveS += l;
          const arrivalS = driveS + loading;
          if (!(arrivalS < Infinity)) break;
          if (arrivalS < best.arrivalS || (arrivalS === best.arrivalS && (vi < best.vi || (vi === best.vi && oi < best.o)))) best = { vi, o: oi, arrivalS };
        }
      }
    }
    if (best.vi < 0) return null;
    const cap = fleet[best.vi]!.capacity;
    return [makeRun(best.vi, orders[best.o]!.map((s) => stopOf(s, loadOnto(alloc.get(s)!, [cap])[0]!)))];
  };

  const candidates = new Map<string, Candidate>();
  const addCandidate = (runs: VehicleRun[] | null, alloc: Allocation): Candidate | null => {
    if (!runs || runs.length === 0) return null;
    const plan = describe(runs, alloc);
    if (!(plan.arrivalS < Infinity)) return null;
    const key = planKey(runs);
    const c = candidates.get(key) ?? { plan, key, alloc, vehicleSet: [...plan.vehicleIds].sort(byId).join(',') };
    candidates.set(key, c);
    return c;
  };

  const describe = (runs: VehicleRun[], alloc: Allocation): Omit<DispatchPlan, 'rank' | 'reason'> => {
    const arrivalS = Math.max(...runs.map((r) => r.arrivalS));
    const pickups: SitePickup[] = [];
    const belowSafety: BelowSafety[] = [];
    for (const s of [...alloc.keys()].sort(byId)) {
      for (const i of [...alloc.get(s)!.keys()].sort(byId)) {
        const quantity = alloc.get(s)!.get(i)!;
        pickups.push({ siteId: s, itemId: i, quantity });
        const l = levels.get(s)!.get(i)!;
        if (l.quantity - quantity < l.safetyLevel) belowSafety.push({ siteId: s, itemId: i, remaining: l.quantity - quantity, safetyLevel: l.safetyLevel });
      }
    }
    const meetsDeadline = arrivalS <= deadlineS;
    let lateReason: LateReason | null = null;
    if (!meetsDeadline) {
      const last = runs.reduce((a, b) => (b.arrivalS > a.arrivalS ? b : a));
      const lastStop = last.stops[last.stops.length - 1]!;
      lateReason = loadingS + siteToDest.get(lastStop.siteId)! > deadlineS ? 'stock_too_far' : 'vehicles_too_far';
    }
    return {
      destinationNode: destNode,
      priority: request.priority,
      arrivalS,
      deadlineS,
      marginS: deadlineS - arrivalS,
      meetsDeadline,
      lateReason,
      pickups,
      runs,
      vehicleIds: runs.map((r) => r.vehicleId),
      siteIds: [...alloc.keys()].sort(byId),
      loadUnits: runs.reduce((u, r) => u + r.loadUnits, 0),
      keepsReserve: belowSafety.length === 0,
      belowSafety,
    };
  };

  const none = new Set<number>();
  for (const alloc of allocations.values()) {
    // Beyond the bound: any plan from this sourcing arrives no sooner than the bound.
    if (bounded && [...alloc.keys()].some(beyond)) continue;
    addCandidate(assign(alloc, 'fastest', none), alloc);
    addCandidate(assign(alloc, 'fewest', none), alloc);
    addCandidate(tour(alloc), alloc);
  }
  if (candidates.size === 0) return bounded ? { growThroughS: radiusS * 2 } : capacityShort();

  // With a bounded search, each rule's pick must be the whole search's: sure when it arrives
  // before the bound (every plan left out arrives at or after it), otherwise search further.
  let growThroughS = -1;
  const sure = (c: Candidate | null | undefined, byS: (c: Candidate) => number = (x) => x.plan.arrivalS): boolean => {
    if (!bounded || (c && byS(c) < boundS - BOUND_MARGIN_S)) return true;
    growThroughS = Math.max(growThroughS, c && byS(c) < Infinity ? byS(c) - loadingS + BOUND_MARGIN_S : radiusS * 2);
    return false;
  };

  // --- alternatives -------------------------------------------------------------------------
  const cmpFastest = (a: Candidate, b: Candidate): number =>
    a.plan.arrivalS - b.plan.arrivalS ||
    a.plan.runs.length - b.plan.runs.length ||
    a.plan.siteIds.length - b.plan.siteIds.length ||
    a.plan.belowSafety.length - b.plan.belowSafety.length ||
    byId(a.key, b.key);
  const sorted = [...candidates.values()].sort(cmpFastest);
  const fastest = sorted[0]!;
  sure(fastest);
  // Alternatives are offered up to the horizon only (rule 6). Once the bound is past it, any
  // plan the bound leaves out arrives after it: not offered, so nothing beyond needs proving.
  const horizonS = fastest.plan.meetsDeadline ? deadlineS : fastest.plan.arrivalS + LATE_ALTERNATIVES_S;
  const pastHorizon = bounded && boundS - BOUND_MARGIN_S > horizonS;
  const sureAlternative = (c: Candidate | null | undefined, byS?: (c: Candidate) => number): boolean => {
    if (pastHorizon) return true;
    const had = growThroughS;
    if (sure(c, byS)) return true;
    // Never further than the horizon for an alternative's sake.
    growThroughS = Math.max(had, Math.min(growThroughS, horizonS - loadingS + 2 * BOUND_MARGIN_S));
    return false;
  };
  const fleetIndex = new Map(fleet.map((v, vi) => [v.id, vi]));
  const swap = addCandidate(assign(fastest.alloc, 'fastest', new Set(fastest.plan.vehicleIds.map((id) => fleetIndex.get(id)!))), fastest.alloc);

  const chosen: { c: Candidate; reason: PlanReason }[] = [{ c: fastest, reason: 'fastest' }];
  const take = (c: Candidate | undefined | null, reason: PlanReason): void => {
    if (c && c.plan.arrivalS <= horizonS && chosen.length < maxPlans && !chosen.some((x) => x.c.key === c.key)) chosen.push({ c, reason });
  };
  if (!fastest.plan.keepsReserve) {
    const keeping = sorted.find((c) => c.plan.keepsReserve);
    if (chosen.length < maxPlans) sureAlternative(keeping);
    take(keeping, 'keeps_reserve');
  }
  // Among the plans that may be offered (the fastest always is): the fewest vehicles.
  const fewest = [...candidates.values()].filter((c) => c.plan.arrivalS <= horizonS).sort((a, b) => a.plan.runs.length - b.plan.runs.length || cmpFastest(a, b))[0]!;
  const fewestChosen = Math.min(...chosen.map((x) => x.c.plan.runs.length));
  if (bounded && !pastHorizon && chosen.length < maxPlans) {
    // No plan needs fewer vehicles than the fewest that can carry the whole load: when the
    // plans chosen need no more, or the pick needs only that many, nothing beyond can change it.
    const leastRuns = minCount(
      fleet.filter((_, vi) => reachesAny[vi]).map((v) => v.capacity),
      neededUnits,
    );
    if (leastRuns === null || fewestChosen > leastRuns) {
      if (sureAlternative(fewest) && fewest.plan.runs.length !== leastRuns) growThroughS = Math.max(growThroughS, Math.min(radiusS * 2, horizonS - loadingS + 2 * BOUND_MARGIN_S));
    }
  }
  if (fewest.plan.runs.length < fewestChosen) take(fewest, 'fewest_vehicles');
  if (chosen.every((x) => x.c.plan.siteIds.length > 1)) {
    const single = sorted.find((c) => c.plan.siteIds.length === 1 && c.plan.arrivalS <= horizonS);
    if (chosen.length < maxPlans) sureAlternative(single);
    take(single, 'single_source');
  }
  take(swap, 'other_vehicles');
  // Fill-in: another sourcing, where an extra vehicle or pickup site costs a minute (coordination).
  const effort = (c: Candidate): number => c.plan.arrivalS + COORDINATION_S * (c.plan.runs.length - 1 + c.plan.siteIds.length - 1);
  const bySourcing = [...candidates.values()].sort((a, b) => effort(a) - effort(b) || cmpFastest(a, b));
  for (const c of bySourcing) {
    if (chosen.length >= maxPlans) break;
    if (!chosen.some((x) => x.c.plan.siteIds.join() === c.plan.siteIds.join())) {
      if (c.plan.arrivalS > horizonS) continue;
      // Taken in order of effort: sure when its effort (at least its arrival) is before the bound.
      sureAlternative(c, effort);
      take(c, 'other_source');
    }
  }
  // Too few sourcings found: the whole search may have more.
  if (chosen.length < maxPlans) sureAlternative(null);
  if (growThroughS >= 0) return { growThroughS };

  const lowPriority = request.priority === 'green' || request.priority === 'yellow';
  const rankKey = (x: { c: Candidate; reason: PlanReason }): number =>
    (x.c.plan.meetsDeadline ? 0 : 2) + (lowPriority && x.reason === 'keeps_reserve' && x.c.plan.meetsDeadline ? -1 : 0);
  const ranked = chosen.map((x, k) => ({ x, k })).sort((a, b) => rankKey(a.x) - rankKey(b.x) || a.k - b.k);
  return { ok: true, plans: ranked.map(({ x }, k) => ({ rank: k + 1, reason: x.reason, ...x.c.plan })), alternativesUntilS: horizonS };
}

/** A run's arrival: legs in driving order, then the loading stops (rule 4). */
function finishRun(vehicleId: string, capacity: number, stops: PickupStop[], legs: PlanLeg[], loadingS: number): VehicleRun {
  let driveS = 0;
  for (const l of legs) driveS += l.driveS;
  const load = stops.reduce((u, s) => u + s.loadUnits, 0);
  const stopLoading = stops.length * loadingS;
  return { vehicleId, capacity, loadUnits: load, stops, legs, driveS, loadingS: stopLoading, arrivalS: driveS + stopLoading };
}

/**
 * The fewest of `capacities` whose sum reaches `units` (largest first), or null. A fleet has a
 * handful of vehicle sizes: counted by size, not sorted vehicle by vehicle.
 */
function minCount(capacities: readonly number[], units: number): number | null {
  const bySize = new Map<number, number>();
  for (const c of capacities) bySize.set(c, (bySize.get(c) ?? 0) + 1);
  return minCountBySize(bySize, units);
}

function minCountBySize(bySize: ReadonlyMap<number, number>, units: number): number | null {
  let sum = 0;
  let k = 0;
  for (const size of [...bySize.keys()].sort((a, b) => b - a)) {
    const n = bySize.get(size)!;
    if (sum + size * n >= units) return k + (size > 0 ? Math.max(1, Math.ceil((units - sum) / size)) : 1);
    sum += size * n;
    k += n;
  }
  return units <= 0 ? 0 : null;
}

/** Restores the heap below `i` (a binary min-heap by `before`). */
function siftDown(heap: number[], i: number, before: (a: number, b: number) => boolean): void {
  const n = heap.length;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) return;
    const r = l + 1;
    const m = r < n && before(heap[r]!, heap[l]!) ? r : l;
    if (!before(heap[m]!, heap[i]!)) return;
    [heap[i], heap[m]] = [heap[m]!, heap[i]!];
    i = m;
  }
}

/**
 * As few vehicles as possible from `cands`: while none can finish the load alone, take
 * the largest; then the earliest that finishes it. Same count as largest-first, but the
 * last pick is the earliest sufficient vehicle, not an oversized one.
 */
function fewestWithin(cands: number[], units: number, cap: (vi: number) => number, time: (vi: number) => number): number[] | null {
  const pool = [...cands];
  const out: number[] = [];
  let left = units;
  while (left > 0) {
    if (pool.length === 0) return null;
    let finisher = -1;
    for (let k = 0; k < pool.length; k++) {
      const vi = pool[k]!;
      if (cap(vi) >= left && (finisher < 0 || time(vi) < time(pool[finisher]!) || (time(vi) === time(pool[finisher]!) && cap(vi) < cap(pool[finisher]!)))) finisher = k;
    }
    let k = finisher;
    if (k < 0) {
      k = 0;
      for (let j = 1; j < pool.length; j++) {
        const a = pool[j]!;
        const b = pool[k]!;
        if (cap(a) > cap(b) || (cap(a) === cap(b) && time(a) < time(b))) k = j;
      }
    }
    const vi = pool.splice(k, 1)[0]!;
    out.push(vi);
    left -= cap(vi);
  }
  return out;
}

function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [[...xs]];
  const out: T[][] = [];
  xs.forEach((x, i) => {
    for (const rest of permutations([...xs.slice(0, i), ...xs.slice(i + 1)])) out.push([x, ...rest]);
  });
  return out;
}

function allocKey(a: Allocation): string {
  return [...a.keys()]
    .sort(byId)
    .map((s) => `${s}:${[...a.get(s)!].sort((x, y) => byId(x[0], y[0])).map(([i, q]) => `${i}=${q}`).join(',')}`)
    .join('|');
}

function planKey(runs: readonly VehicleRun[]): string {
  return runs
    .map((r) => `${r.vehicleId}>${r.stops.map((s) => `${s.siteId}(${s.items.map((x) => `${x.itemId}=${x.quantity}`).join(',')})`).join('>')}`)
    .sort(byId)
    .join('|');
}

/**
 * Stock after reserving a plan's pickups: what the next request plans against
 * (two requests competing for the same stock). Rows are copied, never mutated.
 */
export function stockAfterPlan<S extends PlannerStock>(stock: readonly S[], plan: Pick<DispatchPlan, 'pickups'>): S[] {
  const taken = new Map<string, number>();
  for (const p of plan.pickups) taken.set(`${p.siteId}\u0000${p.itemId}`, (taken.get(`${p.siteId}\u0000${p.itemId}`) ?? 0) + p.quantity);
  return stock.map((row) => {
    const key = `${row.siteId}\u0000${row.itemId}`;
    const t = taken.get(key);
    if (!t) return { ...row };
    // Duplicate rows: take from the first until it is empty, then the next.
    const q = Math.min(row.quantity, t);
    taken.set(key, t - q);
    return { ...row, quantity: row.quantity - q };
  });
}

/**
 * The same plan timed with other drive-time lookups (e.g. to see what a plan chosen on
 * straight-line estimates really costs on the roads). Legs keep their nodes; times change.
 */
export function retimePlan<P extends Pick<DispatchPlan, 'runs' | 'deadlineS'>>(plan: P, times: DriveTimes, loadingTimeS = LOADING_TIME_S): P & { arrivalS: number; marginS: number; meetsDeadline: boolean } {
  const runs = plan.runs.map((r) => {
    const legs = r.legs.map((l) => ({
      ...l,
      driveS: finiteOr(l.to.kind === 'destination' ? times.timeToDestination(l.from.node) : times.timeToSite(l.to.kind === 'site' ? l.to.siteId : '', l.from.node)),
    }));
    return finishRun(r.vehicleId, r.capacity, r.stops, legs, loadingTimeS);
  });
  const arrivalS = Math.max(...runs.map((r) => r.arrivalS));
  return { ...plan, runs, arrivalS, marginS: plan.deadlineS - arrivalS, meetsDeadline: arrivalS <= plan.deadlineS };
}
