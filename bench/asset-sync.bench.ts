/**
 * A board's first sync of the readiness ledger at the division's scale, through the real
 * link: a central seeded with N assets (default 90,000: shared/assets/demo-data.ts via
 * central/assets-seed.ts, with a year of events cut to each asset's timeline ring, repairs
 * and storage readings), a fresh backend with an encrypted cache pulling the change feed
 * until it holds the central's head. Prints the seed time, the first-sync time, the rows
 * and the rate, which shared/assets/tables.ts's TIMELINE_KEPT decision rests on.
 *
 * Then the same for a district bureau's console (a workstation of unit-centrum, multi-level
 * command): it is sent its county's ledger only, so it holds fewer rows and syncs sooner, while
 * the central passes over the rest of the feed for it. Printed beside the city's (the baseline,
 * measured in the same run) with their ratio.
 *
 *   npx tsx bench/asset-sync.bench.ts [--assets 90000] [--unit unit-centrum]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createCentralServer } from '../central/server';
import { createBackend } from '../electron/backend/backend';
import { openCacheFile } from '../electron/backend/store/cache-file';
import { DEMO_WORKSTATION } from '../shared/auth/workstation';

const { values } = parseArgs({ options: { assets: { type: 'string' }, unit: { type: 'string' } } });
const assets = Number(values.assets ?? 90_000);
const unit = values.unit ?? 'unit-centrum';
const COUNTY_WS = { id: 'bench-county', secret: 'bench-county-secret-not-for-production', name: 'bench county console', unitId: unit };
const LEDGER = ['asset', 'asset_event', 'repair', 'climate_reading', 'battery_day'] as const;
const dir = mkdtempSync(join(tmpdir(), 'jb-asset-sync-'));
try {
  let t = performance.now();
  const central = await createCentralServer({ dbPath: join(dir, 'central.sqlite'), port: 0, simulate: false, routeSliceMs: Infinity, assets, synchronous: 'NORMAL', workstations: [DEMO_WORKSTATION, COUNTY_WS] });
  const seedMs = performance.now() - t;
  const head = central.head().cursor;
  const cityKey = randomBytes(32);
  const backend = createBackend({
    cacheKey: cityKey, dbPath: join(dir, 'cache.sqlite'), centralUrl: central.url, log: () => {}, demo: true,
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
  // A county's console: a workstation of the unit, nobody signed in (its wall, or before sign-in).
  const countyKey = randomBytes(32);
  const county = createBackend({
    cacheKey: countyKey, dbPath: join(dir, 'county.sqlite'), centralUrl: central.url, log: () => {}, workstation: COUNTY_WS,
    baseMapPath: resolve(import.meta.dirname, '../resources/demo-city/build/basemap.mbtiles'),
  });
  t = performance.now();
  county.start();
  while (!(county.stats().cursor >= head && county.stats().link.state === 'connected')) await new Promise((r) => setTimeout(r, 50));
  const countyMs = performance.now() - t;
  await county.close();
  const rows = (path: string, key: Buffer) => {
    const db = openCacheFile(path, key, { readonly: true });
    try {
      return Object.fromEntries(LEDGER.map((tb) => [tb, (db.prepare(`SELECT COUNT(*) AS n FROM ${tb}`).get() as { n: number }).n]));
    } finally {
      db.close();
    }
  };
  const countyRows = rows(join(dir, 'county.sqlite'), countyKey);
  const cityLedger = rows(join(dir, 'cache.sqlite'), cityKey);
  console.log(JSON.stringify({ unit, countyFirstSyncS: +(countyMs / 1000).toFixed(1), cityFirstSyncS: +(syncMs / 1000).toFixed(1), ratio: +(countyMs / syncMs).toFixed(2), countyLedger: countyRows, cityLedger }));
  await central.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
