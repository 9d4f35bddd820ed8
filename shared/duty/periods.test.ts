import { describe, expect, it } from 'vitest';
import { DEFAULT_DUTY_CONFIG } from './defaults';
import { nextPeriod, periodByKey, periodOf, previousPeriod, subPeriods, type PeriodKind } from './periods';
import type { DutyConfig } from './schema';

const utc = (iso: string) => Date.parse(iso);
const iso = (t: number) => new Date(t).toISOString();
const SH = DEFAULT_DUTY_CONFIG;
const BER: DutyConfig = { ...SH, timeZone: 'Europe/Berlin' };
const NY: DutyConfig = { ...SH, timeZone: 'America/New_York' };
const ZONES = { Shanghai: SH, Berlin: BER, 'New York': NY };
const brief = (p: { key: string; from: number; to: number }) => [p.key, iso(p.from), iso(p.to)];

describe('report periods', () => {
  // 2026-12-03 10:00 in Shanghai is 02:00Z.
  it.each<[PeriodKind, keyof typeof ZONES, string, string, string, string]>([
    ['shift', 'Shanghai', '2026-12-03T02:00:00Z', '2026-12-03/day', '2026-12-03T00:00:00.000Z', '2026-12-03T12:00:00.000Z'],
    ['day', 'Shanghai', '2026-12-03T02:00:00Z', '2026-12-03', '2026-12-02T16:00:00.000Z', '2026-12-03T16:00:00.000Z'],
    ['month', 'Shanghai', '2026-12-03T02:00:00Z', '2026-12', '2026-11-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z'],
    ['quarter', 'Shanghai', '2026-12-03T02:00:00Z', '2026-Q4', '2026-09-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z'],
    ['half', 'Shanghai', '2026-12-03T02:00:00Z', '2026-H2', '2026-06-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z'],
    ['year', 'Shanghai', '2026-12-03T02:00:00Z', '2026', '2025-12-31T16:00:00.000Z', '2026-12-31T16:00:00.000Z'],
    // New Year's Eve 20:00Z is already 2027 in Shanghai.
    ['year', 'Shanghai', '2026-12-31T20:00:00Z', '2027', '2026-12-31T16:00:00.000Z', '2027-12-31T16:00:00.000Z'],
    ['quarter', 'Shanghai', '2026-03-31T15:59:59.999Z', '2026-Q1', '2025-12-31T16:00:00.000Z', '2026-03-31T16:00:00.000Z'],
    // Berlin's spring-forward day has 23 hours, its autumn one 25; March starts in CET and ends in CEST.
    ['day', 'Berlin', '2026-03-29T12:00:00Z', '2026-03-29', '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z'],
    ['day', 'Berlin', '2026-10-25T12:00:00Z', '2026-10-25', '2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z'],
    ['month', 'Berlin', '2026-03-15T12:00:00Z', '2026-03', '2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z'],
    ['half', 'New York', '2026-05-01T12:00:00Z', '2026-H1', '2026-01-01T05:00:00.000Z', '2026-07-01T04:00:00.000Z'],
    ['day', 'New York', '2026-11-01T12:00:00Z', '2026-11-01', '2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z'],
  ])('the %s in %s holding %s is %s', (kind, zone, at, key, from, to) => {
    const cfg = ZONES[zone];
    const p = periodOf(kind, utc(at), cfg);
    expect([p.kind, ...brief(p)]).toEqual([kind, key, from, to]);
    expect(periodByKey(kind, key, cfg)).toEqual(p);
  });

  it.each<[PeriodKind, string]>([
    ['year', '26'],
    ['year', '2026-01'],
    ['month', '2026-13'],
    ['month', '2026-00'],
    ['month', '2026-1'],
    ['quarter', '2026-Q5'],
    ['quarter', '2026-Q0'],
    ['quarter', '2026-H1'],
    ['half', '2026-H3'],
    ['half', '2026'],
    ['day', '2026-02-29'],
    ['day', '2026-12-3'],
    ['shift', '2026-12-03/evening'],
    ['shift', '2026-12-03'],
    ['year', ''],
  ])('refuses the %s key %j', (kind, key) => {
    expect(periodByKey(kind, key, SH)).toBeNull();
  });

  it.each<[PeriodKind, string, number, string, string]>([
    ['year', '2026', 12, '2026-01', '2026-12'],
    ['half', '2026-H2', 6, '2026-07', '2026-12'],
    ['quarter', '2026-Q1', 3, '2026-01', '2026-03'],
    ['month', '2026-02', 28, '2026-02-01', '2026-02-28'],
    ['month', '2028-02', 29, '2028-02-01', '2028-02-29'],
    ['day', '2026-12-03', 2, '2026-12-03/day', '2026-12-03/night'],
    ['shift', '2026-12-03/night', 12, '2026-12-03T20:00+08:00', '2026-12-04T07:00+08:00'],
  ])('a %s (%s) is charted in %i buckets, %s to %s', (kind, key, n, first, last) => {
    const p = periodByKey(kind, key, SH)!;
    const subs = subPeriods(p, SH);
    expect([subs.length, subs[0]!.key, subs.at(-1)!.key]).toEqual([n, first, last]);
    if (kind !== 'day') {
      // Every kind but the day tiles its period exactly.
      expect([subs[0]!.from, subs.at(-1)!.to]).toEqual([p.from, p.to]);
      for (let i = 1; i < subs.length; i++) expect(subs[i]!.from).toBe(subs[i - 1]!.to);
    }
  });

  it('charts a shift across the autumn change by its 13 real hours, the repeated hour named by its offset', () => {
    const night = periodByKey('shift', '2026-10-24/night', BER)!;
    expect(subPeriods(night, BER).map((h) => h.key)).toEqual([
      '2026-10-24T20:00+02:00', '2026-10-24T21:00+02:00', '2026-10-24T22:00+02:00', '2026-10-24T23:00+02:00',
      '2026-10-25T00:00+02:00', '2026-10-25T01:00+02:00', '2026-10-25T02:00+02:00', '2026-10-25T02:00+01:00',
      '2026-10-25T03:00+01:00', '2026-10-25T04:00+01:00', '2026-10-25T05:00+01:00', '2026-10-25T06:00+01:00', '2026-10-25T07:00+01:00',
    ]);
    expect(subPeriods(periodByKey('shift', '2026-03-07/night', NY)!, NY).map((h) => h.key).slice(5, 8)).toEqual(['2026-03-08T01:00-05:00', '2026-03-08T03:00-04:00', '2026-03-08T04:00-04:00']);
  });

  it('charts a shift starting off the hour with a short last hour', () => {
    const cfg: DutyConfig = { ...SH, shifts: [{ id: 'a', name: 'A', start: '07:30', end: '19:15' }, { id: 'b', name: 'B', start: '19:15', end: '07:30' }] };
    const subs = subPeriods(periodByKey('shift', '2026-12-03/a', cfg)!, cfg);
    expect(subs.length).toBe(12);
    expect((subs.at(-1)!.to - subs.at(-1)!.from) / 60_000).toBe(45);
  });

  it.each<[PeriodKind, string, string, string]>([
    ['year', '2026', '2025', '2027'],
    ['half', '2026-H1', '2025-H2', '2026-H2'],
    ['quarter', '2026-Q1', '2025-Q4', '2026-Q2'],
    ['month', '2026-01', '2025-12', '2026-02'],
    ['day', '2026-03-01', '2026-02-28', '2026-03-02'],
    ['shift', '2026-01-01/day', '2025-12-31/night', '2026-01-01/night'],
  ])('the %s before %s is %s, after it %s', (kind, key, before, after) => {
    const p = periodByKey(kind, key, SH)!;
    expect([previousPeriod(p, SH).key, nextPeriod(p, SH).key]).toEqual([before, after]);
    expect([previousPeriod(p, SH).to, nextPeriod(p, SH).from]).toEqual([p.from, p.to]);
  });
});
