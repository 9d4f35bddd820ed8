import type { Position, Site, Vehicle, VehicleKind, VehicleStatus } from '../../shared/domain';
import { VEHICLE_STATUSES } from '../../shared/domain';
import { createRng, randomNodeNear, type Rng } from '../../city/fleet';
import { bearingDeg, createVertexIndex, type LonLat } from '../../shared/city/roads';
import { createRouter, type RoadGraph } from '../../shared/routing/road-graph';

/**
 * Vehicles driving on the demo city's roads, with a plausible duty cycle:
 *
 *   available ──dispatch──▶ enroute ──arrive──▶ atscene ──dwell──▶ returning ──arrive home──▶ available
 *
 * Available patrol cars and motorcycles patrol their home beat; vans and trucks wait at
 * their home site. Maintenance and offline vehicles stay parked. The simulator only
 * changes statuses in memory and reports them through `onStatusChanges`; the server
 * writes them to the database (and so to the change feed).
 *
 * State is struct-of-arrays so a step over 10,000 vehicles is a few tight loops.
 * Routing is the expensive part; it runs from a queue in time slices (`routeSliceMs`)
 * that yield to the event loop between slices, so a burst of route requests (say,
 * 6,000 patrols starting at once) delays some vehicles' departure instead of
 * blocking the server.
 */

export type StatusUpdate = { id: string; status: VehicleStatus };

/** Km a vehicle drove since its last report (its tracker's odometer, in steps). */
export type DistanceUpdate = { id: string; km: number };

/**
 * How far a vehicle drives before its mileage is reported: each report is one row written and
 * sent to every console, so a few km at a time (a patrol car on its beat: one every ~7 minutes),
 * and whatever is left when it parks back home.
 */
export const DISTANCE_REPORT_M = 5_000;
/** Less than this when it parks is kept for the next report (a move across the yard is not a report). */
const DISTANCE_REPORT_MIN_M = 100;

export type VehicleStart = { lon: number; lat: number; heading?: number };

export type SimulatorOptions = {
  graph: RoadGraph;
  /** Nodes vehicles may use (the largest strongly connected component). */
  inMain: Uint8Array;
  vehicles: readonly Vehicle[];
  sites: readonly Site[];
  /** Start points by vehicle id; vehicles without one start at their home site. */
  starts?: Readonly<Record<string, LonLat | VehicleStart>>;
  /** Time compression: simulated seconds per real second. */
  speedFactor?: number;
  seed?: number;
  /**
   * Longest stretch of routing work done in one go (ms). Infinity routes everything
   * synchronously inside step(), which tests use for determinism.
   */
  routeSliceMs?: number;
  onStatusChanges?: (updates: StatusUpdate[]) => void;
  /**
   * Whether available vehicles go out on jobs of their own (the city's other calls), as they do
   * by default. Off: only the central's dispatches send them out (a test that must not see the
   * vehicle it planned with taken by a job of the simulator's between the plan and the accept).
   */
  ownJobs?: boolean;
  /** Mileage driven (DISTANCE_REPORT_M at a time, and the rest on parking at home). */
  onDistance?: (updates: DistanceUpdate[]) => void;
  /** A dispatched vehicle reached its destination (simulated arrival of a dispatch order). */
  onTripArrived?: (dispatchId: string) => void;
  /** A dispatched vehicle finished loading at its last pickup site. */
  onTripPickedUp?: (dispatchId: string) => void;
};

/** Loading at each pickup site (find, scan, load, sign): the planner's constant too. */
export const TRIP_LOADING_S = 180;

const KIND_CODES: readonly VehicleKind[] = ['van', 'truck', 'patrol', 'motorcycle'];
const KIND_MAX_KMH = [90, 80, 110, 110];
const S = Object.fromEntries(VEHICLE_STATUSES.map((s, i) => [s, i])) as Record<VehicleStatus, number>;

const PATROL_BEAT_M = 1800;
const DISPATCH_RADIUS_M = 5000;
const DWELL_S: [number, number] = [300, 1200];
/** Mean time an available vehicle waits for its next job. */
const MEAN_IDLE_S = [1800, 2400, 1200, 1200];

