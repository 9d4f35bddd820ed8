/**
 * Readiness ledger benchmark (issue 13), on the demo ledger (shared/assets/demo-data.ts):
 *
 *   npx tsx bench/assets.bench.ts [--rounds 5] [--naive-rows 2000] [--seed 1]
 *
 *   (a) a stock-take: import a 100,000-row RFID reader export (CSV) for the central depot and
 *       reconcile it against 90,000 assets (parseRfidExport → reconcileStocktake: a hash join),
 *       against a naive row-by-row baseline (split each line, find the asset by a linear search
 *       of the ledger, remember the EPCs heard in an array, then look each expected item up in
 *       that array). The baseline is timed on the first --naive-rows rows and its per-row cost
 *       multiplied out to 100,000 (a lower bound: its arrays only grow). Each side runs in a
 *       child process of its own, so its peak memory (maxRSS) is its own.
 *   (b) readiness over 90,000 assets: the full index build, one incremental change
 *       (index.apply(before, after)), and the 30-day trend replayed over the year of events;
 *       the ratio is a full rebuild per change against one incremental change.
 *
 * A benchmark, not a test: it prints figures and exits 0 whatever they are.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DEMO_NOW, generateDemoLedger } from '../shared/assets/demo-data';
import { parseRfidExport } from '../shared/assets/import-files';
import { applyStep } from '../shared/assets/lifecycle';
import { createReadinessIndex, readinessTrend } from '../shared/assets/readiness';
import type { Asset } from '../shared/assets/schema';
import { reconcileStocktake } from '../shared/assets/stocktake';

type Options = { rounds: number; 'naive-rows': number; seed: number };
const SITE = 'depot-central';
const ROWS = 100_000;

function parseArgs(argv: string[]): Options & { child?: string } {
  const o: Options & { child?: string } = { rounds: 5, 'naive-rows': 2000, seed: 1 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]!.replace(/^--/, '');
    if (key === 'child') {
      o.child = argv[i + 1];
      continue;
    }
    const value = Number(argv[i + 1]);
    if (!(key in o) || !Number.isInteger(value) || value < 1) throw new Error(`bad argument ${argv[i]} ${argv[i + 1] ?? ''}`);
    o[key as keyof Options] = value;
  }
  return o;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/**
 * The reader's export for the central depot: every tagged item stored there heard 1–8 times
 * (readers hear a tag over and over), except 5 never heard; 20 items of other sites and 3
 * tags the ledger does not know heard too; vendor columns around the EPC. Deterministic.
 */
function readerExport(assets: readonly Asset[]): { text: string; expected: number } {
  const here = assets.filter((a) => a.siteId === SITE && a.state === 'stored' && a.epc !== null);
  const heard = here.slice(5).map((a) => a.epc!);
  heard.push(...assets.filter((a) => a.siteId !== SITE && a.state === 'stored' && a.epc !== null).slice(0, 20).map((a) => a.epc!));
  heard.push('E2801170FFFFFFFFFFFF0001', 'E2801170FFFFFFFFFFFF0002', 'E2801170FFFFFFFFFFFF0003');
  const lines = ['EPC,RSSI,Antenna,ReadTime'];
  let x = 12345;
  for (let i = 0; lines.length <= ROWS; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const epc = i < heard.length ? heard[i]! : heard[x % heard.length]!;
    lines.push(`${epc},-${40 + (x % 30)},${1 + (x % 4)},2026-12-01 09:${String(Math.floor(i / 2000) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`);
  }
  return { text: lines.join('\r\n') + '\r\n', expected: here.length };
}

/** Row by row, as a first attempt would: split, linear search, an array of what was heard. */
function naiveStocktake(text: string, assets: readonly Asset[], rowLimit: number) {
  const lines = text.split(/\r?\n/);
  const header = lines[0]!.split(',');
  const col = header.findIndex((h) => h.trim().toUpperCase() === 'EPC');
  const heard: string[] = [];
  const found: Asset[] = [];
  let unknown = 0;
  for (let i = 1; i < lines.length && i <= rowLimit; i++) {
    if (lines[i] === '') continue;
    const epc = lines[i]!.split(',')[col]!.trim().toUpperCase();
    if (heard.includes(epc)) continue;
    heard.push(epc);
    const a = assets.find((x) => x.epc === epc);
    if (a) found.push(a);
    else unknown++;
  }
  const missing = assets.filter((a) => a.siteId === SITE && a.state === 'stored' && a.epc !== null && !heard.includes(a.epc));
  return { heard: heard.length, found: found.length, unknown, missing: missing.length };
}

