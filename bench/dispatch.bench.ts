/**
 * Dispatch benchmark on the demo city (central Göteborg, ~48.7k nodes, 120 vehicles, 14 sites):
 *
 *   npx tsx bench/dispatch.bench.ts [--requests 300] [--quality 1000] [--destinations 40] [--seed 1]
 *
 *   (a) time to recommend a plan, p50/p95: snapping, the reverse search from the destination,
 *       the planner and the route geometry; in-process (the worker's own cost) and through the
 *       worker thread (what the backend waits for, messages included). Target p95 ≤ 50 ms.
 *   (b) drive times from all 120 vehicles to one destination: one reverse search versus one
 *       search per vehicle (A* point-to-point, stopping at the target; and full Dijkstra).
 *   (c) plan quality versus straight-line ranking over random requests: the same planner,
 *       once with road drive times and once with the straight-line estimate boards use today
 *       (distance × 1.3 at 40 km/h), the latter's choice then timed on the roads.
 *
 * A benchmark, not a test: it prints figures and exits 0 whatever they are; non-zero only when
 * it could not run (e.g. the demo city is not built: `npx tsx scripts/build-demo-city.ts`).
 */
import { DEMO_PACK_SIZES } from '../shared/dispatch/pack-sizes';
import { planDispatch, retimePlan, type DriveTimes, type PlannerSite, type PlannerVehicle, type RequestedItem } from '../shared/dispatch/planner';
import { haversineM } from '../shared/routing/geo';
import { createRouter, largestStronglyConnected } from '../shared/routing/road-graph';
import type { PlanArg, RoutingVehicle } from '../shared/routing/routing-api';
import { forwardSearch, reverseSearch, reverseSearchTree } from '../shared/routing/search';
import { createRoutingCore } from '../electron/backend/routing/routing-core';
import { createRoutingService } from '../electron/backend/routing/routing-service';
import { DEMO_ROADS_PATH, loadDemoCity } from '../electron/backend/routing/test-city';

type Options = { requests: number; quality: number; destinations: number; seed: number };

function parseArgs(argv: string[]): Options {
  const o: Options = { requests: 300, quality: 1000, destinations: 40, seed: 1 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]!.replace(/^--/, '') as keyof Options;
    const value = Number(argv[i + 1]);
    if (!(key in o) || !Number.isInteger(value) || value < 1) throw new Error(`bad argument ${argv[i]} ${argv[i + 1] ?? ''}`);
    o[key] = value;
  }
  return o;
}

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
};
const median = (xs: number[]) => quantile(xs, 0.5);
const ms = (x: number) => `${x.toFixed(2)} ms`;