export function createSimulator(options: SimulatorOptions) {
  const g = options.graph;
  const { vehicles, inMain } = options;
  const n = vehicles.length;
  const rng: Rng = createRng(options.seed ?? 7);
  // Weighted A*: routes at most a few per cent slower than the fastest, at half the cost.
  const router = createRouter(g, { heuristicWeight: 2 });
  const routeSliceMs = options.routeSliceMs ?? 4;
  let speedFactor = options.speedFactor ?? 1;
  const onStatusChanges = options.onStatusChanges ?? (() => {});

  const mainNodes = Int32Array.from({ length: g.nodeCount }, (_, i) => i).filter((i) => inMain[i] === 1);
  if (mainNodes.length < 2) throw new Error('simulator: road network has no connected core');
  const index = createVertexIndex(g.nodeLon, g.nodeLat, (i) => inMain[i] === 1);
  const edgeBearing = new Float32Array(g.edgeCount);
  for (let e = 0; e < g.edgeCount; e++) {
    const a = g.edgeSource[e]!;
    const b = g.edgeTarget[e]!;
    edgeBearing[e] = bearingDeg(g.nodeLon[a]!, g.nodeLat[a]!, g.nodeLon[b]!, g.nodeLat[b]!);
  }

  const ids = vehicles.map((v) => v.id);
  const byId = new Map(ids.map((id, i) => [id, i]));
  /** Vehicles whose tracker is silent, with when it last reported. */
  const muted = new Map<string, number>();
  const status = new Uint8Array(n);
  const kind = new Uint8Array(n);
  const homeNode = new Int32Array(n);
  const node = new Int32Array(n);
  const paths: (Uint32Array | null)[] = new Array<Uint32Array | null>(n).fill(null);
  const pathPos = new Int32Array(n);
  const edgeOff = new Float64Array(n);
  const wantDest = new Int32Array(n).fill(-1);
  const queued = new Uint8Array(n);
  const nextEvent = new Float64Array(n).fill(Infinity);
  const driveFactor = new Float32Array(n);
  // One reusable Position object per vehicle: encoding 10,000 of them a second must
  // not allocate 10,000 objects a second.
  const pos: Position[] = vehicles.map((v) => ({ vehicleNo: v.no, lon: 0, lat: 0, heading: 0, speedKmh: 0, ts: 0 }));

  let simTime = 0;
  let queue: number[] = [];
  let queueHead = 0;
  let pendingUpdates: StatusUpdate[] = [];
  /** Metres driven since the vehicle's last distance report. */
  const driven = new Float64Array(n);
  let pendingDistance: DistanceUpdate[] = [];
  let pumpScheduled: ReturnType<typeof setImmediate> | null = null;
  let disposed = false;
  let routesComputed = 0;

  // Dispatch trips: vehicle index → remaining stops (pickup sites, then the destination).
  // `siteIds[k]` is the site of stop k (the destination has none): a moved site moves its stops.
  const trips = new Map<number, { dispatchId: string; stops: number[]; siteIds: readonly string[]; idx: number; loading: boolean }>();

  const siteNode = new Map<string, number>();
  for (const s of options.sites) siteNode.set(s.id, index.nearest(s.lon, s.lat));

  const idleTime = (i: number): number => {
    const t = -Math.log(1 - rng.next()) * (MEAN_IDLE_S[kind[i]!] ?? 1800);
    return options.ownJobs === false ? Infinity : t;
  };
  const isPatrolKind = (i: number): boolean => kind[i] === 2 || kind[i] === 3;
  const currentNodeLon = (i: number): number => g.nodeLon[node[i]!]!;
  const currentNodeLat = (i: number): number => g.nodeLat[node[i]!]!;

  function reportDistance(i: number, min: number): void {
    if (driven[i]! < min) return;
    pendingDistance.push({ id: ids[i]!, km: driven[i]! / 1000 });
    driven[i] = 0;
  }

  function setStatusInternal(i: number, s: VehicleStatus): void {
    if (status[i] === S[s]) return;
    status[i] = S[s];
    pendingUpdates.push({ id: ids[i]!, status: s });
  }

  /** Ask for a route; the vehicle finishes the edge it is on, then waits for the route there. */
  function requestRoute(i: number, dest: number): void {
    const p = paths[i];
    if (p) {
      paths[i] = p.subarray(pathPos[i]!, pathPos[i]! + 1);
      pathPos[i] = 0;
    }
    wantDest[i] = dest;
    if (!queued[i]) {
      queued[i] = 1;
      queue.push(i);
    }
  }

  const patrolDest = (i: number): number =>
    randomNodeNear(g, mainNodes, g.nodeLon[homeNode[i]!]!, g.nodeLat[homeNode[i]!]!, PATROL_BEAT_M, rng, mainNodes[rng.int(mainNodes.length)]!);
  const dispatchDest = (i: number): number =>
    randomNodeNear(g, mainNodes, currentNodeLon(i), currentNodeLat(i), DISPATCH_RADIUS_M, rng, mainNodes[rng.int(mainNodes.length)]!);

  function arrive(i: number): void {
    const trip = trips.get(i);
    if (trip && status[i] === S.enroute) {
      if (trip.idx < trip.stops.length - 1) {
        trip.loading = true;
        nextEvent[i] = simTime + TRIP_LOADING_S;
      } else {
        trips.delete(i);
        setStatusInternal(i, 'atscene');
        nextEvent[i] = simTime + rng.range(DWELL_S[0], DWELL_S[1]);
        options.onTripArrived?.(trip.dispatchId);
      }
      return;
    }
    switch (status[i]) {
      case S.enroute:
        setStatusInternal(i, 'atscene');
        nextEvent[i] = simTime + rng.range(DWELL_S[0], DWELL_S[1]);
        break;
      case S.returning:
        reportDistance(i, DISTANCE_REPORT_MIN_M);
        setStatusInternal(i, 'available');
        nextEvent[i] = simTime + idleTime(i);
        if (isPatrolKind(i)) requestRoute(i, patrolDest(i));
        break;
      case S.available:
        if (isPatrolKind(i)) requestRoute(i, patrolDest(i));
        break;
      default:
        break;
    }
  }

  function onEvent(i: number): void {
    nextEvent[i] = Infinity;
    const trip = trips.get(i);
    if (trip?.loading) {
      trip.loading = false;
      trip.idx++;
      if (trip.idx === trip.stops.length - 1) options.onTripPickedUp?.(trip.dispatchId);
      requestRoute(i, trip.stops[trip.idx]!);
      return;
    }
    switch (status[i]) {
      case S.available:
        setStatusInternal(i, 'enroute');
        requestRoute(i, dispatchDest(i));
        break;
      case S.atscene:
        setStatusInternal(i, 'returning');
        requestRoute(i, homeNode[i]!);
        break;
      default:
        break;
    }
  }

  function speedOn(i: number, e: number): number {
    return (Math.min(g.edgeSpeedKmh[e]!, KIND_MAX_KMH[kind[i]!]!) * driveFactor[i]!) / 3.6;
  }

  function place(i: number): void {
    const p = pos[i]!;
    const path = paths[i];
    if (path && pathPos[i]! < path.length) {
      const e = path[pathPos[i]!]!;
      const a = g.edgeSource[e]!;
      const b = g.edgeTarget[e]!;
      const len = g.edgeLengthM[e]!;
      const f = len > 0 ? Math.min(1, edgeOff[i]! / len) : 0;
      p.lon = g.nodeLon[a]! + (g.nodeLon[b]! - g.nodeLon[a]!) * f;
      p.lat = g.nodeLat[a]! + (g.nodeLat[b]! - g.nodeLat[a]!) * f;
      p.heading = edgeBearing[e]!;
      p.speedKmh = speedOn(i, e) * 3.6;
    } else {
      p.lon = g.nodeLon[node[i]!]!;
      p.lat = g.nodeLat[node[i]!]!;
      p.speedKmh = 0;
    }
  }

  function move(i: number, dt: number): void {
    let left = dt;
    let path = paths[i];
    while (path && left > 0) {
      const e = path[pathPos[i]!]!;
      const v = speedOn(i, e);
      const need = (g.edgeLengthM[e]! - edgeOff[i]!) / v;
      if (need > left) {
        edgeOff[i] = edgeOff[i]! + v * left;
        driven[i] = driven[i]! + v * left;
        break;
      }
      driven[i] = driven[i]! + (g.edgeLengthM[e]! - edgeOff[i]!);
      left -= need;
      node[i] = g.edgeTarget[e]!;
      edgeOff[i] = 0;
      pathPos[i] = pathPos[i]! + 1;
      if (pathPos[i]! >= path.length) {
        paths[i] = null;
        path = null;
        // A pending reroute means this was only the rest of the old edge: wait for it.
        if (wantDest[i]! < 0) arrive(i);
      }
    }
  }

  function flushUpdates(): void {
    if (pendingDistance.length > 0) {
      const out = pendingDistance;
      pendingDistance = [];
      options.onDistance?.(out);
    }
    if (pendingUpdates.length === 0) return;
    const out = pendingUpdates;
    pendingUpdates = [];
    onStatusChanges(out);
  }

  /** Routes queued vehicles until the queue is empty or `budgetMs` is spent. */
  function pumpRoutes(budgetMs: number): void {
    const deadline = performance.now() + budgetMs;
    while (queueHead < queue.length) {
      const i = queue[queueHead++]!;
      queued[i] = 0;
      const dest = wantDest[i]!;
      if (dest >= 0) {
        wantDest[i] = -1;
        const cur = paths[i];
        const origin = cur ? g.edgeTarget[cur[cur.length - 1]!]! : node[i]!;
        const route = router.shortestPath(origin, dest);
        routesComputed++;
        if (route) {
          if (cur) {
            const joined = new Uint32Array(cur.length - pathPos[i]! + route.length);
            joined.set(cur.subarray(pathPos[i]!));
            joined.set(route, cur.length - pathPos[i]!);
            paths[i] = joined;
            pathPos[i] = 0;
          } else if (route.length > 0) {
            paths[i] = route;
            pathPos[i] = 0;
            edgeOff[i] = 0;
          } else {
            arrive(i);
          }
        }
        place(i);
      }
      if (performance.now() >= deadline) break;
    }
    if (queueHead >= queue.length) {
      queue = [];
      queueHead = 0;
    } else if (queueHead > 4096) {
      queue = queue.slice(queueHead);
      queueHead = 0;
    }
    flushUpdates();
  }

  function schedulePump(): void {
    if (pumpScheduled || disposed || queueHead >= queue.length) return;
    pumpScheduled = setImmediate(() => {
      pumpScheduled = null;
      pumpRoutes(routeSliceMs);
      schedulePump();
    });
  }

  // --- initial state -----------------------------------------------------------------
  vehicles.forEach((v, i) => {
    kind[i] = KIND_CODES.indexOf(v.kind);
    status[i] = S[v.status];
    driveFactor[i] = rng.range(0.8, 1.0);
    const home = siteNode.get(v.homeSiteId);
    const start = options.starts?.[v.id];
    const startLonLat = Array.isArray(start) ? start : start ? [start.lon, start.lat] : null;
    const startNode = startLonLat ? index.nearest(startLonLat[0] as number, startLonLat[1] as number) : -1;
    // A vehicle whose home site is unknown makes its start point home.
    homeNode[i] = home ?? (startNode >= 0 ? startNode : mainNodes[0]!);
    node[i] = startNode >= 0 ? startNode : homeNode[i]!;
    pos[i]!.heading = start && !Array.isArray(start) ? (start.heading ?? 0) : rng.range(0, 360);
    switch (v.status) {
      case 'available':
        nextEvent[i] = idleTime(i);
        if (isPatrolKind(i)) requestRoute(i, patrolDest(i));
        break;
      case 'enroute':
        requestRoute(i, dispatchDest(i));
        break;
      case 'atscene':
        nextEvent[i] = rng.range(0, DWELL_S[1]);
        break;
      case 'returning':
        requestRoute(i, homeNode[i]!);
        break;
      default:
        break;
    }
    place(i);
  });

  return {
    /** Advances the simulation by `dtSeconds` of real time (× speedFactor). */
    step(dtSeconds: number): void {
      const dt = Math.max(0, dtSeconds) * speedFactor;
      simTime += dt;
      for (let i = 0; i < n; i++) {
        if (paths[i]) {
          move(i, dt);
          reportDistance(i, DISTANCE_REPORT_M);
        }
        if (simTime >= nextEvent[i]!) onEvent(i);
        place(i);
      }
      pumpRoutes(routeSliceMs);
      schedulePump();
      flushUpdates();
    },

    /**
     * Sends a vehicle on a dispatch: to each pickup site in order (loading at each), then
     * to the destination, where `onTripArrived` reports the delivery.
     */
    assignTrip(vehicleId: string, dispatchId: string, siteIds: readonly string[], destination: { lon: number; lat: number }): boolean {
      const i = byId.get(vehicleId);
      if (i === undefined) return false;
      const stops = [...siteIds.map((id) => siteNode.get(id) ?? -1), index.nearest(destination.lon, destination.lat)];
      if (stops.some((x) => x < 0)) return false;
      status[i] = S.enroute;
      nextEvent[i] = Infinity;
      trips.set(i, { dispatchId, stops, siteIds: [...siteIds], idx: 0, loading: false });
      requestRoute(i, stops[0]!);
      schedulePump();
      return true;
    },

    /**
     * A site placed or moved (an administrator's command): from now on the vehicles go to
     * where it is. Those based there get it as their home (returning ones turn, vans and
     * trucks waiting at the old place drive over, patrols patrol around it); trips with a
     * pickup there still to make drive to the new place.
     */
    setSite(site: Pick<Site, 'id' | 'lon' | 'lat'>): void {
      const at = index.nearest(site.lon, site.lat);
      if (at < 0 || siteNode.get(site.id) === at) return;
      siteNode.set(site.id, at);
      for (const [i, trip] of trips) {
        for (let k = trip.idx; k < trip.siteIds.length; k++) {
          if (trip.siteIds[k] !== site.id) continue;
          trip.stops[k] = at;
          // On its way to that stop (not loading there already): turn towards the new place.
          if (k === trip.idx && !trip.loading) requestRoute(i, at);
        }
      }
      vehicles.forEach((v, i) => {
        if (v.homeSiteId !== site.id) return;
        homeNode[i] = at;
        if (trips.has(i)) return;
        if (status[i] === S.returning || (status[i] === S.available && !isPatrolKind(i))) requestRoute(i, at);
      });
      schedulePump();
    },

    /** Which road node stands for a site (tests: where its vehicles load and return to). */
    siteNodeOf(siteId: string): { node: number; lon: number; lat: number } | null {
      const at = siteNode.get(siteId);
      return at === undefined ? null : { node: at, lon: g.nodeLon[at]!, lat: g.nodeLat[at]! };
    },

    /** A status set from outside (a command); the vehicle's behaviour follows it. */
    setStatus(vehicleId: string, s: VehicleStatus): void {
      const i = byId.get(vehicleId);
      if (i === undefined) return;
      if (s !== 'enroute') trips.delete(i);
      status[i] = S[s];
      nextEvent[i] = Infinity;
      wantDest[i] = -1;
      switch (s) {
        case 'enroute':
          requestRoute(i, dispatchDest(i));
          break;
        case 'returning':
          requestRoute(i, homeNode[i]!);
          break;
        case 'available':
          nextEvent[i] = simTime + idleTime(i);
          if (isPatrolKind(i)) requestRoute(i, patrolDest(i));
          break;
        case 'atscene':
          nextEvent[i] = simTime + rng.range(DWELL_S[0], DWELL_S[1]);
          stopAfterEdge(i);
          break;
        default:
          stopAfterEdge(i);
          break;
      }
      schedulePump();
    },

    /** Positions of every vehicle that reports (offline and muted ones do not), stamped `ts`. */
    positions(ts: number): Position[] {
      const out: Position[] = [];
      for (let i = 0; i < n; i++) {
        if (status[i] === S.offline || muted.has(ids[i]!)) continue;
        const p = pos[i]!;
        p.ts = ts;
        out.push(p);
      }
      return out;
    },

    /** The directed road segment a vehicle is on, or null when parked (for tests). */
    segment(vehicleNo: number): { from: LonLat; to: LonLat; edge: number } | null {
      const i = vehicles.findIndex((v) => v.no === vehicleNo);
      const path = i >= 0 ? paths[i] : null;
      if (!path || pathPos[i]! >= path.length) return null;
      const e = path[pathPos[i]!]!;
      const a = g.edgeSource[e]!;
      const b = g.edgeTarget[e]!;
      return { from: [g.nodeLon[a]!, g.nodeLat[a]!], to: [g.nodeLon[b]!, g.nodeLat[b]!], edge: e };
    },

    /**
     * Drills and tests: this vehicle drives at `factor` of its usual speed from now on (a
     * breakdown, a traffic jam), so its arrival slips against the promise.
     */
    slow(vehicleId: string, factor: number): boolean {
      const i = byId.get(vehicleId);
      if (i === undefined || !(factor > 0 && factor <= 1)) return false;
      driveFactor[i] = driveFactor[i]! * factor;
      return true;
    },

    statusOf(vehicleId: string): VehicleStatus | null {
      const i = byId.get(vehicleId);
      return i === undefined ? null : (VEHICLE_STATUSES[status[i]!] ?? null);
    },

    saved(): { vehicleId: string; lon: number; lat: number; heading: number }[] {
      return ids.map((id, i) => ({ vehicleId: id, lon: pos[i]!.lon, lat: pos[i]!.lat, heading: pos[i]!.heading }));
    },

    stats(): { vehicles: number; moving: number; queuedRoutes: number; routesComputed: number; simTimeS: number } {
      let moving = 0;
      for (let i = 0; i < n; i++) if (paths[i]) moving++;
      return { vehicles: n, moving, queuedRoutes: queue.length - queueHead, routesComputed, simTimeS: simTime };
    },

    get speedFactor(): number {
      return speedFactor;
    },
    set speedFactor(f: number) {
      if (!(f >= 0 && Number.isFinite(f))) throw new RangeError(`speedFactor must be a finite number ≥ 0, got ${f}`);
      speedFactor = f;
    },

    /**
     * Drills and tests: the vehicle's tracker stops reporting (a dead GPS unit, a tunnel)
     * from `at`, or reports again (`at` null). It still drives; only its reports stop.
     */
    mute(vehicleId: string, at: number | null): boolean {
      if (!byId.has(vehicleId)) return false;
      if (at === null) muted.delete(vehicleId);
      else muted.set(vehicleId, at);
      return true;
    },
    /** When each muted vehicle last reported. */
    silentSince: (): ReadonlyMap<string, number> => muted,
    /** Where a vehicle is (its last report, for a muted one: where it was last seen is what the officer needs). */
    placeOf(vehicleId: string): { lon: number; lat: number } | null {
      const i = byId.get(vehicleId);
      return i === undefined ? null : { lon: pos[i]!.lon, lat: pos[i]!.lat };
    },

    dispose(): void {
      disposed = true;
      if (pumpScheduled) clearImmediate(pumpScheduled);
      pumpScheduled = null;
    },
  };

  function stopAfterEdge(i: number): void {
    const p = paths[i];
    if (p) {
      paths[i] = p.subarray(pathPos[i]!, pathPos[i]! + 1);
      pathPos[i] = 0;
    }
  }
}

export type Simulator = ReturnType<typeof createSimulator>;
