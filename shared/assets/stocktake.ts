import { inService, refuseStep } from './lifecycle';
import { RFID_COVERAGE_TARGET, STOCKTAKE_ERROR_TARGET, type Asset, type LifecycleStep } from './schema';

/**
 * A site's stock-take (盘点) by handheld RFID reader: what the ledger says is stored there,
 * against the EPCs the reader heard.
 *
 *   matched     stored here and heard;
 *   missing     stored here, tagged, not heard → propose `report_missing`;
 *   wrong site  heard here, stored at another site → propose `transfer` here;
 *   found       heard here, recorded missing → propose `found` here;
 *   out         heard here, recorded allocated (out with an officer) → propose `return` here;
 *   other       heard here in a state no step fixes by itself (in repair, scrapped, not yet
 *               accepted): listed for a person to look at, no proposal;
 *   unknown     heard, in no record of the ledger (a tag never registered, or a foreign one).
 * Readers hear a tag many times: duplicate reads collapse to one (and are counted).
 * Untagged items stored here cannot be heard: they are counted apart (a hand count), never
 * reported missing.
 *
 * The corrections are pure data, each checked with lifecycle.ts's refuseStep: the caller shows
 * them and issues the commands an officer confirms.
 *
 * Accuracy: error rate = discrepancies (missing + wrong site + found + out + other + unknown)
 * / expected (tagged items stored here), against 0.03%.
 *
 * Cost: one pass over the ledger (the site's expected set, and an EPC → asset map that
 * `createEpcIndex` builds once and a caller may keep), one pass over the scan: a hash join,
 * O(ledger + scan).
 */

/** What the reconciliation reads of an asset (a caller may read only these columns, not whole records). */
export type StocktakeAsset = Pick<Asset, 'id' | 'epc' | 'state' | 'siteId'>;
export type EpcIndex = ReadonlyMap<string, StocktakeAsset>;

/** EPC → asset. Two assets with one EPC is a ledger fault: the later is kept, both named in `clashes`. */
export function createEpcIndex(assets: readonly StocktakeAsset[]): { index: EpcIndex; clashes: [string, string][] } {
  const index = new Map<string, StocktakeAsset>();
  const clashes: [string, string][] = [];
  for (const a of assets) {
    if (a.epc === null) continue;
    const before = index.get(a.epc);
    if (before) clashes.push([before.id, a.id]);
    index.set(a.epc, a);
  }
  return { index, clashes };
}

/** The steps a stock-take proposes: nothing else is corrected through it. */
export const STOCKTAKE_STEPS = ['report_missing', 'transfer', 'found', 'return'] as const satisfies readonly LifecycleStep[];
export type StocktakeStep = (typeof STOCKTAKE_STEPS)[number];

export type Correction = { assetId: string; step: StocktakeStep; siteId: string | null; reason: string };
export type Heard = { assetId: string; epc: string; state: Asset['state']; siteId: string | null };

export type StocktakeResult = {
  siteId: string;
  /** Tagged assets the ledger has stored at the site. */
  expected: number;
  untaggedHere: number;
  reads: number;
  uniqueEpcs: number;
  duplicateReads: number;
  matched: number;
  missing: Heard[];
  wrongSite: Heard[];
  found: Heard[];
  out: Heard[];
  other: Heard[];
  unknown: string[];
  discrepancies: number;
  /** discrepancies / expected (0 when nothing is expected and nothing is wrong). */
  errorRate: number;
  accuracy: number;
  target: number;
  meets: boolean;
  corrections: Correction[];
};

const normalise = (epc: string) => epc.trim().toUpperCase();

export function reconcileStocktake(siteId: string, assets: readonly StocktakeAsset[], scanned: readonly string[], index: EpcIndex = createEpcIndex(assets).index): StocktakeResult {
  const heard = new Set<string>();
  for (const e of scanned) heard.add(normalise(e));
  let expected = 0;
  let untaggedHere = 0;
  let matched = 0;
  const r: Pick<StocktakeResult, 'missing' | 'wrongSite' | 'found' | 'out' | 'other' | 'unknown'> = { missing: [], wrongSite: [], found: [], out: [], other: [], unknown: [] };
  const h = (a: StocktakeAsset): Heard => ({ assetId: a.id, epc: a.epc ?? '', state: a.state, siteId: a.siteId });
  for (const a of assets) {
    if (a.siteId !== siteId || a.state !== 'stored') continue;
    if (a.epc === null) {
      untaggedHere++;
      continue;
    }
    expected++;
    if (heard.has(a.epc)) matched++;
    else r.missing.push(h(a));
  }
  for (const epc of heard) {
    const a = index.get(epc);
    if (!a) r.unknown.push(epc);
    else if (a.state === 'stored') {
      if (a.siteId !== siteId) r.wrongSite.push(h(a));
    } else if (a.state === 'missing') r.found.push(h(a));
    else if (a.state === 'allocated') r.out.push(h(a));
    else r.other.push(h(a));
  }
  const corrections: Correction[] = [];
  const propose = (x: Heard, step: StocktakeStep, to: string | null, reason: string) => {
    const refused = refuseStep({ id: x.assetId, state: x.state, siteId: x.siteId }, { step, siteId: to, approved: false });
    if (!refused) corrections.push({ assetId: x.assetId, step, siteId: to, reason });
  };
  for (const x of r.missing) propose(x, 'report_missing', null, `stored at ${siteId}, not heard by the reader`);
  for (const x of r.wrongSite) propose(x, 'transfer', siteId, `recorded at ${x.siteId}, heard at ${siteId}`);
  for (const x of r.found) propose(x, 'found', siteId, `recorded missing, heard at ${siteId}`);
  for (const x of r.out) propose(x, 'return', siteId, `recorded out with an officer, heard at ${siteId}`);
  const discrepancies = r.missing.length + r.wrongSite.length + r.found.length + r.out.length + r.other.length + r.unknown.length;
  const errorRate = expected > 0 ? discrepancies / expected : discrepancies > 0 ? 1 : 0;
  r.unknown.sort();
  return {
    siteId, expected, untaggedHere, reads: scanned.length, uniqueEpcs: heard.size, duplicateReads: scanned.length - heard.size, matched, ...r,
    discrepancies, errorRate, accuracy: 1 - errorRate, target: STOCKTAKE_ERROR_TARGET, meets: errorRate <= STOCKTAKE_ERROR_TARGET, corrections,
  };
}

/** RFID coverage: tagged / in service, against 80%. */
export function rfidCoverage(assets: readonly Asset[], target = RFID_COVERAGE_TARGET): { tagged: number; inService: number; coverage: number | null; target: number; meets: boolean } {
  let tagged = 0;
  let total = 0;
  for (const a of assets) {
    if (!inService(a.state)) continue;
    total++;
    if (a.epc !== null) tagged++;
  }
  const coverage = total > 0 ? tagged / total : null;
  return { tagged, inService: total, coverage, target, meets: coverage !== null && coverage >= target };
}