/** Deterministic random numbers (LCG), so runs are comparable. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const r = rng(o.seed);
  const city = loadDemoCity();
  const core = createRoutingCore({ roads: city.roads, sites: city.sites, itemIds: city.itemIds, packSizes: DEMO_PACK_SIZES });
  const g = core.graph;
  const inMain = largestStronglyConnected(g);
  const mainNodes: number[] = [];
  for (let i = 0; i < g.nodeCount; i++) if (inMain[i]) mainNodes.push(i);
  const available = city.fleet.filter((v) => v.status === 'available').length;
  console.log(`dispatch benchmark — demo city: ${g.nodeCount} nodes, ${g.edgeCount} directed segments, ${city.sites.length} sites, ${city.fleet.length} vehicles (${available} available); graph + site searches built in ${core.info.startMs.toFixed(0)} ms`);

  const at = (n: number) => ({ lon: g.nodeLon[n]!, lat: g.nodeLat[n]! });
  const randomFleet = (): RoutingVehicle[] => city.fleet.map((v) => ({ ...v, ...at(r.pick(mainNodes)) }));
  /** 1–3 item lines, each a tenth of the central depot's stock at most: a typical emergency load. */
  const randomItems = (): RequestedItem[] => {
    const lines = 1 + r.int(3);
    const out: RequestedItem[] = [];
    for (let k = 0; k < lines; k++) {
      const itemId = r.pick(city.itemIds);
      if (out.some((x) => x.itemId === itemId)) continue;
      const central = city.stock.find((s) => s.siteId === 'depot-central' && s.itemId === itemId)?.quantity ?? 10;
      out.push({ itemId, quantity: 1 + r.int(Math.max(1, Math.floor(central / 10))) });
    }
    return out;
  };
  const randomRequest = (): PlanArg => ({ destination: at(r.pick(mainNodes)), items: randomItems(), priority: r.pick(['green', 'yellow', 'orange', 'red'] as const), stock: city.stock, vehicles: randomFleet() });

  // --- (a) time to recommend ------------------------------------------------------------
  const requests = Array.from({ length: o.requests }, randomRequest);
  for (const q of requests.slice(0, 20)) core.plan(q); // warm-up (JIT)
  const inProcess: number[] = [];
  const outcome = new Map<string, number>();
  for (const q of requests) {
    const t0 = performance.now();
    const a = core.plan({ ...q, destination: { ...q.destination } });
    inProcess.push(performance.now() - t0);
    const key = a.result.ok ? (a.result.plans[0]!.meetsDeadline ? 'plan, on time' : 'plan, late') : a.result.reason;
    outcome.set(key, (outcome.get(key) ?? 0) + 1);
  }
  const searchOnly: number[] = [];
  for (const q of requests.slice(0, 100)) {
    const n = core.plan({ ...q, withRoutes: false }).destination?.node ?? mainNodes[0]!;
    const t0 = performance.now();
    reverseSearchTree(g, n);
    searchOnly.push(performance.now() - t0);
  }

  const service = createRoutingService({ roadsPath: DEMO_ROADS_PATH, sites: city.sites, itemIds: city.itemIds, packSizes: DEMO_PACK_SIZES });
  const viaWorker: number[] = [];
  try {
    await service.ready();
    for (const q of requests.slice(0, 20)) await service.plan(q);
    // New destinations, so the worker's destination cache does not flatter it.
    for (const q of Array.from({ length: o.requests }, randomRequest)) {
      const t0 = performance.now();
      await service.plan(q);
      viaWorker.push(performance.now() - t0);
    }
  } finally {
    await service.close();
  }

  console.log(`\n(a) time to recommend a plan (${o.requests} random requests, random vehicle positions)`);
  console.log(`    in the worker (snap + reverse search + plan + routes): p50 ${ms(median(inProcess))}, p95 ${ms(quantile(inProcess, 0.95))}, max ${ms(Math.max(...inProcess))}`);
  console.log(`      of which the reverse search alone: p50 ${ms(median(searchOnly))}, p95 ${ms(quantile(searchOnly, 0.95))}`);
  console.log(`    through the worker thread (round trip): p50 ${ms(median(viaWorker))}, p95 ${ms(quantile(viaWorker, 0.95))}`);
  console.log(`    outcomes: ${[...outcome].map(([k, v]) => `${k} ${v}`).join(', ')}`);

  // --- (b) one reverse search vs one search per vehicle --------------------------------------
  const router = createRouter(g);
  const oneReverse: number[] = [];
  const perVehicleAStar: number[] = [];
  const perVehicleDijkstra: number[] = [];
  let maxDiffS = 0;
  for (let d = 0; d < o.destinations; d++) {
    const dest = r.pick(mainNodes);
    const starts = Array.from({ length: 120 }, () => r.pick(mainNodes));
    let t0 = performance.now();
    const rev = reverseSearch(g, dest);
    const viaReverse = starts.map((s) => rev[s]!);
    oneReverse.push(performance.now() - t0);

    t0 = performance.now();
    const viaAStar = starts.map((s) => {
      const p = router.shortestPath(s, dest);
      let t = 0;
      if (p) for (const e of p) t += g.edgeTimeS[e]!;
      return p ? t : Infinity;
    });
    perVehicleAStar.push(performance.now() - t0);

    if (d < 10) {
      t0 = performance.now();
      for (const s of starts) forwardSearch(g, [s]);
      perVehicleDijkstra.push(performance.now() - t0);
    }
    viaReverse.forEach((t, k) => (maxDiffS = Math.max(maxDiffS, Math.abs(t - viaAStar[k]!))));
  }
  const ratioAStar = median(perVehicleAStar) / median(oneReverse);
  const ratioDijkstra = median(perVehicleDijkstra) / median(oneReverse);
  console.log(`\n(b) drive times from 120 vehicles to one destination (${o.destinations} destinations)`);
  console.log(`    one reverse search:            median ${ms(median(oneReverse))}`);
  console.log(`    120 point-to-point A* searches: median ${ms(median(perVehicleAStar))}  → ratio ${ratioAStar.toFixed(1)}×`);
  console.log(`    120 full forward Dijkstras:     median ${ms(median(perVehicleDijkstra))}  → ratio ${ratioDijkstra.toFixed(1)}×  (${perVehicleDijkstra.length} destinations)`);
  console.log(`    largest disagreement between the two ways: ${maxDiffS.toExponential(1)} s`);

  // --- (c) plan quality vs straight-line ranking ------------------------------------------------
  const sites: PlannerSite[] = city.sites.map((s) => ({ id: s.id, kind: s.kind, node: core.info.sites.find((x) => x.siteId === s.id)!.node! }));
  const siteTrees = new Map(sites.map((s) => [s.id, reverseSearch(g, s.node)]));
  const siteNode = new Map(sites.map((s) => [s.id, s.node]));
  // Resgrid-style estimate: straight-line distance × 1.3 at 40 km/h.
  const straight = (a: number, b: number) => (haversineM(g.nodeLon[a]!, g.nodeLat[a]!, g.nodeLon[b]!, g.nodeLat[b]!) * 1.3) / (40 / 3.6);
  let compared = 0;
  let slower = 0;
  let faster = 0;
  let lostS = 0;
  let lateBecause = 0;
  const losses: number[] = [];
  let qualityMs = 0;
  for (let k = 0; k < o.quality; k++) {
    const dest = r.pick(mainNodes);
    const vehicles: PlannerVehicle[] = city.fleet.map((v) => ({ id: v.id, status: v.status, capacity: v.capacity, node: r.pick(mainNodes) }));
    const items = randomItems();
    const t0 = performance.now();
    const destTimes = reverseSearch(g, dest);
    const road: DriveTimes = { timeToDestination: (n) => destTimes[n]!, timeToSite: (id, n) => siteTrees.get(id)![n]! };
    const line: DriveTimes = { timeToDestination: (n) => straight(n, dest), timeToSite: (id, n) => straight(n, siteNode.get(id)!) };
    const base = { request: { destinationNode: dest, items, priority: 'red' as const }, sites, stock: city.stock, vehicles, packSizes: DEMO_PACK_SIZES, maxPlans: 1 };
    const byRoad = planDispatch({ ...base, times: road });
    const byLine = planDispatch({ ...base, times: line });
    qualityMs += performance.now() - t0;
    if (!byRoad.ok || !byLine.ok) continue;
    compared++;
    const roadPlan = byRoad.plans[0]!;
    const linePlanOnRoads = retimePlan(byLine.plans[0]!, road);
    const loss = linePlanOnRoads.arrivalS - roadPlan.arrivalS;
    if (loss > 0.5) {
      slower++;
      lostS += loss;
      losses.push(loss);
      if (roadPlan.meetsDeadline && !linePlanOnRoads.meetsDeadline) lateBecause++;
    } else if (loss < -0.5) {
      faster++;
    }
  }
  const share = compared ? slower / compared : 0;
  console.log(`\n(c) plan quality vs straight-line ranking (${compared} of ${o.quality} random requests plannable both ways; ${(qualityMs / o.quality).toFixed(1)} ms per request for both plans)`);
  console.log(`    straight-line ranking sends a slower vehicle/site: ${slower} requests (${(share * 100).toFixed(1)}%)`);
  console.log(`    minutes it would cost: total ${(lostS / 60).toFixed(0)} min; per affected request mean ${(slower ? lostS / slower / 60 : 0).toFixed(2)} min, p90 ${(losses.length ? quantile(losses, 0.9) / 60 : 0).toFixed(2)} min; per request overall ${(compared ? lostS / compared / 60 : 0).toFixed(2)} min`);
  console.log(`    arrivals that would miss 30 min only because of straight-line ranking: ${lateBecause}`);
  console.log(`    straight-line choice happened to be faster (greedy planner, not optimal): ${faster}`);

  // --- summary ---------------------------------------------------------------------------------
  const rows: [string, string, string, string][] = [
    ['plan p95, in the worker', ms(quantile(inProcess, 0.95)), '≤ 50 ms', quantile(inProcess, 0.95) <= 50 ? 'PASS' : 'MISS'],
    ['plan p95, through the worker thread', ms(quantile(viaWorker, 0.95)), '≤ 50 ms', quantile(viaWorker, 0.95) <= 50 ? 'PASS' : 'MISS'],
    ['120 vehicles: per-vehicle A* / one reverse', `${ratioAStar.toFixed(1)}×`, '> 1×', ratioAStar > 1 ? 'PASS' : 'MISS'],
    ['120 vehicles: per-vehicle Dijkstra / one reverse', `${ratioDijkstra.toFixed(1)}×`, '> 1×', ratioDijkstra > 1 ? 'PASS' : 'MISS'],
    ['straight-line sends a slower vehicle', `${(share * 100).toFixed(1)}%`, '(reported)', '—'],
    ['minutes lost to straight-line, total', `${(lostS / 60).toFixed(0)} min`, '(reported)', '—'],
  ];
  const w0 = Math.max(...rows.map((x) => x[0].length));
  const w1 = Math.max(...rows.map((x) => x[1].length));
  console.log('\nsummary');
  for (const [a, b, c, d] of rows) console.log(`  ${a.padEnd(w0)}  ${b.padStart(w1)}  ${c.padEnd(10)}  ${d}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
