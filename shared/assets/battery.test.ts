import { describe, expect, it } from 'vitest';
import { batteryHealth, batteryReport, dampFactor, heatFactor, storageBySite } from './battery';
import { DEMO_NOW, generateDemoLedger } from './demo-data';
import type { Asset, AssetType, ClimateReading } from './schema';

const DAY = 86_400_000;
const YEAR = 365.25 * DAY;
const now = Date.UTC(2026, 11, 1);
const type: AssetType = { id: 'battery-tb30', class: 'drone_battery', name: '电池', nameEn: 'Battery', serviceLifeMonths: null, ratedCycles: 400 };
let n = 0;
const battery = (cycles: number, years: number, siteId = 'qp-01', state: Asset['state'] = 'stored'): Asset => ({
  id: `b-${String(++n).padStart(4, '0')}`, typeId: type.id, serial: `TB${n}`, qr: `JB-DB${String(n).padStart(6, '0')}`, epc: null, state, siteId, holder: null, since: 0,
  procuredAt: now - years * YEAR - 2 * DAY, acceptedAt: now - years * YEAR, cycles, pendingRequestId: null,
});
const readings = (siteId: string, tempC: number, humidity: number): ClimateReading[] => Array.from({ length: 30 }, (_, d) => ({ siteId, at: now - d * DAY, tempC, humidity }));
const temperate = readings('qp-01', 25, 50);

describe('the battery model and its stated parameters', () => {
  it('rated cycles bring a new battery to exactly 80%; half of them to 90%', () => {
    expect(batteryHealth({ asset: battery(400, 0), type }, now).health).toBeCloseTo(0.8, 10);
    expect(batteryHealth({ asset: battery(400, 0), type }, now).aged).toBe(true);
    expect(batteryHealth({ asset: battery(200, 0), type }, now).health).toBeCloseTo(0.9, 10);
  });
  it('calendar fade 4% a year at 25 °C, doubling every +10 °C, more above 70% RH', () => {
    expect(heatFactor(25)).toBe(1);
    expect(heatFactor(35)).toBe(2);
    expect(heatFactor(15)).toBe(0.5);
    expect(dampFactor(60)).toBe(1);
    expect(dampFactor(80)).toBeCloseTo(1.2, 10);
    const at25 = batteryHealth({ asset: battery(0, 1), type, storage: storageBySite(temperate).get('qp-01') }, now);
    expect(at25.health).toBeCloseTo(0.96, 10);
    const hot = batteryHealth({ asset: battery(0, 1, 'qp-07'), type, storage: storageBySite(readings('qp-07', 35, 80)).get('qp-07') }, now);
    expect(hot.health).toBeCloseTo(1 - 0.04 * 2 * 1.2, 10);
    expect(hot.reasons).toContain('stored at 35 °C (ageing ×2.0)');
    expect(hot.reasons).toContain('humid storage: 80% RH');
  });
  it('says when it had to assume the storage', () => {
    expect(batteryHealth({ asset: battery(0, 1), type }, now).reasons.join(';')).toMatch(/no storage readings for its site: 25 °C, 50% RH assumed/);
  });
  it("projects from the battery's own pace: its flight-log readings", () => {
    const b = battery(300, 1);
    const history = [{ at: now - 100 * DAY, cycles: 100 }, { at: now, cycles: 300 }]; // 2 a day lately
    const h = batteryHealth({ asset: b, type, history, storage: storageBySite(temperate).get('qp-01') }, now);
    // health 1 − 0.15 − 0.04 = 0.81; fade a day 0.2 × 2 / 400 + 0.04 / 365.25.
    expect(h.cyclesPerDay).toBeCloseTo(2, 10);
    expect(h.daysToEndOfLife).toBeCloseTo(0.01 / (0.001 + 0.04 / 365.25), 6);
    // Its recent flights a day, measured (flight-days.ts), come before the counter's history.
    const flown = batteryHealth({ asset: b, type, history, flownPerDay: 4, storage: storageBySite(temperate).get('qp-01') }, now);
    expect(flown.cyclesPerDay).toBe(4);
    expect(flown.daysToEndOfLife).toBeCloseTo(0.01 / (0.002 + 0.04 / 365.25), 6);
    expect(flown.reasons).toContain('flown hard: 4.0 cycles a day');
    expect(batteryReport([b], [type], now, { histories: new Map([[b.id, history]]), flown: new Map([[b.id, 4]]) }).all[0]!.cyclesPerDay).toBe(4);
  });
});

