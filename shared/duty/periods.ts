import type { DutyConfig } from './schema';
import { nextShift, shiftAt, shiftById } from './shifts';
import { addLocalDays, epochToZoned, formatClock, formatDate, parseLocalDate, zonedToEpoch } from './zoned-time';

/**
 * Report periods in the configuration's time zone: a shift, a day, a month, a quarter, a half
 * year, a year. Each has a key that names it in a URL or a file name and a span [from, to).
 * Days start at local midnight (a midnight a zone skips: the first instant after it), so a day
 * is 23 or 25 hours long across a daylight-saving change; the longer periods are whole days.
 *
 * Keys: 2026-12-03/night (a shift, as in shifts.ts), 2026-12-03, 2026-12, 2026-Q4, 2026-H2, 2026.
 */

export const PERIOD_KINDS = ['shift', 'day', 'month', 'quarter', 'half', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export type Period = { kind: PeriodKind; key: string; from: number; to: number };

/** A bucket of a period's chart: a period, or an hour of a shift (key: local start with its offset, 2026-10-25T02:00+01:00, unique in a repeated hour). */
export type SubPeriod = Period | { kind: 'hour'; key: string; from: number; to: number };

const HOUR = 3600_000;

/** Months in each kind of period of months, and how its key names its index. */
const MONTH_SPANS = { month: 1, quarter: 3, half: 6, year: 12 } as const;

/** Year, and the month, quarter or half within it (1-based). */
const KEY_PATTERNS = {
  year: /^(\d{4})$/,
  half: /^(\d{4})-H([12])$/,
  quarter: /^(\d{4})-Q([1-4])$/,
  month: /^(\d{4})-(0[1-9]|1[0-2])$/,
} as const;

const midnight = (date: string, cfg: DutyConfig) => zonedToEpoch(date, '00:00', cfg.timeZone);

/** The first day of the month `months` after (year, month), as YYYY-MM-DD. */
function monthStart(year: number, month: number, months = 0): string {
  const index = year * 12 + (month - 1) + months;
  return formatDate(Math.floor(index / 12), (index % 12) + 1, 1);
}

function keyOf(kind: Exclude<PeriodKind, 'shift' | 'day'>, year: number, firstMonth: number): string {
  const y = String(year).padStart(4, '0');
  switch (kind) {
    case 'year':
      return y;
    case 'half':
      return `${y}-H${Math.floor((firstMonth - 1) / 6) + 1}`;
    case 'quarter':
      return `${y}-Q${Math.floor((firstMonth - 1) / 3) + 1}`;
    case 'month':
      return `${y}-${String(firstMonth).padStart(2, '0')}`;
  }
}

function monthsPeriod(kind: Exclude<PeriodKind, 'shift' | 'day'>, year: number, firstMonth: number, cfg: DutyConfig): Period {
  return { kind, key: keyOf(kind, year, firstMonth), from: midnight(monthStart(year, firstMonth), cfg), to: midnight(monthStart(year, firstMonth, MONTH_SPANS[kind]), cfg) };
}

function dayPeriod(date: string, cfg: DutyConfig): Period {
  return { kind: 'day', key: date, from: midnight(date, cfg), to: midnight(addLocalDays(date, 1), cfg) };
}

function shiftPeriod(s: { id: string; start: number; end: number }): Period {
  return { kind: 'shift', key: s.id, from: s.start, to: s.end };
}

/** The period of a kind that holds t. */
export function periodOf(kind: PeriodKind, t: number, cfg: DutyConfig): Period {
  if (kind === 'shift') return shiftPeriod(shiftAt(t, cfg));
  const local = epochToZoned(t, cfg.timeZone);
  if (kind === 'day') return dayPeriod(local.date, cfg);
  const span = MONTH_SPANS[kind];
  return monthsPeriod(kind, local.year, Math.floor((local.month - 1) / span) * span + 1, cfg);
}

/** The period a key names, or null for a malformed key (or a shift with no length that day). */
export function periodByKey(kind: PeriodKind, key: string, cfg: DutyConfig): Period | null {
  if (kind === 'shift') {
    const s = shiftById(key, cfg);
    return s && shiftPeriod(s);
  }
  if (kind === 'day') return parseLocalDate(key) ? dayPeriod(key, cfg) : null;
  const m = KEY_PATTERNS[kind].exec(key);
  if (!m) return null;
  const index = m[2] === undefined ? 1 : Number(m[2]);
  const span = MONTH_SPANS[kind];
  return monthsPeriod(kind, Number(m[1]), (index - 1) * span + 1, cfg);
}

/**
 * The buckets a chart of the period shows: a year, half or quarter by months, a month by
 * days, a day by shifts, a shift by hours.
 *
 * Hazard: a day's buckets are the shifts STARTING on it (its duty day), each whole, so they
 * do not tile the calendar day: the night of the 3rd runs into the 4th, and the small hours
 * of the 3rd belong to the night of the 2nd. Every other kind's buckets tile its period
 * exactly. A shift's hours count from its start; across a daylight-saving change the shift
 * has 11 or 13 of them; the last may be shorter where a shift starts off the hour.
 */
export function subPeriods(period: Period, cfg: DutyConfig): SubPeriod[] {
  const out: SubPeriod[] = [];
  switch (period.kind) {
    case 'shift':
      for (let from = period.from; from < period.to; from += HOUR) {
        const z = epochToZoned(from, cfg.timeZone);
        const sign = z.offsetMin < 0 ? '-' : '+';
        out.push({ kind: 'hour', key: `${z.date}T${z.time}${sign}${formatClock(Math.abs(z.offsetMin))}`, from, to: Math.min(from + HOUR, period.to) });
      }
      return out;
    case 'day': {
      const date = period.key;
      const first = shiftAt(period.from, cfg);
      for (let s = first.localDate === date ? first : nextShift(first, cfg); s.localDate === date; s = nextShift(s, cfg)) out.push(shiftPeriod(s));
      return out;
    }
    case 'month':
      for (let p = dayPeriod(epochToZoned(period.from, cfg.timeZone).date, cfg); p.from < period.to; p = dayPeriod(addLocalDays(p.key, 1), cfg)) out.push(p);
      return out;
    default:
      for (let p = periodOf('month', period.from, cfg); p.from < period.to; p = periodOf('month', p.to, cfg)) out.push(p);
      return out;
  }
}

/** The period of the same kind just before. */
export const previousPeriod = (period: Period, cfg: DutyConfig): Period => periodOf(period.kind, period.from - 1, cfg);

/** The period of the same kind just after. */
export const nextPeriod = (period: Period, cfg: DutyConfig): Period => periodOf(period.kind, period.to, cfg);
