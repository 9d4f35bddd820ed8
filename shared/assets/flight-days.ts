import type { BatteryDay } from './schema';

/**
 * A drone battery's charge-cycle count from its flight logs, day by day (飞行日志). Logs come in
 * two kinds, and a division has both:
 *
 * - the battery's own **cycle counter** by date (an absolute count: it only rises);
 * - the **flights a day** it flew (one flight taken as one charge cycle: the division's batteries
 *   are charged once per sortie).
 *
 * A counter can be told twice without harm (the ledger keeps the highest). Flights a day cannot
 * simply be added: the same export imported twice, or a monthly export over a weekly one, would
 * count a day twice. So each battery's days are kept (one `battery_day` row each), and:
 *
 * 1. A day's flights are the **highest** count any log told for that day. Importing a log again,
 *    or one that overlaps another, adds nothing for the days already told; a later export of a
 *    day that was still being flown (a higher count) adds the difference. Rows of one file for
 *    one battery and one day add up before this (two sorties on two rows); two drones' logs that
 *    each hold part of one battery's day are merged into one file first.
 * 2. A counter reading on a day **includes** every flight up to and including that day: flights
 *    told for a day on or before the battery's latest counter reading add nothing; flights after
 *    it add to it. A counter reading that arrives after flights were added for later days is laid
 *    under them: the count is at least the reading plus the flights told for the days after it.
 * 3. A battery with no counter reading on record counts its flights on top of the count it has
 *    (the count the ledger was given when the battery was accepted, or by the central).
 *
 * Every step is a maximum or a difference of maxima, so the order logs arrive in (offline boards,
 * a queue replayed) does not change the count, and nothing is counted twice.
 */

export type FlightDayInput = { day: string; flights: number };

/** The battery's latest counter reading on record: its day and value (null: none). */
export function lastCounter(days: readonly BatteryDay[]): { day: string; counter: number } | null {
  let last: { day: string; counter: number } | null = null;
  for (const d of days) if (d.counter !== null && (last === null || d.day > last.day)) last = { day: d.day, counter: d.counter };
  return last;
}

/**
 * A log's flights for one battery laid over its days on record (`days`: its rows), from the count
 * it has (`count`: null when it has none). Answers the rows to write (only those that change),
 * the new count, and how many cycles the log added.
 */
export function applyFlights(days: readonly BatteryDay[], assetId: string, told: readonly FlightDayInput[], count: number | null): { put: BatteryDay[]; count: number; added: number } {
  const byDay = new Map(days.map((d) => [d.day, d]));
  const counter = lastCounter(days);
  const put: BatteryDay[] = [];
  let added = 0;
  for (const t of told) {
    const old = byDay.get(t.day);
    const before = old?.flights ?? 0;
    const flights = Math.max(before, t.flights);
    if (old?.flights === flights) continue;
    const row: BatteryDay = { assetId, day: t.day, flights, counter: old?.counter ?? null };
    byDay.set(t.day, row);
    put.push(row);
    if (counter === null || t.day > counter.day) added += flights - before;
  }
  return { put, count: (count ?? 0) + added, added };
}

/**
 * A counter reading (its day and value) laid over the battery's days: the day's row keeps the
 * highest reading, and the count is at least the reading plus the flights told for later days.
 */
export function applyCounter(days: readonly BatteryDay[], assetId: string, reading: { day: string; cycles: number }, count: number | null): { put: BatteryDay | null; count: number } {
  const old = days.find((d) => d.day === reading.day);
  const counter = Math.max(old?.counter ?? 0, reading.cycles);
  const put = old?.counter === counter ? null : { assetId, day: reading.day, flights: old?.flights ?? null, counter };
  let after = 0;
  for (const d of days) if (d.day > reading.day && d.flights !== null) after += d.flights;
  return { put, count: Math.max(count ?? 0, reading.cycles + after) };
}

/** Days from the first to the last of a battery's flight days that a measured rate needs. */
export const MIN_RATE_SPAN_DAYS = 7;

/**
 * How hard a battery is flown lately, measured: its flights over the logged span of the window
 * (the first to the last day with a flight count, both counted), in cycles a day. Null when the
 * window holds less than MIN_RATE_SPAN_DAYS of log: the model then takes the count over the
 * battery's age. A day inside the span with no row was not flown (the log lists the days flown).
 */
export function flownPerDay(days: readonly BatteryDay[], from: string, to: string): number | null {
  let first: string | null = null;
  let last: string | null = null;
  let flights = 0;
  for (const d of days) {
    if (d.flights === null || d.day < from || d.day > to) continue;
    flights += d.flights;
    if (first === null || d.day < first) first = d.day;
    if (last === null || d.day > last) last = d.day;
  }
  if (first === null || last === null) return null;
  const span = dayNumber(last) - dayNumber(first) + 1;
  return span >= MIN_RATE_SPAN_DAYS ? flights / span : null;
}

/** How far back a battery's flights a day measure how hard it is flown lately. */
export const RATE_WINDOW_DAYS = 60;

/** The first day of the rate's window ending on `now`'s day. */
export function rateWindowStart(now: number, tzOffsetMinutes = 480): string {
  return localDay(now - (RATE_WINDOW_DAYS - 1) * DAY_MS, tzOffsetMinutes);
}

/** Each battery's measured cycles a day over the window ending today (flownPerDay), where it has one. */
export function flownRates(days: readonly BatteryDay[], now: number, tzOffsetMinutes = 480): Map<string, number> {
  const from = rateWindowStart(now, tzOffsetMinutes);
  const to = localDay(now, tzOffsetMinutes);
  const byAsset = new Map<string, BatteryDay[]>();
  for (const d of days) if (d.day >= from && d.day <= to) (byAsset.get(d.assetId) ?? byAsset.set(d.assetId, []).get(d.assetId)!).push(d);
  const rates = new Map<string, number>();
  for (const [id, list] of byAsset) {
    const r = flownPerDay(list, from, to);
    if (r !== null) rates.set(id, r);
  }
  return rates;
}

const DAY_MS = 86_400_000;
/** Days since 1970-01-01 of a YYYY-MM-DD day. */
export function dayNumber(day: string): number {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / DAY_MS;
}

/** The calendar day (YYYY-MM-DD) a time falls on, `tzOffsetMinutes` east of UTC (Beijing: 480). */
export function localDay(at: number, tzOffsetMinutes = 480): string {
  return new Date(at + tzOffsetMinutes * 60_000).toISOString().slice(0, 10);
}
