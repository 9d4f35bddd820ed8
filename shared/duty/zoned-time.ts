/**
 * Local time in an IANA time zone ↔ epoch milliseconds, from Intl alone (shared/ has no
 * time-zone library and must not depend on the machine's own zone).
 *
 * Hazards this file exists for:
 * - A local time may not exist (the hour skipped when clocks go forward) or exist twice (the
 *   hour repeated when they go back). `zonedToEpoch` answers the first instant at or after
 *   the skipped hour (its end: 02:30 on a spring-forward night in Berlin is 03:00 CEST), and
 *   the FIRST occurrence of a repeated time (02:30 on the autumn night is 02:30 CEST, not CET).
 * - `Date.getHours()` and friends read the machine's zone: never used here.
 *
 * Formatters are costly to make; one is kept per zone.
 */

const MINUTE = 60_000;
export const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's formatter; throws RangeError for a zone Intl does not know. */
function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether Intl knows the zone (an IANA name such as 'Asia/Shanghai', or 'UTC'). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterOf(timeZone);
    return true;
  } catch {
    return false;
  }
}

export type ZonedTime = {
  /** YYYY-MM-DD, the local calendar date. */
  date: string;
  /** HH:MM, the local wall clock (00:00–23:59). */
  time: string;
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Local minus UTC, in minutes (Shanghai: 480; New York in winter: −300). */
  offsetMin: number;
};

const pad2 = (n: number) => String(n).padStart(2, '0');
const pad4 = (n: number) => String(n).padStart(4, '0');

export const formatDate = (year: number, month: number, day: number): string => `${pad4(year)}-${pad2(month)}-${pad2(day)}`;
export const formatClock = (minuteOfDay: number): string => `${pad2(Math.floor(minuteOfDay / 60))}:${pad2(minuteOfDay % 60)}`;

/** The UTC epoch of a wall-clock reading taken as if it were UTC (years 0–9999 kept as written). */
function wallAsUtc(year: number, month: number, day: number, hour: number, minute: number, second = 0): number {
  const d = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

/** The local reading of an instant in a zone. */
export function epochToZoned(t: number, timeZone: string): ZonedTime {
  const parts = formatterOf(timeZone).formatToParts(t);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)!.value);
  const [year, month, day, hour, minute, second] = [get('year'), get('month'), get('day'), get('hour'), get('minute'), get('second')];
  const wholeSecond = t - (((t % 1000) + 1000) % 1000);
  const offsetMin = Math.round((wallAsUtc(year, month, day, hour, minute, second) - wholeSecond) / MINUTE);
  return { date: formatDate(year, month, day), time: `${pad2(hour)}:${pad2(minute)}`, year, month, day, hour, minute, second, offsetMin };
}

const offsetAt = (t: number, timeZone: string) => epochToZoned(t, timeZone).offsetMin * MINUTE;

/** 'YYYY-MM-DD' → its parts, or null where it is not a calendar date (2026-02-30). */
export function parseLocalDate(date: string): { year: number; month: number; day: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(wallAsUtc(year, month, day, 0, 0));
  return d.getUTCFullYear() === year && d.getUTCMonth() + 1 === month && d.getUTCDate() === day ? { year, month, day } : null;
}

/** 'HH:MM' → minutes after midnight (0–1439), or null. */
export function parseClock(clock: string): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(clock);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** A calendar date n days later (n may be negative); no time zone involved. */
export function addLocalDays(date: string, n: number): string {
  const p = parseLocalDate(date);
  if (!p) throw new RangeError(`not a date: ${date}`);
  const d = new Date(wallAsUtc(p.year, p.month, p.day, 0, 0) + n * DAY_MS);
  return formatDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Whole days from one calendar date to another (b − a). */
export function daysBetween(a: string, b: string): number {
  const pa = parseLocalDate(a);
  const pb = parseLocalDate(b);
  if (!pa || !pb) throw new RangeError(`not a date: ${pa ? b : a}`);
  return Math.round((wallAsUtc(pb.year, pb.month, pb.day, 0, 0) - wallAsUtc(pa.year, pa.month, pa.day, 0, 0)) / DAY_MS);
}

/**
 * The instant a local date and wall clock name in a zone. A time in a skipped hour gives the
 * first instant after the skip; a repeated time gives its first occurrence.
 */
export function zonedToEpoch(localDate: string, clock: string, timeZone: string): number {
  const p = parseLocalDate(localDate);
  const minuteOfDay = parseClock(clock);
  if (!p || minuteOfDay === null) throw new RangeError(`not a local date and time: ${localDate} ${clock}`);
  const wall = wallAsUtc(p.year, p.month, p.day, Math.floor(minuteOfDay / 60), minuteOfDay % 60);
  // Zones change their offset at most once in any two days, so the offsets a day either side
  // are the only ones that can apply. Each gives a candidate; keep those that read back right.
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const candidates = [wall - before, wall - after].filter((t) => t + offsetAt(t, timeZone) === wall).sort((a, b) => a - b);
  if (candidates.length > 0) return candidates[0]!;
  // In the skipped hour: the change happened between wall − after and wall − before. Find its
  // instant (the first one with the new offset) by bisection, to the millisecond.
  let lo = Math.min(wall - after, wall - before);
  let hi = Math.max(wall - after, wall - before);
  const oldOffset = offsetAt(lo, timeZone);
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (offsetAt(mid, timeZone) === oldOffset) lo = mid;
    else hi = mid;
  }
  return hi;
}
