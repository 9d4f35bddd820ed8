import { describe, expect, it } from 'vitest';
import { DEMO_NOW, generateDemoLedger } from './demo-data';
import type { Asset } from './schema';
import { createEpcIndex, reconcileStocktake, rfidCoverage } from './stocktake';

let n = 0;
const epcOf = (k: number) => `E2801170${k.toString(16).toUpperCase().padStart(16, '0')}`;
const item = (siteId: string | null, state: Asset['state'] = 'stored', tagged = true): Asset => {
  n++;
  return { id: `a-${String(n).padStart(6, '0')}`, typeId: 'helmet-fb-2', serial: `S${n}`, qr: `JB-H${String(n).padStart(6, '0')}`, epc: tagged ? epcOf(n) : null, state, siteId, holder: state === 'allocated' ? 'officer-01' : null, since: 0, procuredAt: 0, acceptedAt: 0, cycles: null, pendingRequestId: null };
};

describe('a stock-take at one site', () => {
  const here = Array.from({ length: 10 }, () => item('qp-01'));
  const untagged = item('qp-01', 'stored', false);
  const elsewhere = item('depot-east');
  const lost = item('qp-01', 'missing');
  const out = item('qp-01', 'allocated');
  const broken = item('qp-01', 'in_repair');
  const ledger = [...here, untagged, elsewhere, lost, out, broken];
  const unknownEpc = 'E2801170FFFFFFFFFFFFFFFF';
  // The reader: nine of the ten (here[9] not heard), each read three times, one lower case,
  // plus the item from the east depot (heard twice), the missing one, the one out, the one in
  // repair, and a stranger (heard twice, once in lower case).
  const scan = [...here.slice(0, 9).flatMap((a) => [a.epc!, a.epc!, a.epc!]), here[0]!.epc!.toLowerCase(), elsewhere.epc!, lost.epc!, elsewhere.epc!, out.epc!, broken.epc!, unknownEpc, unknownEpc.toLowerCase()];
  const r = reconcileStocktake('qp-01', ledger, scan);

  it('sorts what it heard and did not hear; duplicate reads collapse', () => {
    expect(r).toMatchObject({ expected: 10, untaggedHere: 1, reads: 35, uniqueEpcs: 14, duplicateReads: 21, matched: 9 });
    expect(r.missing.map((x) => x.assetId)).toEqual([here[9]!.id]);
    expect(r.wrongSite.map((x) => [x.assetId, x.siteId])).toEqual([[elsewhere.id, 'depot-east']]);
    expect(r.found.map((x) => x.assetId)).toEqual([lost.id]);
    expect(r.out.map((x) => x.assetId)).toEqual([out.id]);
    expect(r.other.map((x) => x.assetId)).toEqual([broken.id]);
    expect(r.unknown).toEqual([unknownEpc]);
  });
  it('proposes the corrections as lifecycle steps the state machine allows, one per item however often it was heard', () => {
    expect(r.corrections.map((c) => [c.assetId, c.step, c.siteId])).toEqual([
      [here[9]!.id, 'report_missing', null],
      [elsewhere.id, 'transfer', 'qp-01'],
      [lost.id, 'found', 'qp-01'],
      [out.id, 'return', 'qp-01'],
    ]);
    expect(r.corrections[1]!.reason).toBe('recorded at depot-east, heard at qp-01');
  });
  it('accuracy: 1 − discrepancies / expected', () => {
    expect(r.discrepancies).toBe(6);
    expect(r.errorRate).toBeCloseTo(0.6, 10);
    expect(r.meets).toBe(false);
  });
});

describe('stock-take accuracy against 0.03% error, RFID coverage against 80%', () => {
  it.each([
    ['the division: 3 discrepancies in 10,000 (0.03%)', 10_000, 3, true],
    ['4 in 10,000 (0.04%)', 10_000, 4, false],
    ['a clean count', 2_000, 0, true],
  ] as const)('%s', (_, expected, missing, meets) => {
    const site = Array.from({ length: expected }, () => item('depot-central'));
    const scan = site.slice(missing).map((a) => a.epc!);
    const r = reconcileStocktake('depot-central', site, scan, createEpcIndex(site).index);
    expect(r.errorRate).toBeCloseTo(missing / expected, 12);
    expect(r.meets).toBe(meets);
  });
  it.each([
    ['82.7% achieved', 827, 173, 0.827, true],
    ['79.9%', 799, 201, 0.799, false],
  ] as const)('%s', (_, tagged, untagged, coverage, meets) => {
    const assets = [...Array.from({ length: tagged }, () => item('qp-02')), ...Array.from({ length: untagged }, () => item('qp-02', 'stored', false)), item('qp-02', 'scrapped', false), item(null, 'procured', false)];
    expect(rfidCoverage(assets)).toMatchObject({ tagged, inService: tagged + untagged, meets });
    expect(rfidCoverage(assets).coverage).toBeCloseTo(coverage, 12);
  });
});

describe('at the division scale', () => {
  it('reconciles a 100,000-read scan against 90,000 assets by hash join', () => {
    const l = generateDemoLedger({ events: false, now: DEMO_NOW });
    const expected = l.assets.filter((a) => a.siteId === 'depot-central' && a.state === 'stored' && a.epc !== null);
    const scan: string[] = [];
    for (let i = 0; scan.length < 100_000; i++) scan.push(expected[(i * 7919) % expected.length]!.epc!);
    const t0 = performance.now();
    const r = reconcileStocktake('depot-central', l.assets, scan);
    const ms = performance.now() - t0;
    console.log(`stock-take: ${scan.length} reads against ${l.assets.length} assets in ${ms.toFixed(0)} ms`);
    expect(r.expected).toBe(expected.length);
    expect(r.matched + r.missing.length).toBe(expected.length);
    expect(r.uniqueEpcs + r.duplicateReads).toBe(100_000);
    expect(ms).toBeLessThan(1000);
    expect(rfidCoverage(l.assets).coverage!).toBeGreaterThan(0.8);
  });
  it('names two assets sharing one EPC', () => {
    const a = item('qp-01');
    const b = { ...item('qp-02'), epc: a.epc };
    expect(createEpcIndex([a, b]).clashes).toEqual([[a.id, b.id]]);
  });
});
