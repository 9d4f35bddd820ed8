import { describe, expect, it } from 'vitest';
import { applyCounter, applyFlights, flownPerDay, lastCounter, localDay, type FlightDayInput } from './flight-days';
import type { BatteryDay } from './schema';

const A = 'bat-1';
type Log = { kind: 'flights'; days: FlightDayInput[] } | { kind: 'counter'; day: string; cycles: number };

/** Logs applied in order from a count, as the command applies them: the rows kept and the count. */
function run(logs: readonly Log[], start: number | null = null): { count: number; days: BatteryDay[] } {
  const rows = new Map<string, BatteryDay>();
  let count = start;
  for (const l of logs) {
    const days = [...rows.values()];
    if (l.kind === 'flights') {
      const r = applyFlights(days, A, l.days, count);
      for (const p of r.put) rows.set(p.day, p);
      count = r.count;
    } else {
      const r = applyCounter(days, A, { day: l.day, cycles: l.cycles }, count);
      if (r.put) rows.set(r.put.day, r.put);
      count = r.count;
    }
  }
  return { count: count ?? 0, days: [...rows.values()].sort((x, y) => (x.day < y.day ? -1 : 1)) };
}

const week: FlightDayInput[] = [
  { day: '2026-11-01', flights: 3 },
  { day: '2026-11-02', flights: 2 },
  { day: '2026-11-04', flights: 4 },
];
const month: FlightDayInput[] = [...week, { day: '2026-11-10', flights: 1 }, { day: '2026-11-20', flights: 5 }];
const flights = (days: FlightDayInput[]): Log => ({ kind: 'flights', days });
const counter = (day: string, cycles: number): Log => ({ kind: 'counter', day, cycles });

describe('a battery’s count from flights a day and its counter', () => {
  it.each<[string, Log[], number | null, number]>([
    ['a week of flights on a battery accepted with 120 cycles', [flights(week)], 120, 129],
    ['the same file imported twice adds nothing the second time', [flights(week), flights(week)], 120, 129],
    ['a month’s export over the week’s counts only the new days', [flights(week), flights(month)], 120, 135],
    ['the week’s export after the month’s adds nothing', [flights(month), flights(week)], 120, 135],
    ['a day exported while still being flown, then whole: the difference', [flights([{ day: '2026-11-04', flights: 1 }]), flights(week)], 0, 9],
    ['a lower count for a day already told changes nothing', [flights(week), flights([{ day: '2026-11-04', flights: 1 }])], 0, 9],
    ['no count before: the flights alone', [flights(week)], null, 9],
    ['a counter reading includes its day and the days before', [counter('2026-11-02', 200), flights(week)], 120, 204],
    ['flights before the counter arrives, then the counter: laid under the later days', [flights(month), counter('2026-11-02', 200)], 120, 210],
    ['a counter below what the flights already gave leaves the count', [flights(month), counter('2026-11-01', 100)], 120, 135],
    ['a newer counter includes the flights up to its day', [counter('2026-11-01', 200), flights(month), counter('2026-11-10', 212)], 120, 217],
  ])('%s', (_name, logs, start, expected) => {
    expect(run(logs, start).count).toBe(expected);
  });

  it('keeps each day once, at the highest count told, with the counter on its day', () => {
    const { days } = run([flights(week), counter('2026-11-02', 200), flights([{ day: '2026-11-02', flights: 3 }])], 120);
    expect(days).toEqual([
      { assetId: A, day: '2026-11-01', flights: 3, counter: null },
      { assetId: A, day: '2026-11-02', flights: 3, counter: 200 },
      { assetId: A, day: '2026-11-04', flights: 4, counter: null },
    ]);
    expect(lastCounter(days)).toEqual({ day: '2026-11-02', counter: 200 });
  });

  it('writes only the days that change', () => {
    const first = applyFlights([], A, week, 0);
    expect(first.put.map((d) => d.day)).toEqual(['2026-11-01', '2026-11-02', '2026-11-04']);
    expect(applyFlights(first.put, A, week, first.count)).toEqual({ put: [], count: 9, added: 0 });
  });

  it('the order logs arrive in does not change the count (offline boards, a replayed queue)', () => {
    const logs: Log[] = [flights(week), flights(month), counter('2026-11-02', 200), flights([{ day: '2026-11-21', flights: 2 }]), counter('2026-11-10', 212)];
    const orders = permutations(logs.map((_, i) => i));
    const counts = new Set(orders.map((o) => run(o.map((i) => logs[i]!), 120).count));
    expect(orders).toHaveLength(120);
    // 212 on 2026-11-10 includes everything up to it; after it: 5 on the 20th and 2 on the 21st.
    expect([...counts]).toEqual([219]);
  });
});

describe('how hard a battery is flown lately', () => {
  const days = (list: [string, number][]): BatteryDay[] => list.map(([day, f]) => ({ assetId: A, day, flights: f, counter: null }));
  it.each<[string, BatteryDay[], number | null]>([
    ['flights over the logged span, both ends counted', days([['2026-11-01', 3], ['2026-11-10', 2]]), 0.5],
    ['a span shorter than a week is not a measurement', days([['2026-11-01', 3], ['2026-11-06', 2]]), null],
    ['days outside the window are left out', days([['2026-09-01', 5], ['2026-11-01', 2], ['2026-11-14', 5]]), 0.5],
    ['no flights in the window', days([['2026-09-01', 5]]), null],
  ])('%s', (_name, list, expected) => {
    expect(flownPerDay(list, '2026-10-01', '2026-11-30')).toBe(expected);
  });
});

describe('the calendar day a time falls on', () => {
  it('in Beijing time by default, and at a given offset', () => {
    const at = Date.UTC(2026, 10, 30, 17, 0); // 01:00 on 1 December in Beijing
    expect(localDay(at)).toBe('2026-12-01');
    expect(localDay(at, 60)).toBe('2026-11-30');
  });
});

function permutations(xs: number[]): number[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}
