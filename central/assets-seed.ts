import { generateDemoLedger, type DemoLedger } from '../shared/assets/demo-data';
import type { AssetEvent } from '../shared/assets/schema';
import { TIMELINE_KEPT } from '../shared/assets/tables';
import type { Site } from '../shared/domain';
import { isSupplySite } from '../shared/sites/schema';

/** Assets the central seeds unless told (tests, the e2e stack): 20 per site of the demo city. */
export const DEFAULT_SEED_ASSETS = 280;
/** The embedded demo (`npm start`): the division's real scale. */
export const DEMO_SEED_ASSETS = 90_000;

/**
 * The readiness ledger the central seeds for its sites: shared/assets/demo-data.ts's
 * reproducible generator (seeded PRNG) over this city's supply sites, `count` assets, its
 * "today" the central's start (so the year of events ends now). Each asset's timeline is cut
 * to its last TIMELINE_KEPT steps and given the ring's ids (`<assetId>:<slot>`, oldest in
 * slot 0), the shape every later step continues (shared/assets/tables.ts).
 */
export function seedLedger(sites: readonly Site[], count: number, now: number, seed = 1): DemoLedger {
  const siteIds = sites.filter(isSupplySite).map((s) => s.id);
  const ledger = generateDemoLedger({ count, now, seed, siteIds: siteIds.length ? siteIds : sites.map((s) => s.id) });
  const byAsset = new Map<string, AssetEvent[]>();
  for (const e of ledger.events) {
    let list = byAsset.get(e.assetId);
    if (!list) byAsset.set(e.assetId, (list = []));
    list.push(e);
  }
  const events: AssetEvent[] = [];
  for (const [assetId, list] of byAsset) {
    list.sort((a, b) => a.at - b.at);
    list.slice(-TIMELINE_KEPT).forEach((e, i) => events.push({ ...e, id: `${assetId}:${i}` }));
  }
  // Storage readings: a year of daily readings at the demo's scale; a small ledger (tests,
  // the e2e stack) keeps the last 60 days, so its first sync stays small.
  const from = count >= 10_000 ? -Infinity : now - 60 * 86_400_000;
  return { ...ledger, events, climate: ledger.climate.filter((c) => c.at >= from) };
}
