/**
 * A board's first sync of the readiness ledger at the division's scale, through the real
 * link: a central seeded with N assets (default 90,000: shared/assets/demo-data.ts via
 * central/assets-seed.ts, with a year of events cut to each asset's timeline ring, repairs
 * and storage readings), a fresh backend with an encrypted cache pulling the change feed
 * until it holds the central's head. Prints the seed time, the first-sync time, the rows
 * and the rate, which shared/assets/tables.ts's TIMELINE_KEPT decision rests on.
 *
 *   npx tsx bench/asset-sync.bench.ts [--assets 90000]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createCentralServer } from '../central/server';
import { createBackend } from '../electron/backend/backend';

const { values } = parseArgs({ options: { assets: { type: 'string' } } });
const assets = Number(values.assets ?? 90_000);
const dir = mkdtempSync(join(tmpdir(), 'jb-asset-sync-'));
try {
  let t = performance.now();
  const central = await createCentralServer({ dbPath: join(dir, 'central.sqlite'), port: 0, simulate: false, routeSliceMs: Infinity, assets, synchronous: 'NORMAL' });
  const seedMs = performance.now() - t;
  const head = central.head().cursor;
  const backend = createBackend({
    cacheKey: randomBytes(32), dbPath: join(dir, 'cache.sqlite'), centralUrl: central.url, log: () => {}, demo: true,
    baseMapPath: resolve(import.meta.dirname, '../resources/demo-city/build/basemap.mbtiles'),
  });
  t = performance.now();
  backend.start();
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  while (!(backend.stats().cursor >= head && backend.stats().link.state === 'connected')) {
    await new Promise((r) => setTimeout(r, 50));
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  const syncMs = performance.now() - t;
  const summaryT = performance.now();
  const summary = (await backend.call('readiness.summary', {})) as { overall: { ready: number; inService: number; rate: number } };
  const summaryMs = performance.now() - summaryT;
  const findT = performance.now();
  const found = await backend.call('asset.find', { code: 'JB-BC000123' });
  const findMs = performance.now() - findT;
  console.log(JSON.stringify({
    assets, changes: head, seedS: +(seedMs / 1000).toFixed(1), firstSyncS: +(syncMs / 1000).toFixed(1),
    changesPerS: Math.round(head / (syncMs / 1000)), msPer100kChanges: Math.round(syncMs / (head / 100_000)),
    peakRssMiB: Math.round(peak / 2 ** 20), readinessSummaryMs: +summaryMs.toFixed(1), readiness: summary.overall, findMs: +findMs.toFixed(2), found: Boolean(found),
  }));
  await backend.close();
  await central.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
