/**
 * City import benchmark: Monaco (../shared/data/monaco.osm.pbf) and synthetic extracts 10×
 * and 50× its size (bench/synthetic-osm.ts: copies of it on a grid, joined by roads), each
 * imported whole — roads, graph, base map, names, sites and fleet — in a process of its own:
 *
 *   npx tsx bench/city.bench.ts [--sizes 1,10,50] [--sites 140] [--vehicles 1200] [--plans 100] [--seed 1] [--heap 1536] [--keep DIR]
 *                               [--moved 10] [--plans-only]
 *
 *   --moved: the percentage of the fleet at a new place from one request to the next (100: every vehicle
 *   somewhere new each time, as in the figures of 2026-12-03). --plans-only (with --keep DIR): skip (a) and
 *   plan on the largest size's city an earlier run kept in DIR.
 *
 *   (a) import time and peak memory (the child's maxRSS, its JS heap capped as `npm run city`
 *       caps it: --heap, 0 for V8's default) by size, per MB of extract, and the
 *       straight line through the two largest that predicts a 100 MB extract (a Chinese
 *       prefecture-level city). Goal: < 3 min and < 2 GB on this 2-core machine.
 *   (b) on the largest: the routing core's start and the plan recommendation's p50/p95 with
 *       1,200 vehicles and 140 sites (goal p95 ≤ 50 ms), bounded (the default: the destination's side from a
 *       contraction hierarchy, the sites' side from lazy searches)
 *       and, as the baseline on the same requests, whole (a whole search per site at start and
 *       per destination, as before); with how many of the answers are identical.
 *
 * The ratio printed is against Monaco measured in the same run. A benchmark, not a test: it
 * prints figures and exits 0 whatever they are; non-zero only when it could not run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { resolveCityDir } from '../city/city-store';
import { DEMO_PACK_SIZES } from '../shared/dispatch/pack-sizes';
import type { RequestedItem } from '../shared/dispatch/planner';
import { largestStronglyConnected } from '../shared/routing/road-graph';
import type { PlanArg, RoutingVehicle } from '../shared/routing/routing-api';
import { reverseSearchTree } from '../shared/routing/search';
import { createRoutingCore } from '../electron/backend/routing/routing-core';
import type { Site, Stock, Vehicle } from '../shared/domain';
import { copyOffset, mainRoads, readExtract, writeSynthetic } from './synthetic-osm';

const MONACO = resolve(import.meta.dirname, '../../shared/data/monaco.osm.pbf');
const CHILD = resolve(import.meta.dirname, 'city-import-child.ts');
/** What package.json's `city` script gives the import's JS heap (node --max-old-space-size). */
const CITY_IMPORT_HEAP_MB = Number(/--max-old-space-size=(\d+)/.exec(JSON.parse(readFileSync(resolve(import.meta.dirname, '../package.json'), 'utf8')).scripts.city)?.[1] ?? 0);

type Options = { sizes: number[]; sites: number; vehicles: number; plans: number; seed: number; heap: number; keep: string | null; moved: number; plansOnly: boolean };

function parseArgs(argv: string[]): Options {
  const o: Options = { sizes: [1, 10, 50], sites: 140, vehicles: 1200, plans: 100, seed: 1, heap: CITY_IMPORT_HEAP_MB, keep: null, moved: 10, plansOnly: false };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]!.replace(/^--/, '');
    const raw = argv[i + 1] ?? '';
    if (key === 'plans-only') {
      o.plansOnly = true;
      i--;
      continue;
    }
    if (key === 'moved') {
      o.moved = Number(raw);
      if (!Number.isInteger(o.moved) || o.moved < 0 || o.moved > 100) throw new Error(`bad --moved ${raw} (a percentage)`);
      continue;
    }
    if (key === 'keep') {
      o.keep = resolve(raw);
      continue;
    }
    if (key === 'sizes') {
      o.sizes = raw.split(',').map(Number);
      if (o.sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`bad --sizes ${raw}`);
      continue;
    }
    const value = Number(raw);
    if (!(key in o) || !Number.isInteger(value) || value < 1) throw new Error(`bad argument ${argv[i]} ${raw}`);
    (o as unknown as Record<string, number>)[key] = value;
  }
  if (o.plansOnly && !o.keep) throw new Error('--plans-only plans on the city a run with --keep DIR built: give that DIR');
  return o;
}

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
};
const rng = (seed: number) => {
  let s = seed >>> 0 || 1;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
};
const mb = (bytes: number) => bytes / 1024 / 1024;

