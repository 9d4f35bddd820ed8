import { describe, expect, it } from 'vitest';
import { DEMO_FLIGHT_DAYS, DEMO_NOW, generateDemoLedger } from './demo-data';
import { flownRates, localDay } from './flight-days';
import { inService, TRANSITIONS } from './lifecycle';
import { createReadinessIndex } from './readiness';
import { assetEventSchema, assetSchema, batteryDaySchema, climateReadingSchema, repairSchema, type AssetType } from './schema';
import { rfidCoverage } from './stocktake';

describe('the demo ledger', () => {
  const l = generateDemoLedger();

  it('is 90,000 valid assets, each with a unique id, QR and EPC', () => {
    expect(l.assets).toHaveLength(90_000);
    for (const a of l.assets) assetSchema.parse(a);
    for (const key of ['id', 'qr', 'serial'] as const) expect(new Set(l.assets.map((a) => a[key])).size).toBe(90_000);
    const epcs = l.assets.flatMap((a) => (a.epc ? [a.epc] : []));
    expect(new Set(epcs).size).toBe(epcs.length);
    expect(l.repairs.every((r) => repairSchema.safeParse(r).success)).toBe(true);
    expect(l.climate.every((r) => climateReadingSchema.safeParse(r).success)).toBe(true);
  });

  it('has each battery’s recent flights a day, its count as a counter reading yesterday, measured near its pace', () => {
    const types = new Map(l.types.map((t) => [t.id, t.class]));
    const batteries = l.assets.filter((a) => types.get(a.typeId) === 'drone_battery' && a.cycles !== null && a.state !== 'scrapped');
    expect(l.batteryDays.every((d) => batteryDaySchema.safeParse(d).success)).toBe(true);
    const yesterday = localDay(DEMO_NOW - 86_400_000);
    const earliest = localDay(DEMO_NOW - (DEMO_FLIGHT_DAYS - 1) * 86_400_000);
    expect(l.batteryDays.every((d) => d.day >= earliest && d.day <= yesterday)).toBe(true);
    const counters = new Map(l.batteryDays.filter((d) => d.counter !== null).map((d) => [d.assetId, [d.day, d.counter]]));
    expect(counters.size).toBe(batteries.length);
    for (const b of batteries) expect(counters.get(b.id)).toEqual([yesterday, b.cycles]);
    // Measured over the days it flew, the fleet's pace is near what its counts over its age say (a week of log at least).
    const rates = flownRates(l.batteryDays, DEMO_NOW);
    const byAge = batteries.filter((b) => rates.has(b.id)).map((b) => b.cycles! / ((DEMO_NOW - b.acceptedAt!) / 86_400_000));
    const mean = (xs: number[]) => xs.reduce((n, x) => n + x, 0) / xs.length;
    expect(rates.size).toBeGreaterThan(batteries.length / 3);
    expect(mean([...rates.values()]) / mean(byAge)).toBeGreaterThan(0.7);
    expect(mean([...rates.values()]) / mean(byAge)).toBeLessThan(1.6);
  });

  it('has a year of legal lifecycle events that end in each asset\'s state', () => {
    // Problems collected and compared once: 320,000 events, one expect each, was most of the test's time.
    const problems: string[] = [];
    const last = new Map<string, string>();
    const yearAgo = DEMO_NOW - 366 * 86_400_000;
    for (const e of l.events) {
      if (!assetEventSchema.safeParse(e).success) problems.push(`${e.id}: not an event`);
      if (e.at < yearAgo || e.at > DEMO_NOW) problems.push(`${e.id}: at ${e.at} outside the year`);
      if (e.step !== 'procure' && (!TRANSITIONS[e.step].from.includes(e.from as never) || TRANSITIONS[e.step].to !== e.to)) problems.push(`${e.id}: ${e.step} from ${e.from} to ${e.to}`);
      const before = last.get(e.assetId);
      if (before !== undefined && e.from !== before) problems.push(`${e.id}: from ${e.from}, the asset was ${before}`);
      last.set(e.assetId, e.to);
    }
    for (const a of l.assets) if (last.has(a.id) && last.get(a.id) !== a.state) problems.push(`${a.id}: ends ${last.get(a.id)}, is ${a.state}`);
    expect(problems.slice(0, 10)).toEqual([]);
    expect(l.events.length).toBeGreaterThan(200_000);
  });

  it("lands near the client's figures", () => {
    const index = createReadinessIndex(l.types, l.assets);
    expect(index.overall().rate!).toBeCloseTo(0.9912, 2);
    const rate = Object.fromEntries(index.byClass().map((r) => [r.key, r.rate!]));
    expect(rate.bodycam).toBeCloseTo(0.994, 2);
    expect(rate.dome_camera).toBeCloseTo(0.991, 2);
    expect(rate.drone).toBeCloseTo(0.989, 2);
    expect(rfidCoverage(l.assets).coverage!).toBeCloseTo(0.827, 2);
    expect(new Set(l.assets.map((a) => a.siteId)).size).toBe(15); // 14 sites, and none before it is stored
  });

  it('is reproducible, and takes its sites and types as parameters', () => {
    const a = generateDemoLedger({ count: 2000, events: false });
    const b = generateDemoLedger({ count: 2000, events: false });
    expect(b.assets).toEqual(a.assets);
    expect(generateDemoLedger({ count: 2000, events: false, seed: 2 }).assets).not.toEqual(a.assets);
    const types: AssetType[] = [{ id: 'cam-a', class: 'bodycam', name: '记录仪', nameEn: 'Cam', serviceLifeMonths: null, ratedCycles: null }];
    const c = generateDemoLedger({ count: 500, siteIds: ['s1', 's2'], types, events: false });
    expect(c.assets).toHaveLength(500);
    expect(new Set(c.assets.map((x) => x.typeId))).toEqual(new Set(['cam-a']));
    expect(c.assets.filter((x) => inService(x.state)).every((x) => x.siteId === 's1' || x.siteId === 's2')).toBe(true);
  });
});
