import { describe, expect, it } from 'vitest';
import { batteryWhy, formatShare, redLineProjection, trendDomain, trendRows, trendSummary, type BatteryRow } from './readiness-view';

const row = (over: Partial<BatteryRow> = {}): BatteryRow => ({
  assetId: 'b', qr: 'JB-DB0001', typeId: 't', siteId: 's', state: 'stored', health: 0.85, aged: false, cycles: 100, ratedCycles: 400, cyclesPerDay: 0.2, ageYears: 1,
  endOfLifeAt: null, storage: { tempC: 25, humidity: 50, assumed: false }, ...over,
});

describe('readiness view', () => {
  it('why a battery is listed: cycles at half the rating and over, flown hard, hot or humid storage, no readings, years', () => {
    expect(batteryWhy(row())).toEqual([]);
    expect(batteryWhy(row({ cycles: 200, cyclesPerDay: 0.5, storage: { tempC: 31, humidity: 82, assumed: false }, ageYears: 2.4 })).map((w) => [w.key, w.params])).toEqual([
      ['battery.why.cycles', { cycles: 200, rated: 400 }],
      ['battery.why.flownHard', { perDay: '0.5' }],
      ['battery.why.hot', { tempC: '31' }],
      ['battery.why.humid', { humidity: '82' }],
      ['battery.why.old', { years: '2.4' }],
    ]);
    // Under the thresholds: 199 of 400, 27 °C, 70% RH exactly.
    expect(batteryWhy(row({ cycles: 199, storage: { tempC: 27, humidity: 70, assumed: false } }))).toEqual([]);
    // Assumed storage says so, and no climate is read from it.
    expect(batteryWhy(row({ storage: { tempC: 25, humidity: 50, assumed: true } })).map((w) => w.key)).toEqual(['battery.why.noReadings']);
  });

  it('the red line: crossed, crossing in N days, not within the horizon', () => {
    expect(redLineProjection({ level: 'over', crossesInDays: 0, horizonDays: 90 })).toEqual({ key: 'battery.crosses.now' });
    expect(redLineProjection({ level: 'warning', crossesInDays: 8, horizonDays: 90 })).toEqual({ key: 'battery.crosses.inDays', params: { days: 8 } });
    expect(redLineProjection({ level: 'ok', crossesInDays: null, horizonDays: 90 })).toEqual({ key: 'battery.crosses.none', params: { days: 90 } });
  });

  it('a share over the line is not shown under it', () => {
    expect([formatShare(0.078), formatShare(0.0499), formatShare(0.05), formatShare(0)]).toEqual(['7.8%', '5.0%', '5.0%', '0.0%']);
    expect(formatShare(2 / 41)).toBe('4.9%');
  });

  it('the trend as chart rows, in one sentence, and its axis', () => {
    const at = new Date(2026, 5, 14, 12).getTime();
    const points = [
      { at, ready: 97, inService: 100, rate: 0.97 },
      { at: at + 86_400_000, ready: 0, inService: 0, rate: null },
      { at: at + 2 * 86_400_000, ready: 99, inService: 100, rate: 0.99 },
    ];
    expect(trendRows(points)).toEqual([
      { at, label: '6-14', rate: 97, ready: 97, inService: 100 },
      { at: at + 86_400_000, label: '6-15', rate: null, ready: 0, inService: 0 },
      { at: at + 2 * 86_400_000, label: '6-16', rate: 99, ready: 99, inService: 100 },
    ]);
    expect(trendSummary({ points, target: 0.98 })).toEqual({ days: 3, min: '97.0%', max: '99.0%', latest: '99.0%', below: 1, target: '98.0%' });
    expect(trendSummary({ points: [points[1]!], target: 0.98 })).toBeNull();
    expect(trendDomain(trendRows(points), 98)).toEqual([96, 100]);
    expect(trendDomain(trendRows([points[2]!]), 98)).toEqual([97, 100]);
  });
});