describe("the client's story: 7.8% of drone batteries aged past the 5% red line", () => {
  // 1,000 batteries accepted 18 months ago at a 25 °C depot: 78 flown past their 400 rated
  // cycles, the rest at 100.
  const fleet = [...Array.from({ length: 78 }, (_, i) => battery(412 + i, 1.5)), ...Array.from({ length: 922 }, () => battery(100, 1.5))];

  it.each([
    ['with cycle counts (this model)', true, 0.078, 'over'],
    ['by age alone (the old model)', false, 0, 'ok'],
  ] as const)('%s: %f aged, %s', (_, cycles, share, level) => {
    const r = batteryReport(fleet, [type], now, { climate: temperate, model: { cycles } });
    expect(r.count).toBe(1000);
    expect(r.share).toBeCloseTo(share, 10);
    expect(r.level).toBe(level);
  });

  it('names the worst first, with its reasons', () => {
    const r = batteryReport(fleet, [type], now, { climate: temperate });
    expect(r.replaceFirst[0]!.reasons).toContain('489 cycles of 400 rated');
    expect(r.replaceFirst.slice(0, 78).every((b) => b.aged)).toBe(true);
    expect(r.replaceToHold).toBeGreaterThanOrEqual(78 - 49);
  });
});

describe('the warning comes before the line is crossed', () => {
  it('4% aged today, 2% more reaching 80% within 60 days at their pace: a warning, with the day', () => {
    const history = (c: number) => [{ at: now - 60 * DAY, cycles: c - 60 }, { at: now, cycles: c }];
    const aged = Array.from({ length: 40 }, () => battery(400, 1));
    const soon = Array.from({ length: 20 }, (_, i) => battery(315 - i, 1));
    const hot = [battery(240, 1, 'qp-07')];
    const rest = Array.from({ length: 939 }, () => battery(80, 1));
    const histories = new Map([...soon, ...hot].map((b) => [b.id, history(b.cycles!)]));
    const r = batteryReport([...aged, ...soon, ...hot, ...rest], [type], now, { histories, climate: [...temperate, ...readings('qp-07', 31, 78)], horizonDays: 90 });
    expect(r.share).toBeCloseTo(0.04, 10);
    expect(r.level).toBe('warning');
    // The 50th battery to reach end of life is among the soon ones (1 cycle a day, 0.25–1.2% above 80%).
    expect(r.crossesInDays).toBeGreaterThan(0);
    expect(r.crossesInDays).toBeLessThanOrEqual(40);
    expect(r.projectedShare).toBeGreaterThan(0.05);
    const hotOne = r.replaceFirst.find((b) => b.assetId === hot[0]!.id)!;
    expect(hotOne.reasons).toEqual(expect.arrayContaining(['240 cycles of 400 rated', 'stored at 31 °C (ageing ×1.5)', 'humid storage: 78% RH']));
    // Ranked: aged first, then by the day each reaches end of life.
    const days = r.replaceFirst.map((b) => b.daysToEndOfLife);
    expect(days).toEqual([...days].sort((a, b) => a - b));
    // The same fleet without its cycle counts warns of nothing.
    expect(batteryReport([...aged, ...soon, ...hot, ...rest], [type], now, { histories, climate: temperate, model: { cycles: false } }).level).toBe('ok');
  });
  it('scrapped and not-yet-accepted batteries are not in the fleet', () => {
    const r = batteryReport([battery(500, 1, 'qp-01', 'scrapped'), battery(0, 0, 'qp-01', 'procured'), battery(10, 1)], [type], now);
    expect(r.count).toBe(1);
  });
});

describe('the demo ledger', () => {
  it('about 7.8% aged with cycles counted (flagged), a fraction of a percent by age alone (not flagged)', () => {
    const l = generateDemoLedger({ events: true });
    const histories = new Map<string, { at: number; cycles: number }[]>();
    for (const c of l.cycleLogs) (histories.get(c.assetId) ?? histories.set(c.assetId, []).get(c.assetId)!).push(c);
    const withCycles = batteryReport(l.assets, l.types, DEMO_NOW, { histories, climate: l.climate });
    const ageOnly = batteryReport(l.assets, l.types, DEMO_NOW, { histories, climate: l.climate, model: { cycles: false } });
    expect(withCycles.share).toBeGreaterThan(0.07);
    expect(withCycles.share).toBeLessThan(0.09);
    expect(withCycles.level).toBe('over');
    expect(ageOnly.share).toBeLessThan(0.01);
    expect(ageOnly.level).toBe('ok');
  });
});
