import type { z } from 'zod';
import { isSupplySite, type Site } from '../../../shared/domain';
import { LOADING_TIME_S, planDispatch, type DriveTimes, type LegEnd, type NearestStream, type PlanLeg, type PlannerVehicle } from '../../../shared/dispatch/planner';
import { sitesAt } from '../../../shared/dispatch/plan-check';
import { loadUnits } from '../../../shared/dispatch/pack-sizes';
import { computeCoverage, DEFAULT_COVERAGE_CELL_M, DEFAULT_COVERAGE_LEVELS_MIN } from '../../../shared/routing/coverage';
import { insideBounds, type Bounds, type LonLat } from '../../../shared/routing/geo';
import { buildRoadGraph, largestStronglyConnected, type RoadGraph } from '../../../shared/routing/road-graph';
import {
  coverageArgSchema,
  describeIssue,
  driveTimesArgSchema,
  planArgSchema,
  remainingArgSchema,
  routeArgSchema,
  timeRunsArgSchema,
  routingError,
  type CoverageAnswer,
  type DriveTimesAnswer,
  type PlanAnswer,
  type RemainingAnswer,
  type TimeRunsAnswer,
  type RoadNetwork,
  type RouteAnswer,
  type RoutedPlan,
  type RoutingHandlers,
  type RoutingInfo,
  type SkippedVehicle,
  type SnappedPoint,
} from '../../../shared/routing/routing-api';
import { createLazyReverseSearch, wholeReverseSearch, type LazyReverseSearch } from '../../../shared/routing/lazy-search';
import { shortestPath, type RoutePath } from '../../../shared/routing/search';
import { createSnapper, DEFAULT_MAX_SNAP_M } from '../../../shared/routing/snap';
import { buildContractionHierarchy, createSourceTimes } from '../../../shared/routing/ch';

/**
 * What the routing worker does, without the thread: the graph, its contraction hierarchy,
 * the per-site reverse searches, a small cache of destination searches, and the handlers.
 * Synchronous and deterministic, so tests and the benchmark call it directly;
 * routing-worker.ts only wraps it in messages.
 *
 * What a plan needs from its destination — the time from every supply site to it, and the
 * routes of the legs it picks — comes from the hierarchy (shared/routing/ch.ts): one small
 * upward search, however far the nearest stock lies (a request nothing can serve in time
 * needs sites 30–60 minutes away, which a search from the destination reaches only after
 * most of a large city). The vehicles' times to the sites come from the sites' searches,
 * which are lazy (shared/routing/lazy-search.ts): a site's search (sites do not move, so it
 * is kept) reaches as far as the vehicles a plan looked at, nearest first. The answers are
 * those of whole searches, to the last bit (routing-core.bounded.test.ts); the cost follows
 * what a plan needs, not the size of the city, and so does the memory, which is capped
 * besides: past the budget the searches used least recently are dropped (and searched again
 * if asked). A destination's own search is still what drive times for vehicles use.
 */

export type RoutingCoreOptions = {
  roads: RoadNetwork;
  sites: readonly Pick<Site, 'id' | 'kind' | 'lon' | 'lat'>[];
  /** The item catalogue; default: whatever items the request's stock mentions. */
  itemIds?: readonly string[];
  /** Items per load unit (shared/dispatch/pack-sizes.ts). */
  packSizes?: Readonly<Record<string, number>>;
  maxSnapM?: number;
  /**
   * 'bounded' (default): lazy searches, each as far as an answer needs. 'whole': one whole
   * search per site at start and per destination, as the core did before; the same answers,
   * kept as the reference the bounded one is tested against and the benchmark's baseline.
   */
  searches?: 'bounded' | 'whole';
};

export type RoutingCore = RoutingHandlers & {
  info: RoutingInfo;
  graph: RoadGraph;
  /** Dispatches by method name with an unchecked argument (the worker's entry point). */
  handle(method: string, arg: unknown): unknown;
};