type ImportRow = { copies: number; fileMB: number; ms: number; maxRssMB: number; stages: Record<string, number>; graphNodes: number; roads: number; buildings: number; tiles: number };

function main(): void {
  const o = parseArgs(process.argv.slice(2));
  if (!existsSync(MONACO)) {
    console.error(`${MONACO} is absent (../shared/data): the city benchmark needs it`);
    process.exit(1);
  }
  const r = rng(o.seed);
  const tmp = o.keep ?? mkdtempSync(join(tmpdir(), 'jb-city-bench-'));
  mkdirSync(tmp, { recursive: true });
  try {
    const src = readExtract(MONACO);
    const { joins, vertices } = mainRoads(src, MONACO);
    console.log(`city import benchmark — source ${MONACO} (${mb(statSync(MONACO).size).toFixed(2)} MB: ${src.nodes.length.toLocaleString()} nodes, ${src.ways.length.toLocaleString()} ways); ${o.sites} sites and ${o.vehicles} vehicles per city`);

    // --- (a) import by size --------------------------------------------------------------------
    const rows: ImportRow[] = [];
    for (const copies of o.plansOnly ? [] : o.sizes) {
      let file = MONACO;
      if (copies > 1) {
        file = join(tmp, `synthetic-${copies}.osm.pbf`);
        const t0 = performance.now();
        writeSynthetic(src, copies, joins, file);
        console.log(`  wrote ${copies}× (${mb(statSync(file).size).toFixed(1)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      }
      // Sites on the main roads of randomly chosen copies: one central depot, a seventh regional, the rest quick-pick points.
      const lines = ['id,kind,name,nameEn,address,lon,lat'];
      for (let i = 0; i < o.sites; i++) {
        const [lon, lat] = r.pick(vertices);
        const { dlon, dlat } = copyOffset(src, copies, r.int(copies));
        const kind = i === 0 ? 'central' : i <= Math.floor(o.sites / 7) ? 'regional' : 'quickpick';
        lines.push(`s${i},${kind},站点${i},Site ${i},Bench road ${i},${(lon + dlon).toFixed(7)},${(lat + dlat).toFixed(7)}`);
      }
      const sitesCsv = join(tmp, `sites-${copies}.csv`);
      writeFileSync(sitesCsv, lines.join('\n'));
      const heapFlag = o.heap > 0 ? [`--max-old-space-size=${o.heap}`] : [];
      const out = execFileSync(process.execPath, [...heapFlag, '--import', 'tsx', CHILD, file, join(tmp, 'cities'), `city${copies}`, sitesCsv, String(o.vehicles)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      const res = JSON.parse(out.trim().split('\n').at(-1)!) as { ms: number; maxRssMB: number; stages: Record<string, number>; summary: { graphNodes: number; roads: number; buildings: number; tiles: number } };
      const { graphNodes, roads: roadCount, buildings, tiles } = res.summary;
      rows.push({ copies, fileMB: mb(statSync(file).size), ms: res.ms, maxRssMB: res.maxRssMB, stages: res.stages, graphNodes, roads: roadCount, buildings, tiles });
      const row = rows.at(-1)!;
      console.log(
        `  ${copies}×: ${row.fileMB.toFixed(1)} MB, ${row.graphNodes.toLocaleString()} graph nodes, ${row.roads.toLocaleString()} roads, ${row.buildings.toLocaleString()} buildings, ${row.tiles.toLocaleString()} tiles — ` +
          `${(row.ms / 1000).toFixed(1)} s, peak ${row.maxRssMB.toFixed(0)} MB (${Object.entries(row.stages).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(', ')})`,
      );
    }
    const base = rows[0]!;
    if (rows.length > 0) console.log(`\n(a) import by size (one process each, JS heap ${o.heap > 0 ? `capped at ${o.heap} MB` : "V8's default"}; peak = its maxRSS)`);
    if (rows.length > 0) console.log('    size    extract    graph nodes    time       peak      s/MB    MB peak/MB   time ÷ Monaco   size ÷ Monaco');
    for (const row of rows) {
      console.log(
        `    ${`${row.copies}×`.padEnd(6)} ${`${row.fileMB.toFixed(1)} MB`.padStart(9)} ${row.graphNodes.toLocaleString().padStart(13)} ${`${(row.ms / 1000).toFixed(1)} s`.padStart(9)} ${`${row.maxRssMB.toFixed(0)} MB`.padStart(9)} ${(row.ms / 1000 / row.fileMB).toFixed(2).padStart(8)} ${(row.maxRssMB / row.fileMB).toFixed(1).padStart(12)} ${(row.ms / base.ms).toFixed(1).padStart(15)} ${(row.fileMB / base.fileMB).toFixed(1).padStart(15)}`,
      );
    }
    if (rows.length >= 2) {
      const [a, b] = rows.slice(-2) as [ImportRow, ImportRow];
      const at100 = (ya: number, yb: number) => ya + ((yb - ya) / (b.fileMB - a.fileMB)) * (100 - a.fileMB);
      console.log(`    a 100 MB extract, on the line through the two largest: ${(at100(a.ms, b.ms) / 1000).toFixed(0)} s (goal < 180 s), peak ${at100(a.maxRssMB, b.maxRssMB).toFixed(0)} MB (goal < 2048 MB)`);
    }

    // --- (b) plans on the largest ----------------------------------------------------------
    // --plans-only: the city an earlier run kept (--keep DIR), not imported again.
    const largest = { copies: Math.max(...o.sizes) };
    const cityDir = resolveCityDir(`city${largest.copies}`, join(tmp, 'cities'));
    const cityRoads = JSON.parse(readFileSync(join(cityDir, 'roads.json'), 'utf8'));
    const city = JSON.parse(readFileSync(join(cityDir, 'city.json'), 'utf8')) as { sites: Site[]; stock: Stock[]; vehicles: Vehicle[]; items: { id: string }[] };
    const coreOptions = { roads: cityRoads, sites: city.sites, itemIds: city.items.map((i) => i.id), packSizes: DEMO_PACK_SIZES };
    const rss0 = process.memoryUsage().rss;
    const core = createRoutingCore(coreOptions);
    const rss1 = process.memoryUsage().rss;
    const cg = core.graph;
    const inMain = largestStronglyConnected(cg);
    const mainNodes: number[] = [];
    for (let i = 0; i < cg.nodeCount; i++) if (inMain[i]) mainNodes.push(i);
    const at = (n: number) => ({ lon: cg.nodeLon[n]!, lat: cg.nodeLat[n]! });
    // The fleet keeps its places from one request to the next but for --moved percent of it
    // (default a tenth: the vehicles on the move since the last plan), each to a random place.
    let places = city.vehicles.map(() => at(r.pick(mainNodes)));
    const fleet = (): RoutingVehicle[] => {
      places = places.map((p) => (r.next() * 100 < o.moved ? at(r.pick(mainNodes)) : p));
      return city.vehicles.map((v, k) => ({ id: v.id, status: 'available', capacity: v.capacity, ...places[k]! }));
    };
    const itemIds = city.items.map((i) => i.id);
    const items = (): RequestedItem[] => {
      const out: RequestedItem[] = [];
      for (let k = 1 + r.int(3); k > 0; k--) {
        const itemId = r.pick(itemIds);
        if (!out.some((x) => x.itemId === itemId)) out.push({ itemId, quantity: 1 + r.int(40) });
      }
      return out;
    };
    const request = (): PlanArg => ({ destination: at(r.pick(mainNodes)), items: items(), priority: r.pick(['green', 'yellow', 'orange', 'red'] as const), stock: city.stock, vehicles: fleet() });
    const warmUp = Array.from({ length: 5 }, request);
    const requests = Array.from({ length: o.plans }, request);
    const run = (c: typeof core) => {
      for (const q of warmUp) c.plan(q); // JIT
      const ms: number[] = [];
      const answers: string[] = [];
      for (const q of requests) {
        const t0 = performance.now();
        const a = c.plan(q);
        ms.push(performance.now() - t0);
        answers.push(JSON.stringify({ ...a, computeMs: 0 }));
      }
      return { ms, answers };
    };
    const bounded = run(core);
    const planMs = bounded.ms;
    const outcome = new Map<string, number>();
    for (const text of bounded.answers) {
      const a = JSON.parse(text) as ReturnType<typeof core.plan>;
      const key = a.result.ok ? (a.result.plans[0]!.meetsDeadline ? 'on time' : 'late') : a.result.reason;
      outcome.set(key, (outcome.get(key) ?? 0) + 1);
    }
    // The baseline, on the same requests: whole searches (per site at start, per destination).
    const rss2 = process.memoryUsage().rss;
    const wholeCore = createRoutingCore({ ...coreOptions, searches: 'whole' });
    const rss3 = process.memoryUsage().rss;
    const whole = run(wholeCore);
    const same = bounded.answers.filter((a, i) => a === whole.answers[i]).length;
    const searchMs: number[] = [];
    for (let i = 0; i < Math.min(30, o.plans); i++) {
      const t0 = performance.now();
      reverseSearchTree(cg, r.pick(mainNodes));
      searchMs.push(performance.now() - t0);
    }
    console.log(`\n(b) plans on the ${largest.copies}× city: ${cg.nodeCount.toLocaleString()} nodes, ${cg.edgeCount.toLocaleString()} segments, ${city.sites.length} sites, ${city.vehicles.length} vehicles (all available, at random places)`);
    console.log(`    bounded (hierarchy + lazy site searches): routing core start (graph, hierarchy, snapping, site-to-site times) ${(core.info.startMs / 1000).toFixed(1)} s, +${mb(rss1 - rss0).toFixed(0)} MB resident (${mb(rss2 - rss0).toFixed(0)} MB after the plans)`);
    console.log(`      plan (snap + searches + plan + routes), ${o.plans} random requests: p50 ${quantile(planMs, 0.5).toFixed(1)} ms, p95 ${quantile(planMs, 0.95).toFixed(1)} ms (goal ≤ 50 ms), max ${Math.max(...planMs).toFixed(1)} ms`);
    console.log(`    baseline, whole searches: routing core start (graph, snapping, one whole search per site) ${(wholeCore.info.startMs / 1000).toFixed(1)} s, +${mb(rss3 - rss2).toFixed(0)} MB resident`);
    console.log(`      plan, the same requests: p50 ${quantile(whole.ms, 0.5).toFixed(1)} ms, p95 ${quantile(whole.ms, 0.95).toFixed(1)} ms, max ${Math.max(...whole.ms).toFixed(1)} ms`);
    console.log(`    answers identical (plans, ETAs, vehicles, sites, routes): ${same} of ${o.plans}`);
    console.log(`    of which one reverse search over the whole graph: p50 ${quantile(searchMs, 0.5).toFixed(1)} ms, p95 ${quantile(searchMs, 0.95).toFixed(1)} ms`);
    console.log(`    outcomes: ${[...outcome].map(([k, v]) => `${k} ${v}`).join(', ')}`);
    // The tail by outcome: a request nothing can serve in time needs its fastest plan proved over a wider search.
    for (const which of ['on time', 'late'] as const) {
      const idx = bounded.answers.flatMap((text, i) => {
        const a = JSON.parse(text) as ReturnType<typeof core.plan>;
        return a.result.ok && (a.result.plans[0]!.meetsDeadline ? 'on time' : 'late') === which ? [i] : [];
      });
      if (idx.length === 0) continue;
      const mine = idx.map((i) => planMs[i]!);
      const base = idx.map((i) => whole.ms[i]!);
      console.log(`      ${which}: ${idx.length} plans, p50 ${quantile(mine, 0.5).toFixed(1)} ms, p95 ${quantile(mine, 0.95).toFixed(1)} ms; baseline p95 ${quantile(base, 0.95).toFixed(1)} ms (ratio ${(quantile(mine, 0.95) / quantile(base, 0.95)).toFixed(2)})`);
    }
  } finally {
    if (o.keep) console.log(`\nkept the extracts, sites and cities in ${o.keep}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
}

main();
