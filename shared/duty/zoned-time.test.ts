import { describe, expect, it } from 'vitest';
import { addLocalDays, daysBetween, epochToZoned, isKnownTimeZone, parseLocalDate, zonedToEpoch } from './zoned-time';

const utc = (iso: string) => Date.parse(iso);

describe('zoned time', () => {
  it.each([
    // Plain days.
    ['2026-12-03', '08:00', 'Asia/Shanghai', '2026-12-03T00:00:00Z'],
    ['2026-12-03', '00:00', 'Asia/Shanghai', '2026-12-02T16:00:00Z'],
    ['2026-07-01', '12:00', 'Europe/Berlin', '2026-07-01T10:00:00Z'],
    ['2026-01-15', '12:00', 'America/New_York', '2026-01-15T17:00:00Z'],
    // Berlin, 29 March 2026: 02:00 CET becomes 03:00 CEST (01:00 UTC). The skipped hour's times start at its end.
    ['2026-03-29', '01:59', 'Europe/Berlin', '2026-03-29T00:59:00Z'],
    ['2026-03-29', '02:00', 'Europe/Berlin', '2026-03-29T01:00:00Z'],
    ['2026-03-29', '02:30', 'Europe/Berlin', '2026-03-29T01:00:00Z'],
    ['2026-03-29', '03:00', 'Europe/Berlin', '2026-03-29T01:00:00Z'],
    ['2026-03-29', '20:00', 'Europe/Berlin', '2026-03-29T18:00:00Z'],
    // Berlin, 25 October 2026: 03:00 CEST becomes 02:00 CET (01:00 UTC). The repeated hour: its first occurrence.
    ['2026-10-25', '02:00', 'Europe/Berlin', '2026-10-25T00:00:00Z'],
    ['2026-10-25', '02:30', 'Europe/Berlin', '2026-10-25T00:30:00Z'],
    ['2026-10-25', '03:00', 'Europe/Berlin', '2026-10-25T02:00:00Z'],
    // New York, 8 March 2026: 02:00 EST becomes 03:00 EDT (07:00 UTC).
    ['2026-03-08', '02:15', 'America/New_York', '2026-03-08T07:00:00Z'],
    ['2026-03-08', '03:00', 'America/New_York', '2026-03-08T07:00:00Z'],
    ['2026-03-08', '01:59', 'America/New_York', '2026-03-08T06:59:00Z'],
    // New York, 1 November 2026: 02:00 EDT becomes 01:00 EST (06:00 UTC); 01:30 happens twice.
    ['2026-11-01', '01:30', 'America/New_York', '2026-11-01T05:30:00Z'],
    ['2026-11-01', '02:00', 'America/New_York', '2026-11-01T07:00:00Z'],
  ])('%s %s in %s is %s', (date, clock, tz, want) => {
    expect(new Date(zonedToEpoch(date, clock, tz)).toISOString()).toBe(new Date(utc(want)).toISOString());
  });

  it.each([
    ['2026-12-02T16:00:00Z', 'Asia/Shanghai', '2026-12-03', '00:00', 480],
    ['2026-10-25T00:30:00Z', 'Europe/Berlin', '2026-10-25', '02:30', 120],
    ['2026-10-25T01:30:00Z', 'Europe/Berlin', '2026-10-25', '02:30', 60],
    ['2026-11-01T06:30:00.999Z', 'America/New_York', '2026-11-01', '01:30', -300],
    ['1970-01-01T00:00:00Z', 'UTC', '1970-01-01', '00:00', 0],
  ])('%s in %s reads %s %s (offset %i min)', (iso, tz, date, time, offsetMin) => {
    expect(epochToZoned(utc(iso), tz)).toMatchObject({ date, time, offsetMin });
  });

  it('round-trips every quarter hour of the transition days', () => {
    for (const [tz, day] of [['Europe/Berlin', '2026-03-29'], ['Europe/Berlin', '2026-10-25'], ['America/New_York', '2026-03-08'], ['America/New_York', '2026-11-01']] as const) {
      const from = zonedToEpoch(day, '00:00', tz);
      for (let t = from; t < from + 25 * 3600_000; t += 15 * 60_000) {
        const z = epochToZoned(t, tz);
        // A reading of the second occurrence of a repeated time goes back to the first.
        const back = zonedToEpoch(z.date, z.time, tz);
        expect(back === t || back === t - 3600_000).toBe(true);
      }
    }
  });

  it('knows zones and calendar dates', () => {
    expect([isKnownTimeZone('Asia/Shanghai'), isKnownTimeZone('UTC'), isKnownTimeZone('Mars/Olympus_Mons'), isKnownTimeZone('')]).toEqual([true, true, false, false]);
    expect([parseLocalDate('2026-02-28'), parseLocalDate('2026-02-29'), parseLocalDate('2028-02-29')]).toEqual([{ year: 2026, month: 2, day: 28 }, null, { year: 2028, month: 2, day: 29 }]);
    expect([addLocalDays('2026-12-31', 1), addLocalDays('2026-03-01', -1), addLocalDays('2026-03-28', 2)]).toEqual(['2027-01-01', '2026-02-28', '2026-03-30']);
    expect([daysBetween('2026-01-01', '2026-12-31'), daysBetween('2026-01-02', '2026-01-01')]).toEqual([364, -1]);
  });
});
