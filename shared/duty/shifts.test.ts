import { describe, expect, it } from 'vitest';
import { DEFAULT_DUTY_CONFIG } from './defaults';
import type { DutyConfig } from './schema';
import { nextShift, previousShift, shiftAt, shiftById, shiftsBetween, type ShiftInstance } from './shifts';
import { zonedToEpoch } from './zoned-time';

const utc = (iso: string) => Date.parse(iso);
const H = 3600_000;
const SH = DEFAULT_DUTY_CONFIG; // Asia/Shanghai, day 08–20, night 20–08, four teams from 2026-01-01.
const BER: DutyConfig = { ...SH, timeZone: 'Europe/Berlin' };
const NY: DutyConfig = { ...SH, timeZone: 'America/New_York' };
const brief = (s: ShiftInstance) => [s.id, new Date(s.start).toISOString(), new Date(s.end).toISOString(), (s.end - s.start) / H];
const two = (tz: string, a: string, b: string): DutyConfig => ({
  ...SH,
  timeZone: tz,
  shifts: [
    { id: 'a', name: 'A', start: a, end: b },
    { id: 'b', name: 'B', start: b, end: a },
  ],
});

describe('shift instances', () => {
  it.each([
    // Shanghai: no daylight saving; the night shift belongs to the date it starts on.
    ['Shanghai', SH, '2026-12-03T02:00:00Z', '2026-12-03/day', '2026-12-03T00:00:00.000Z', '2026-12-03T12:00:00.000Z', 12],
    ['Shanghai', SH, '2026-12-03T19:00:00Z', '2026-12-03/night', '2026-12-03T12:00:00.000Z', '2026-12-04T00:00:00.000Z', 12],
    ['Shanghai', SH, '2026-12-03T23:59:59.999Z', '2026-12-03/night', '2026-12-03T12:00:00.000Z', '2026-12-04T00:00:00.000Z', 12],
    ['Shanghai', SH, '2026-12-04T00:00:00Z', '2026-12-04/day', '2026-12-04T00:00:00.000Z', '2026-12-04T12:00:00.000Z', 12],
    // Berlin, clocks forward 29 March 2026: the night into it lasts 11 hours.
    ['Berlin', BER, '2026-03-29T02:00:00Z', '2026-03-28/night', '2026-03-28T19:00:00.000Z', '2026-03-29T06:00:00.000Z', 11],
    ['Berlin', BER, '2026-03-29T06:00:00Z', '2026-03-29/day', '2026-03-29T06:00:00.000Z', '2026-03-29T18:00:00.000Z', 12],
    // Berlin, clocks back 25 October 2026: 13 hours.
    ['Berlin', BER, '2026-10-25T01:30:00Z', '2026-10-24/night', '2026-10-24T18:00:00.000Z', '2026-10-25T07:00:00.000Z', 13],
    // New York, 8 March and 1 November 2026.
    ['New York', NY, '2026-03-08T06:30:00Z', '2026-03-07/night', '2026-03-08T01:00:00.000Z', '2026-03-08T12:00:00.000Z', 11],
    ['New York', NY, '2026-11-01T06:30:00Z', '2026-10-31/night', '2026-11-01T00:00:00.000Z', '2026-11-01T13:00:00.000Z', 13],
    // A shift starting in Berlin's skipped hour (02:30) starts when the skip ends, 03:00 CEST.
    ['Europe/Berlin from 02:30', two('Europe/Berlin', '02:30', '14:30'), '2026-03-29T00:59:59.999Z', '2026-03-28/b', '2026-03-28T13:30:00.000Z', '2026-03-29T01:00:00.000Z', 11.5],
    ['Europe/Berlin from 02:30', two('Europe/Berlin', '02:30', '14:30'), '2026-03-29T01:00:00Z', '2026-03-29/a', '2026-03-29T01:00:00.000Z', '2026-03-29T12:30:00.000Z', 11.5],
    // ...and in the repeated hour at its first occurrence (02:30 CEST), so the second 02:30 (CET) is already in it.
    ['Europe/Berlin from 02:30', two('Europe/Berlin', '02:30', '14:30'), '2026-10-25T00:29:59.999Z', '2026-10-24/b', '2026-10-24T12:30:00.000Z', '2026-10-25T00:30:00.000Z', 12],
    ['Europe/Berlin from 02:30', two('Europe/Berlin', '02:30', '14:30'), '2026-10-25T01:30:00Z', '2026-10-25/a', '2026-10-25T00:30:00.000Z', '2026-10-25T13:30:00.000Z', 13],
    ['America/New_York from 01:30', two('America/New_York', '01:30', '13:30'), '2026-11-01T06:30:00Z', '2026-11-01/a', '2026-11-01T05:30:00.000Z', '2026-11-01T18:30:00.000Z', 13],
    ['America/New_York from 02:15', two('America/New_York', '02:15', '14:15'), '2026-03-08T07:00:00Z', '2026-03-08/a', '2026-03-08T07:00:00.000Z', '2026-03-08T18:15:00.000Z', 11.25],
  ])('%s: at %s the shift is %s', (_, cfg, at, id, start, end, hours) => {
    expect(brief(shiftAt(utc(at), cfg))).toEqual([id, start, end, hours]);
  });

  it.each([
    // Four teams on two shifts (四班两倒): shift i of day d is taken by teams[(d − i) mod 4].
    ['2026-01-01/day', '一组'],
    ['2026-01-01/night', '四组'],
    ['2026-01-02/day', '二组'],
    ['2026-01-02/night', '一组'],
    ['2026-01-03/day', '三组'],
    ['2025-12-31/night', '三组'],
    ['2025-12-31/day', '四组'],
    // 336 days after 1 January: 336 mod 4 = 0 (day), 335 mod 4 = 3 (night).
    ['2026-12-03/day', '一组'],
    ['2026-12-03/night', '四组'],
  ])('%s is taken by %s (teams in turn from rotationFrom)', (id, team) => {
    expect(shiftById(id, SH)?.team).toBe(team);
  });

  it('gives each of four teams day, night, off, off (四班两倒), never two shifts in a row', () => {
    const week = shiftsBetween(zonedToEpoch('2026-01-01', '08:00', SH.timeZone), zonedToEpoch('2026-01-09', '08:00', SH.timeZone), SH);
    const of = (team: string) => week.filter((s) => s.team === team).map((s) => s.id);
    expect(of('一组')).toEqual(['2026-01-01/day', '2026-01-02/night', '2026-01-05/day', '2026-01-06/night']);
    expect(of('二组')).toEqual(['2026-01-02/day', '2026-01-03/night', '2026-01-06/day', '2026-01-07/night']);
  });

  it('with as many teams as shifts, goes round the teams instance by instance (no team on two shifts in a row)', () => {
    const two: DutyConfig = { ...SH, teams: ['甲班', '乙班'] };
    expect(['2026-01-01/day', '2026-01-01/night', '2026-01-02/day', '2026-01-02/night'].map((id) => shiftById(id, two)?.team)).toEqual(['甲班', '乙班', '甲班', '乙班']);
  });

  it('takes the day in order of start time, whatever order the shifts are listed in', () => {
    const listed: DutyConfig = { ...SH, shifts: [...SH.shifts].reverse() };
    expect([shiftById('2026-01-01/day', listed)?.team, shiftById('2026-01-01/night', listed)?.team]).toEqual(['一组', '四组']);
  });

  it.each(['', 'day', '2026-12-03', '2026-02-30/day', '2026-12-03/evening', '2026-12-03/day/x', '26-12-03/day'])('refuses the id %j', (id) => {
    expect(shiftById(id, SH)).toBeNull();
  });

  it('finds an instance by id with its times', () => {
    expect(shiftById('2026-10-24/night', BER)).toEqual({
      id: '2026-10-24/night', defId: 'night', name: '夜班', team: shiftById('2026-10-24/night', SH)!.team,
      start: utc('2026-10-24T18:00:00Z'), end: utc('2026-10-25T07:00:00Z'), localDate: '2026-10-24',
    });
  });

  it('skips a shift that lies wholly in the skipped hour', () => {
    const cfg = two('Europe/Berlin', '02:10', '02:40');
    expect(shiftById('2026-03-29/a', cfg)).toBeNull();
    expect(brief(shiftAt(utc('2026-03-29T01:00:00Z'), cfg))).toEqual(['2026-03-29/b', '2026-03-29T01:00:00.000Z', '2026-03-30T00:10:00.000Z', 23 + 1 / 6]);
    expect(shiftsBetween(utc('2026-03-29T00:00:00Z'), utc('2026-03-29T02:00:00Z'), cfg).map((s) => s.id)).toEqual(['2026-03-28/b', '2026-03-29/b']);
  });

  it('lists the shifts overlapping a span', () => {
    // Shanghai's 3 December, 00:00–24:00 local.
    const day = shiftsBetween(utc('2026-12-02T16:00:00Z'), utc('2026-12-03T16:00:00Z'), SH);
    expect(day.map((s) => s.id)).toEqual(['2026-12-02/night', '2026-12-03/day', '2026-12-03/night']);
    expect(shiftsBetween(utc('2026-12-03T00:00:00Z'), utc('2026-12-03T12:00:00Z'), SH).map((s) => s.id)).toEqual(['2026-12-03/day']);
    expect(shiftsBetween(5, 5, SH)).toEqual([]);
  });

  it('steps forward and back', () => {
    const s = shiftById('2026-03-28/night', BER)!;
    expect(nextShift(s, BER).id).toBe('2026-03-29/day');
    expect(previousShift(s, BER).id).toBe('2026-03-28/day');
    expect(previousShift(shiftById('2026-01-01/day', SH)!, SH).id).toBe('2025-12-31/night');
  });

  it.each([
    // 2026-01-01T00:00Z is 08:00 in Shanghai: the year's span starts and ends on a handover.
    ['Shanghai', SH, 730, 0],
    // Elsewhere a night shift crosses in at the start; the nights into the two changes are 11 and 13 hours.
    ['Berlin', BER, 731, 2],
    ['New York', NY, 731, 2],
    // Handover at 02:30: in spring both shifts touching the skipped hour are 11.5 hours; in autumn one is 13.
    ['Europe/Berlin from 02:30', two('Europe/Berlin', '02:30', '14:30'), 731, 3],
    ['America/New_York from 01:30', two('America/New_York', '01:30', '13:30'), 731, 2],
  ] as const)('%s: a year of shifts tiles the time, each handing over to the next', (_, cfg, count, notTwelveHours) => {
    const from = utc('2026-01-01T00:00:00Z');
    const to = utc('2027-01-01T00:00:00Z');
    const all = shiftsBetween(from, to, cfg);
    expect(all[0]!.start).toBeLessThanOrEqual(from);
    expect(all.at(-1)!.end).toBeGreaterThanOrEqual(to);
    for (let i = 1; i < all.length; i++) {
      expect(all[i]!.start).toBe(all[i - 1]!.end);
      expect(all[i]!.team).not.toBe(all[i - 1]!.team);
    }
    expect(new Set(all.map((s) => s.id)).size).toBe(all.length);
    expect(all.length).toBe(count);
    expect(all.filter((s) => s.end - s.start !== 12 * H).length).toBe(notTwelveHours);
  });
});
