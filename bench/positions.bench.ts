/**
 * Position-update benchmark: the renderer's JS cost of applying one 1 Hz update of N vehicle
 * positions (binary frame → typed arrays → deck.gl attributes) against the same update through
 * a maplibre GeoJSON source `setData`, both measured in one Chromium run.
 *
 *   npm run bench:positions [-- --vehicles 10000 --frames 60 --warmup 10 --rounds 60 --no-build]
 *
 * Builds bench/page with vite into .cache/bench-page/, serves it on 127.0.0.1, runs it in
 * Chromium (playwright-core) and prints the figures. A benchmark, not a test: it exits 0
 * whatever the figures are, and non-zero only when it could not run. See bench/README.md.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium';
import { build } from 'vite';

// The page's answer, as bench/page/protocol.ts defines it. Mirrored, not imported: the page is
// in the web TypeScript project and this driver in the node one, and neither may list the other's files.
type BenchOptions = { vehicles: number; frames: number; warmup: number; rounds: number };
type Series = { n: number; median: number; p95: number; mean: number; min: number; max: number };
type BenchResult = {
  options: BenchOptions;
  webgl: string;
  crossOriginIsolated: boolean;
  gcBetweenRuns: boolean;
  ours: Series;
  oursApply: Series;
  oursDeck: Series;
  setDataMain: Series;
  setDataBuild: Series;
  setDataLoaded: Series | null;
  setDataTimeouts: number;
  verify: { allVehiclesChanged: number; attributesUpdated: number; gpuHoldsFrame: number | null; setDataPosted: number };
};

const TARGET_MS = 4;
const TARGET_RATIO = 10;

const repo = resolve(import.meta.dirname, '..');
const pageConfig = join(repo, 'bench/page/vite.config.ts');
const outDir = join(repo, '.cache/bench-page');

function parseArgs(argv: string[]): { options: BenchOptions; skipBuild: boolean } {
  const options: BenchOptions = { vehicles: 10_000, frames: 60, warmup: 10, rounds: 60 };
  let skipBuild = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--no-build') {
      skipBuild = true;
      continue;
    }
    const key = arg.replace(/^--/, '') as keyof BenchOptions;
    const value = Number(argv[i + 1]);
    if (!(key in options) || !Number.isInteger(value) || value < 1) throw new Error(`bad argument ${arg} ${argv[i + 1] ?? ''}`);
    options[key] = value;
    i++;
  }
  return { options, skipBuild };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
};

/** Static files from `dir`, cross-origin isolated so performance.now() has its fine (5 µs) resolution. */
function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(dir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
      'cache-control': 'no-store',
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok(server));
  });
}

const ms = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '—' : v.toFixed(2));
const row = (label: string, s: Series | null, note = '') =>
  `  ${label.padEnd(44)} ${ms(s?.median).padStart(8)} ${ms(s?.p95).padStart(8)} ${ms(s?.min).padStart(8)} ${ms(s?.max).padStart(8)}  ${note}`;

function report(r: BenchResult): void {
  const { options: o, verify: v } = r;
  const ratio = r.setDataMain.median / r.ours.median;
  const wallRatio = r.setDataLoaded ? r.setDataLoaded.median / r.ours.median : NaN;
  const pass = (ok: boolean) => (ok ? 'PASS' : 'MISS');
  const lines = [
    '',
    `Position update: ${o.vehicles.toLocaleString('en')} vehicles, ${o.frames} distinct frames, ${o.warmup} warm-up + ${o.rounds} timed rounds (A/B alternating)`,
    `WebGL: ${r.webgl}${r.crossOriginIsolated ? '' : '  (timer resolution 0.1 ms: page not cross-origin isolated)'}`,
    `GC: ${r.gcBetweenRuns ? 'full collection (untimed) before each timed run' : 'not forced (no gc())'}`,
    '',
    `  ${'ms per update'.padEnd(44)} ${'median'.padStart(8)} ${'p95'.padStart(8)} ${'min'.padStart(8)} ${'max'.padStart(8)}`,
    row('A ours: frame → deck attributes updated', r.ours),
    row('    feed.applyFrame (typed arrays)', r.oursApply),
    row('    board render + deck layer/attribute update', r.oursDeck),
    row('B setData, main-thread JS (until posted)', r.setDataMain),
    row('    decode + build FeatureCollection', r.setDataBuild),
    row('B setData, wall clock until tiles loaded', r.setDataLoaded, r.setDataTimeouts ? `${r.setDataTimeouts} timed out` : ''),
    '',
    `  ratio (B main-thread JS ÷ A, medians): ${ratio.toFixed(1)}×   [wall-clock-until-loaded ÷ A: ${Number.isNaN(wallRatio) ? '—' : wallRatio.toFixed(1) + '×'}]`,
    `  target ≤ ${TARGET_MS} ms per update:   ${pass(r.ours.median <= TARGET_MS)} (median ${ms(r.ours.median)} ms, p95 ${ms(r.ours.p95)} ms)`,
    `  target ≥ ${TARGET_RATIO}× cheaper than setData: ${pass(ratio >= TARGET_RATIO)} (${ratio.toFixed(1)}×, main-thread JS vs main-thread JS)`,
    '',
    `  checks: every vehicle changed ${v.allVehiclesChanged}/${o.rounds} · deck attributes updated ${v.attributesUpdated}/${o.rounds} · ` +
      `GPU buffer holds the frame ${v.gpuHoldsFrame ?? '(no readback)'}/${o.rounds} · setData posted in-task ${v.setDataPosted}/${o.rounds}`,
    '',
  ];
  console.log(lines.join('\n'));
  if (v.allVehiclesChanged !== o.rounds || v.attributesUpdated !== o.rounds || (v.gpuHoldsFrame !== null && v.gpuHoldsFrame !== o.rounds) || v.setDataPosted !== o.rounds) {
    console.log('  WARNING: a check failed; the A or B figures may not measure the whole path.\n');
  }
}

async function main(): Promise<void> {
  const { options, skipBuild } = parseArgs(process.argv.slice(2));
  if (!skipBuild || !existsSync(join(outDir, 'index.html'))) {
    const t = Date.now();
    await build({ configFile: pageConfig, logLevel: 'warn' });
    console.log(`built bench page in ${((Date.now() - t) / 1000).toFixed(1)} s → ${outDir}`);
  }
  const server = await serve(outDir);
  const { port } = server.address() as AddressInfo;
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    // The same Chromium as the e2e tests, plus a GC the bench can force between runs.
    args: [...CHROMIUM_ARGS, '--js-flags=--expose-gc'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
    });
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => 'jbBench' in globalThis);
    const result = await page.evaluate(async (opts) => {
      const bench = (globalThis as unknown as { jbBench: { run(o: BenchOptions): Promise<BenchResult> } }).jbBench;
      return bench.run(opts);
    }, options);
    report(result);
    const shown = [...new Set(problems)].slice(0, 10);
    if (shown.length) console.log(`page said:\n  ${shown.join('\n  ')}\n`);
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((error: unknown) => {
  console.error('bench:positions could not run:', error);
  process.exit(1);
});