const DEST_CACHE = 16;
/** Vehicles whose last snapped position is kept (a fleet of a few thousand; past this the cache starts afresh). */
const VEHICLE_SNAP_CACHE = 20_000;
/** Nodes reached, over all kept site searches and over all kept destination searches (each about 50 bytes). */
const SEARCH_BUDGET_MIN = 2_000_000;

export function createRoutingCore(options: RoutingCoreOptions): RoutingCore {
  const t0 = performance.now();
  const bounds = options.roads.bounds as Bounds;
  const graph = buildRoadGraph(options.roads.ways);
  const inMain = largestStronglyConnected(graph);
  const snapper = createSnapper(graph, { accept: inMain, maxDistanceM: options.maxSnapM ?? DEFAULT_MAX_SNAP_M });
  const catalogue = options.itemIds ? new Set(options.itemIds) : null;

  const siteNodes = new Map<string, number>();
  /** Sites that can load a vehicle (a police station is only ever a destination), in the sites' order. */
  const supplyIds: string[] = [];
  const siteInfo: RoutingInfo['sites'] = [];
  for (const s of options.sites) {
    const r = snapper.snap(s.lon, s.lat);
    siteInfo.push({ siteId: s.id, node: r.ok ? r.node : null, snapDistanceM: r.ok ? r.distanceM : r.nearestDistanceM });
    if (!r.ok) continue;
    siteNodes.set(s.id, r.node);
    if (isSupplySite(s)) supplyIds.push(s.id);
  }
  const isSupply = new Set(supplyIds);
  const whole = options.searches === 'whole';
  // What the sites need, once (bounded): the hierarchy (shared/routing/ch.ts), every site's upward
  // search left in buckets, so that the time from each site to any destination is one small
  // search; and from it the drive time from every site to every supply site (a tour's legs
  // between pickups), kept as those few numbers only.
  const ch = whole ? null : buildContractionHierarchy(graph);
  const sourceNodes = ch ? [...new Set(siteNodes.values())] : [];
  const fromSites = ch ? createSourceTimes(ch, sourceNodes) : null;
  /** Each supply site's node and its row in fromSites' answers, in supplyIds' order. */
  const supplySources = supplyIds.map((id) => ({ node: siteNodes.get(id)!, k: sourceNodes.indexOf(siteNodes.get(id)!) }));
  const siteToSite = new Map<string, Map<number, number>>();
  if (fromSites) {
    for (const id of supplyIds) {
      const t = fromSites.to(siteNodes.get(id)!);
      const row = new Map<number, number>();
      sourceNodes.forEach((n, k) => row.set(n, t[k]!));
      siteToSite.set(id, row);
    }
  }
  const plannerSites = options.sites.filter((s) => isSupply.has(s.id)).map((s) => ({ id: s.id, kind: s.kind, node: siteNodes.get(s.id)! }));
  const makeSearch = whole ? wholeReverseSearch : createLazyReverseSearch;
  // Whole searches are kept as they always were: one per site, the last DEST_CACHE destinations.
  const budget = whole ? Infinity : Math.max(SEARCH_BUDGET_MIN, 4 * graph.nodeCount);

  /** Least recently used first (a Map keeps insertion order: a hit moves to the end). */
  const lru = <K>(cache: Map<K, LazyReverseSearch>, key: K, make: () => LazyReverseSearch): LazyReverseSearch => {
    let t = cache.get(key);
    if (t) cache.delete(key);
    else t = make();
    cache.set(key, t);
    return t;
  };
  const trim = <K>(cache: Map<K, LazyReverseSearch>, maxCount: number): void => {
    let total = 0;
    for (const t of cache.values()) total += t.reached;
    for (const [k, t] of cache) {
      if (cache.size <= 1 || (total <= budget && cache.size <= maxCount)) break;
      cache.delete(k);
      total -= t.reached;
    }
  };
  const siteSearches = new Map<string, LazyReverseSearch>();
  /** A supply site's search (kept: sites do not move), or null for a police station or an unsnapped site. */
  const siteSearch = (siteId: string): LazyReverseSearch | null => {
    const node = siteNodes.get(siteId);
    if (node === undefined || !isSupply.has(siteId)) return null;
    return lru(siteSearches, siteId, () => makeSearch(graph, node));
  };
  if (whole) for (const id of supplyIds) siteSearch(id);

  let routable = 0;
  for (const x of inMain) routable += x;
  const info: RoutingInfo = {
    nodeCount: graph.nodeCount,
    edgeCount: graph.edgeCount,
    routableNodeCount: routable,
    bounds,
    sites: siteInfo,
    startMs: 0,
  };

  // Recently used destinations: the board asks for a plan, then routes and drive times to the same place.
  const destSearches = new Map<number, LazyReverseSearch>();
  const destTree = (node: number): LazyReverseSearch => lru(destSearches, node, () => makeSearch(graph, node));
  /** After each call: the caches back within their budget (the search just used is kept). */
  const trimCaches = (): void => {
    trim(destSearches, DEST_CACHE);
    trim(siteSearches, Infinity);
  };

  /**
   * The nodes given (a plan's fleet) in order of their time to a site, from the site's kept
   * search, which goes further only when the planner asks for the next one. Nodes it settled
   * for another question in between (a tour's leg) are picked up before it steps again.
   */
  const nearestStream = (search: LazyReverseSearch, siteNode: number, nodes: readonly number[], byNode: Map<number, number[]>): NearestStream => {
    const found: { k: number; timeS: number }[] = [];
    const seen = new Uint8Array(nodes.length);
    let cursor = 0;
    let synced = -1;
    const sync = (): void => {
      const now = search.settled;
      if (synced === now) return;
      const tail: { k: number; timeS: number }[] = [];
      const from = Math.max(0, synced);
      if (now - from < nodes.length) {
        // Fewer nodes settled since the last look than the fleet has: look at those only.
        for (let i = from; i < now; i++) {
          const u = search.settledNode(i);
          const ks = byNode.get(u);
          const t = ks && search.settledTime(u);
          if (t === undefined) continue;
          for (const k of ks!) {
            if (seen[k]) continue;
            seen[k] = 1;
            tail.push({ k, timeS: t });
          }
        }
      } else {
        for (let k = 0; k < nodes.length; k++) {
          if (seen[k]) continue;
          const t = search.settledTime(nodes[k]!);
          if (t === undefined) continue;
          seen[k] = 1;
          tail.push({ k, timeS: t });
        }
      }
      tail.sort((a, b) => a.timeS - b.timeS || a.k - b.k);
      found.push(...tail);
      synced = now;
    };
    return {
      next() {
        for (;;) {
          sync();
          const frontier = search.frontierS();
          if (cursor < found.length && (found[cursor]!.timeS < frontier || frontier === Infinity)) return found[cursor++]!;
          if (frontier === Infinity) return null;
          const u = search.step();
          synced = search.settled;
          const ks = byNode.get(u);
          if (ks) {
            const t = search.settledTime(u)!;
            for (const k of ks) {
              if (seen[k]) continue;
              seen[k] = 1;
              found.push({ k, timeS: t });
            }
          }
        }
      },
      // One strongly connected component (every snapped node is in it): reachable without searching.
      reaches: (k) => (inMain[nodes[k]!] === 1 && inMain[siteNode] === 1) || search.timeTo(nodes[k]!) < Infinity,
    };
  };

  const parse = <T>(schema: z.ZodType<T>, arg: unknown): T => {
    const r = schema.safeParse(arg);
    if (!r.success) throw routingError('invalid_input', describeIssue(r.error));
    return r.data;
  };

  const checkInside = (what: string, lon: number, lat: number): void => {
    if (!insideBounds(bounds, lon, lat)) {
      throw routingError('out_of_bounds', `${what} (${lon}, ${lat}) is outside the city (${bounds.join(', ')})`);
    }
  };

  const snapped = (lon: number, lat: number, node: number, snapDistanceM: number): SnappedPoint => ({
    lon,
    lat,
    node,
    nodeLon: graph.nodeLon[node]!,
    nodeLat: graph.nodeLat[node]!,
    snapDistanceM,
  });

  const snapOrThrow = (what: string, p: { lon: number; lat: number }): SnappedPoint => {
    checkInside(what, p.lon, p.lat);
    const r = snapper.snap(p.lon, p.lat);
    if (!r.ok) {
      const d = r.nearestDistanceM === null ? '' : ` (nearest road ${Math.round(r.nearestDistanceM)} m away)`;
      throw routingError('off_network', `${what} is not on the road network${d}`);
    }
    return snapped(p.lon, p.lat, r.node, r.distanceM);
  };

  /**
   * The fleet's last snapped positions, by vehicle id: a plan snaps only the vehicles that moved
   * since (1,200 vehicles took about 7 ms of every plan). A hit is the same position to the last
   * bit, so the same node as snapping again; anything else (moved, new) is snapped and kept.
   */
  const vehicleSnaps = new Map<string, { lon: number; lat: number; node: number }>();
  const snapVehicle = (id: string, lon: number, lat: number): number => {
    const hit = vehicleSnaps.get(id);
    if (hit && hit.lon === lon && hit.lat === lat) return hit.node;
    const node = snapper.nearest(lon, lat);
    if (hit) {
      hit.lon = lon;
      hit.lat = lat;
      hit.node = node;
    } else {
      if (vehicleSnaps.size >= VEHICLE_SNAP_CACHE) vehicleSnaps.clear();
      vehicleSnaps.set(id, { lon, lat, node });
    }
    return node;
  };

  /**
   * A leg's time and route to a search's target: from the search where it has already been,
   * else through the hierarchy (the same time to the last bit), so that routing a leg never
   * grows a search across the city. Plans and re-timed runs take them alike.
   */
  const legTime = (search: LazyReverseSearch, from: number): number =>
    ch && search.settledTime(from) === undefined ? ch.time(from, search.target) : search.timeTo(from);
  const legPath = (search: LazyReverseSearch, from: number): RoutePath | null =>
    ch && search.settledTime(from) === undefined ? ch.path(from, search.target) : search.pathFrom(from);

  const finiteOrNull = (t: number | undefined): number | null => (t !== undefined && Number.isFinite(t) ? t : null);

  function plan(raw: unknown): PlanAnswer {
    const started = performance.now();
    const arg = parse(planArgSchema, raw);
    checkInside('the destination', arg.destination.lon, arg.destination.lat);
    const known = catalogue ?? new Set(arg.stock.map((s) => s.itemId));
    const unknown = arg.items.map((i) => i.itemId).filter((i) => !known.has(i));
    if (unknown.length > 0) throw routingError('unknown_item', `unknown item(s): ${[...new Set(unknown)].join(', ')}`);

    const dest = snapper.snap(arg.destination.lon, arg.destination.lat);
    if (!dest.ok) {
      const d = dest.nearestDistanceM;
      return {
        destination: null,
        result: {
          ok: false,
          reason: 'off_network',
          distanceM: d,
          message: `the destination is not on the road network${d === null ? '' : ` (nearest road ${Math.round(d)} m away)`}`,
        },
        skippedVehicles: [],
        computeMs: performance.now() - started,
      };
    }
    const tree = destTree(dest.node);
    const supplyToDest = new Map<number, number>();
    /**
     * A bound over what is already exact: every supply site's time is known, but the planner
     * still decides within a radius first (planner.ts, `destinationBound`) and so leaves out the
     * sites that cannot matter; growing it costs no search, only the next site's time.
     */
    let radiusS = 0;
    let siteTimesAsc: number[] = [];
    if (fromSites) {
      const t = fromSites.to(dest.node);
      for (const { node, k } of supplySources) supplyToDest.set(node, t[k]!);
      siteTimesAsc = supplySources.map(({ k }) => t[k]!).filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
    }

    const skippedVehicles: SkippedVehicle[] = [];
    const vehicles: PlannerVehicle[] = [];
    for (const v of arg.vehicles) {
      // Only available vehicles can be planned; the others need no snapping.
      if (v.status !== 'available') {
        vehicles.push({ id: v.id, status: v.status, capacity: v.capacity, node: -1 });
        continue;
      }
      if (!insideBounds(bounds, v.lon, v.lat)) {
        skippedVehicles.push({ id: v.id, reason: 'out_of_bounds' });
        continue;
      }
      const node = snapVehicle(v.id, v.lon, v.lat);
      if (node < 0) {
        skippedVehicles.push({ id: v.id, reason: 'off_network' });
        continue;
      }
      vehicles.push({ id: v.id, status: v.status, capacity: v.capacity, node });
    }

    let byNodeFor: readonly number[] | null = null;
    let byNode = new Map<number, number[]>();
    const times: DriveTimes = whole
      ? {
          timeToDestination: (node) => tree.timeTo(node),
          timeToSite: (siteId, node) => siteSearch(siteId)?.timeTo(node) ?? Infinity,
          siteTimes: (siteId) => (siteSearch(siteId) as ReturnType<typeof wholeReverseSearch> | null)?.timeS ?? null,
        }
      : {
      // Every supply site's time at once, from the hierarchy (the planner asks for sites only; anything else: the search).
      timeToDestination: (node) => supplyToDest.get(node) ?? tree.timeTo(node),
      destinationBound: {
        radiusS: () => radiusS,
        // The radius becomes the first site's time past the seconds asked (every site nearer is exact, every other one at least that).
        grow: (throughS) => {
          radiusS = siteTimesAsc.find((x) => x > throughS) ?? Infinity;
        },
      },
      timeToSite: (siteId, node) => siteToSite.get(siteId)?.get(node) ?? siteSearch(siteId)?.timeTo(node) ?? Infinity,
      nearestToSite: (siteId, nodes) => {
        const search = siteSearch(siteId);
        if (!search) return null;
        if (byNodeFor !== nodes) {
          byNode = new Map();
          nodes.forEach((n, k) => {
            const ks = byNode.get(n);
            if (ks) ks.push(k);
            else byNode.set(n, [k]);
          });
          byNodeFor = nodes;
        }
        return nearestStream(search, siteNodes.get(siteId)!, nodes, byNode);
      },
    };
    const result = planDispatch({
      request: { destinationNode: dest.node, items: arg.items, priority: arg.priority, ...(arg.deadlineS === undefined ? {} : { deadlineS: arg.deadlineS }) },
      sites: plannerSites,
      stock: arg.stock,
      vehicles,
      times,
      ...(options.packSizes ? { packSizes: options.packSizes } : {}),
      knownItemIds: known,
      // Never a source at the destination itself: its own shelf, or a site on the same road node.
      excludeSiteIds: [...new Set([...sitesAt(arg.destination, options.sites), ...plannerSites.filter((s) => s.node === dest.node).map((s) => s.id)])],
      ...(arg.maxPlans === undefined ? {} : { maxPlans: arg.maxPlans }),
    });

    const withRoutes = arg.withRoutes ?? true;
    const routeLeg = (leg: PlanLeg): LonLat[] | null => {
      if (!withRoutes) return null;
      const t = leg.to.kind === 'destination' ? tree : siteSearch(leg.to.kind === 'site' ? leg.to.siteId : '');
      return t ? (legPath(t, leg.from.node)?.coords ?? null) : null;
    };
    const routed = result.ok
      ? {
          ok: true as const,
          plans: result.plans.map(
            (p): RoutedPlan => ({ ...p, runs: p.runs.map((r) => ({ ...r, legs: r.legs.map((l) => ({ ...l, path: routeLeg(l) })) })) }),
          ),
          alternativesUntilS: result.alternativesUntilS,
        }
      : result;
    trimCaches();
    return {
      destination: snapped(arg.destination.lon, arg.destination.lat, dest.node, dest.distanceM),
      result: routed,
      skippedVehicles,
      computeMs: performance.now() - started,
    };
  }

  function driveTimes(raw: unknown): DriveTimesAnswer {
    const started = performance.now();
    const arg = parse(driveTimesArgSchema, raw);
    const dest = snapOrThrow('the destination', arg.destination);
    const tree = destTree(dest.node);
    return {
      destination: dest,
      sites: options.sites.map((s) => {
        const n = siteNodes.get(s.id);
        return { siteId: s.id, timeS: n === undefined ? null : finiteOrNull(tree.timeTo(n)) };
      }),
      vehicles: (arg.vehicles ?? []).map((v) => {
        const n = insideBounds(bounds, v.lon, v.lat) ? snapVehicle(v.id, v.lon, v.lat) : -1;
        return { id: v.id, timeS: n < 0 ? null : finiteOrNull(tree.timeTo(n)) };
      }),
      computeMs: (trimCaches(), performance.now() - started),
    };
  }

  function route(raw: unknown): RouteAnswer {
    const arg = parse(routeArgSchema, raw);
    let fromNode: number;
    let toNode: number;
    if ('fromNode' in arg) {
      for (const n of [arg.fromNode, arg.toNode]) {
        if (n >= graph.nodeCount) throw routingError('invalid_input', `node ${n} is not in the road graph (0..${graph.nodeCount - 1})`);
      }
      fromNode = arg.fromNode;
      toNode = arg.toNode;
    } else {
      fromNode = snapOrThrow('the start', arg.from).node;
      toNode = snapOrThrow('the end', arg.to).node;
    }
    // A destination searched recently already holds the answer in its tree.
    const cached = destSearches.get(toNode);
    const p = cached ? cached.pathFrom(fromNode) : ch ? ch.path(fromNode, toNode) : shortestPath(graph, fromNode, toNode);
    return { fromNode, toNode, path: p ? { coords: p.coords, timeS: p.timeS, lengthM: p.lengthM, nodeCount: p.nodes.length } : null };
  }

  const coverageCache = new Map<string, CoverageAnswer>();
  function coverage(raw: unknown): CoverageAnswer {
    const started = performance.now();
    const arg = parse(coverageArgSchema, raw ?? {});
    const levels = arg.levelsMinutes ?? [...DEFAULT_COVERAGE_LEVELS_MIN];
    const cellM = arg.cellM ?? DEFAULT_COVERAGE_CELL_M;
    // By default from every site that sends supplies out (not from police stations).
    const ids = arg.siteIds ?? supplyIds;
    for (const id of ids) if (!siteNodes.has(id)) throw routingError('unknown_site', `site ${id} is unknown or not on the road network`);
    const key = `${levels.join(',')}|${cellM}|${[...ids].sort().join(',')}`;
    const hit = coverageCache.get(key);
    if (hit) return { ...hit, computeMs: performance.now() - started };
    const { bands, grid } = computeCoverage(
      graph,
      snapper,
      ids.map((id) => siteNodes.get(id)!),
      { bounds, levelsMinutes: levels, cellM },
    );
    const answer: CoverageAnswer = { bands, levelsMinutes: levels, cellM, cols: grid.cols, rows: grid.rows, sourceSiteIds: ids, computeMs: performance.now() - started };
    // Sites are static: the answer only changes with the arguments.
    if (coverageCache.size > 8) coverageCache.clear();
    coverageCache.set(key, answer);
    return answer;
  }

  /** Drive time between two nodes: from a cached reverse search when one is at hand, else A*. */
  const driveBetween = (from: number, to: number, siteId: string | null): { timeS: number; coords: LonLat[] | null } => {
    const tree = siteId ? siteSearch(siteId) : (destSearches.get(to) ?? null);
    if (tree) {
      const t = tree.timeTo(from);
      return { timeS: Number.isFinite(t) ? t : Infinity, coords: null };
    }
    if (ch) return { timeS: ch.time(from, to), coords: null };
    const p = shortestPath(graph, from, to);
    return p ? { timeS: p.timeS, coords: p.coords } : { timeS: Infinity, coords: null };
  };

  /**
   * Runs as an officer sends them (recommended or edited), timed on the roads exactly as the
   * planner times its own (vehicle → pickups → destination, LOADING_TIME_S per stop), so an
   * edited plan promises what the roads allow, not what the plan it came from said.
   */
  function timeRuns(raw: unknown): TimeRunsAnswer {
    const arg = parse(timeRunsArgSchema, raw);
    const dest = snapOrThrow('the destination', arg.destination);
    const tree = destTree(dest.node);
    const withRoutes = arg.withRoutes ?? true;
    const runs = arg.runs.map((r) => {
      const start = snapOrThrow(`vehicle ${r.vehicleId}`, r.from);
      const legs: (PlanLeg & { path: LonLat[] | null })[] = [];
      let from: LegEnd = { kind: 'vehicle', vehicleId: r.vehicleId, node: start.node };
      for (const stop of r.stops) {
        const node = siteNodes.get(stop.siteId);
        if (node === undefined) throw routingError('unknown_site', `site ${stop.siteId} is unknown or not on the road network`);
        const t = siteSearch(stop.siteId);
        if (!t) throw routingError('unknown_site', `site ${stop.siteId} holds no stock (a police station): nothing can be loaded there`);
        const driveS = legTime(t, from.node);
        legs.push({ from, to: { kind: 'site', siteId: stop.siteId, node }, driveS, path: withRoutes ? (legPath(t, from.node)?.coords ?? null) : null });
        from = { kind: 'site', siteId: stop.siteId, node };
      }
      legs.push({ from, to: { kind: 'destination', node: dest.node }, driveS: legTime(tree, from.node), path: withRoutes ? (legPath(tree, from.node)?.coords ?? null) : null });
      const driveS = legs.reduce((s, l) => s + l.driveS, 0);
      const loadingS = r.stops.length * LOADING_TIME_S;
      const units = r.stops.reduce((u, s) => u + s.items.reduce((x, i) => x + loadUnits(i.quantity, options.packSizes?.[i.itemId] ?? 1), 0), 0);
      return {
        vehicleId: r.vehicleId,
        capacity: r.capacity,
        loadUnits: units,
        stops: r.stops.map((s) => ({ siteId: s.siteId, items: s.items, loadUnits: s.items.reduce((x, i) => x + loadUnits(i.quantity, options.packSizes?.[i.itemId] ?? 1), 0) })),
        legs,
        driveS,
        loadingS,
        arrivalS: driveS + loadingS,
      };
    });
    const arrivalS = Math.max(...runs.map((r) => r.arrivalS));
    trimCaches();
    return { destination: dest, runs, arrivalS, deadlineS: arg.deadlineS, marginS: arg.deadlineS - arrivalS, meetsDeadline: arrivalS <= arg.deadlineS };
  }

  /** For each trip on its way: the drive left from where its vehicle is now, via the pickups still to make. */
  function remaining(raw: unknown): RemainingAnswer {
    const started = performance.now();
    const arg = parse(remainingArgSchema, raw);
    const trips = arg.trips.map((t) => {
      const from = insideBounds(bounds, t.from.lon, t.from.lat) ? snapper.nearest(t.from.lon, t.from.lat) : -1;
      const destSnap = insideBounds(bounds, t.destination.lon, t.destination.lat) ? snapper.snap(t.destination.lon, t.destination.lat) : null;
      if (from < 0 || !destSnap?.ok) return { id: t.id, driveS: null, stops: t.siteIds.length };
      let at = from;
      let driveS = 0;
      for (const siteId of t.siteIds) {
        const node = siteNodes.get(siteId);
        if (node === undefined) return { id: t.id, driveS: null, stops: t.siteIds.length };
        driveS += driveBetween(at, node, siteId).timeS;
        at = node;
      }
      driveS += driveBetween(at, destSnap.node, null).timeS;
      return { id: t.id, driveS: Number.isFinite(driveS) ? driveS : null, stops: t.siteIds.length };
    });
    trimCaches();
    return { trips, computeMs: performance.now() - started };
  }

  const handlers: RoutingHandlers = { plan, driveTimes, route, coverage, timeRuns, remaining };
  info.startMs = performance.now() - t0;
  return {
    ...handlers,
    info,
    graph,
    handle(method, arg) {
      if (!Object.hasOwn(handlers, method)) throw routingError('unknown_method', `unknown routing method "${method}"`);
      return handlers[method as keyof RoutingHandlers](arg as never);
    },
  };
}