function child(which: string, o: Options): void {
  const l = generateDemoLedger({ seed: o.seed, events: false });
  const { text, expected } = readerExport(l.assets);
  const before = process.resourceUsage().maxRSS * 1024;
  const heapBefore = process.memoryUsage().heapUsed;
  const times: number[] = [];
  let summary = '';
  let firstPeak = 0;
  if (which === 'ours') {
    for (let r = 0; r < o.rounds; r++) {
      const t0 = performance.now();
      const parsed = parseRfidExport(text);
      if (!parsed.ok) throw new Error(parsed.message);
      const result = reconcileStocktake(SITE, l.assets, parsed.value.epcs);
      times.push(performance.now() - t0);
      if (r === 0) firstPeak = process.resourceUsage().maxRSS * 1024;
      summary = `expected ${result.expected}, reads ${result.reads}, unique ${result.uniqueEpcs}, missing ${result.missing.length}, wrong site ${result.wrongSite.length}, unknown ${result.unknown.length}, error rate ${(result.errorRate * 100).toFixed(3)}%`;
    }
  } else {
    const rows = Math.min(o['naive-rows'], ROWS);
    const t0 = performance.now();
    const r = naiveStocktake(text, l.assets, rows);
    const ms = performance.now() - t0;
    times.push((ms / rows) * ROWS);
    firstPeak = process.resourceUsage().maxRSS * 1024;
    summary = `timed on ${rows} rows (${ms.toFixed(0)} ms; heard ${r.heard}, found ${r.found}), × ${ROWS / rows} for ${ROWS}; expected ${expected}`;
  }
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify({ ms: median(times), best: Math.min(...times), summary, rssSetup: before, rssFirst: firstPeak, rssPeak: peak, heapDelta: process.memoryUsage().heapUsed - heapBefore, csvBytes: text.length }));
}

function runChild(which: string, o: Options) {
  const self = fileURLToPath(import.meta.url);
  const res = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', which, '--rounds', String(o.rounds), '--naive-rows', String(o['naive-rows']), '--seed', String(o.seed)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (res.status !== 0) throw new Error(`the ${which} child failed: ${res.stderr}`);
  return JSON.parse(res.stdout.trim().split('\n').at(-1)!) as { ms: number; best: number; summary: string; rssSetup: number; rssFirst: number; rssPeak: number; heapDelta: number; csvBytes: number };
}

function readiness(o: Options): void {
  let t0 = performance.now();
  const l = generateDemoLedger({ seed: o.seed });
  console.log(`\n(b) readiness — demo ledger: ${l.assets.length} assets, ${l.events.length} events (generated in ${(performance.now() - t0).toFixed(0)} ms)`);
  createReadinessIndex(l.types, l.assets); // warm up
  const builds: number[] = [];
  let index = createReadinessIndex(l.types, l.assets);
  for (let r = 0; r < Math.max(o.rounds, 10); r++) {
    t0 = performance.now();
    index = createReadinessIndex(l.types, l.assets);
    builds.push(performance.now() - t0);
  }
  // 10,000 changes: a stored item sent to repair, applied to the index one at a time.
  const changes: [Asset, Asset][] = [];
  for (const a of l.assets) {
    if (changes.length === 10_000) break;
    if (a.state === 'stored') changes.push([a, applyStep(a, { step: 'send_to_repair', approved: true }, DEMO_NOW)]);
  }
  t0 = performance.now();
  for (const [before, after] of changes) {
    index.apply(before, after);
    index.overall();
  }
  const perChange = (performance.now() - t0) / changes.length;
  const trends: number[] = [];
  for (let r = 0; r < 3; r++) {
    t0 = performance.now();
    readinessTrend(l.types, l.assets, l.events, DEMO_NOW);
    trends.push(performance.now() - t0);
  }
  const build = median(builds);
  console.log(`  full build (90,000 assets)            median ${build.toFixed(1)} ms, best ${Math.min(...builds).toFixed(1)} ms   (goal < 100 ms)`);
  console.log(`  one change (apply + read overall)     ${(perChange * 1000).toFixed(2)} µs   (mean of ${changes.length})`);
  console.log(`  30-day trend over the year of events  median ${median(trends).toFixed(0)} ms`);
  console.log(`  ratio: a full rebuild per change ÷ one incremental change = ${(build / perChange).toFixed(0)}×`);
  console.log(`  overall readiness ${(index.overall().rate! * 100).toFixed(2)}% after the ${changes.length} changes`);
}

function main(): void {
  const o = parseArgs(process.argv.slice(2));
  if (o.child) return child(o.child, o);
  console.log(`assets benchmark — Node ${process.version}, ${process.platform}/${process.arch}`);
  const ours = runChild('ours', o);
  const naive = runChild('naive', o);
  console.log(`\n(a) stock-take: import + reconcile a ${ROWS.toLocaleString('en')}-row reader export (${mb(ours.csvBytes)}) against 90,000 assets at ${SITE}`);
  console.log(`  ours (parse + hash join)   median ${ours.ms.toFixed(0)} ms, best ${ours.best.toFixed(0)} ms of ${o.rounds}; peak RSS ${mb(ours.rssFirst)} after one run, ${mb(ours.rssPeak)} after ${o.rounds} (${mb(ours.rssSetup)} after setup: ledger + CSV text)`);
  console.log(`    ${ours.summary}`);
  console.log(`  naive (row by row)         ${(naive.ms / 1000).toFixed(1)} s extrapolated; peak RSS ${mb(naive.rssPeak)} over its ${Math.min(o['naive-rows'], ROWS)} rows (${mb(naive.rssSetup)} after setup)`);
  console.log(`    ${naive.summary}`);
  console.log(`  ratio naive ÷ ours: ${(naive.ms / ours.ms).toFixed(0)}×`);
  readiness(o);
}

main();
