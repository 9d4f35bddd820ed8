import type { DutyConfig, ShiftDef } from './schema';
import { addLocalDays, daysBetween, epochToZoned, parseClock, parseLocalDate, zonedToEpoch } from './zoned-time';

/**
 * Shift instances (班次): a shift definition on a local date, as real instants in the
 * configuration's time zone. The configuration is assumed checked (config-check.ts): its
 * shifts cover the 24 hours exactly once.
 *
 * - An instance belongs to the local date on which it STARTS: the night shift 20:00–08:00 of
 *   3 December is `2026-12-03/night` and ends on the 4th.
 * - Across a daylight-saving change each instance keeps its wall-clock times, so its length
 *   changes: Berlin's night shift into the spring change lasts 11 hours, into the autumn one
 *   13. A start or end in the skipped hour falls at the end of the skip; in the repeated hour
 *   at its first occurrence (zoned-time.ts). One shift's end is always the next one's start,
 *   since both are the same wall time read by the same rule. A shift lying wholly inside a
 *   skipped hour has no length that day: it is skipped (never returned).
 * - Team rotation: the day's shifts are taken in order of their start time; the first shift
 *   starting on `rotationFrom` is taken by teams[0]. With more teams than shifts a day, a team
 *   works shift i on day d + i and then rests: shift i of day d goes to teams[(d − i) mod T]
 *   (four teams on two shifts: day, night, off, off — 四班两倒; three teams on two: day, night,
 *   off). With as many teams as shifts or fewer, each following instance goes to the next
 *   team round the list (instance n → teams[n mod T]): a rotation that never puts a team on
 *   two shifts in a row. Counting goes back before `rotationFrom` too.
 */

export type ShiftInstance = {
  /** `${localDate}/${defId}`, e.g. 2026-12-03/night: the handover's id. */
  id: string;
  defId: string;
  name: string;
  team: string;
  start: number;
  /** Exclusive. */
  end: number;
  /** The local date of the start. */
  localDate: string;
};

/** The day's shifts by start time (the rotation's order), with their minutes. */
function dayOrder(cfg: DutyConfig): { def: ShiftDef; index: number; crossesMidnight: boolean }[] {
  return cfg.shifts
    .map((def) => ({ def, startMin: parseClock(def.start)!, endMin: parseClock(def.end)! }))
    .sort((a, b) => a.startMin - b.startMin)
    .map(({ def, startMin, endMin }, index) => ({ def, index, crossesMidnight: endMin <= startMin }));
}

const mod = (n: number, m: number) => ((n % m) + m) % m;

function instanceOf(localDate: string, slot: ReturnType<typeof dayOrder>[number], perDay: number, cfg: DutyConfig): ShiftInstance {
  const { def, index, crossesMidnight } = slot;
  const day = daysBetween(cfg.rotationFrom, localDate);
  // More teams than shifts: each team works the day's shifts on consecutive days, then rests
  // (four teams on two shifts: day, night, off, off — 四班两倒). Otherwise the shifts go round the teams.
  const n = cfg.teams.length > perDay ? day - index : day * perDay + index;
  return {
    id: `${localDate}/${def.id}`,
    defId: def.id,
    name: def.name,
    team: cfg.teams[mod(n, cfg.teams.length)]!,
    start: zonedToEpoch(localDate, def.start, cfg.timeZone),
    end: zonedToEpoch(crossesMidnight ? addLocalDays(localDate, 1) : localDate, def.end, cfg.timeZone),
    localDate,
  };
}

/** The instances starting on each local date from `fromDate` to `toDate` (inclusive), in order, those with no length left out. */
function instancesOnDates(fromDate: string, toDate: string, cfg: DutyConfig): ShiftInstance[] {
  const order = dayOrder(cfg);
  const out: ShiftInstance[] = [];
  for (let d = fromDate; d <= toDate; d = addLocalDays(d, 1)) {
    for (const slot of order) {
      const s = instanceOf(d, slot, order.length, cfg);
      if (s.end > s.start) out.push(s);
    }
  }
  return out;
}

/** The shift on duty at t. */
export function shiftAt(t: number, cfg: DutyConfig): ShiftInstance {
  const today = epochToZoned(t, cfg.timeZone).date;
  // A shift holding t started today or, crossing midnight, yesterday.
  const found = instancesOnDates(addLocalDays(today, -1), today, cfg).find((s) => s.start <= t && t < s.end);
  if (!found) throw new Error(`no shift holds ${new Date(t).toISOString()}: the shifts do not cover the day (check the configuration)`);
  return found;
}

/** The instance an id names (`2026-12-03/night`), or null when the id is malformed, the shift unknown or it has no length that day. */
export function shiftById(id: string, cfg: DutyConfig): ShiftInstance | null {
  const m = /^(\d{4}-\d{2}-\d{2})\/(.+)$/.exec(id);
  if (!m || !parseLocalDate(m[1]!)) return null;
  const order = dayOrder(cfg);
  const slot = order.find((o) => o.def.id === m[2]);
  if (!slot) return null;
  const s = instanceOf(m[1]!, slot, order.length, cfg);
  return s.end > s.start ? s : null;
}

/** The instances that overlap [from, to), in order (the first may start before `from`, the last end after `to`). */
export function shiftsBetween(from: number, to: number, cfg: DutyConfig): ShiftInstance[] {
  if (from >= to) return [];
  const first = epochToZoned(from, cfg.timeZone).date;
  const last = epochToZoned(to - 1, cfg.timeZone).date;
  return instancesOnDates(addLocalDays(first, -1), last, cfg).filter((s) => s.start < to && s.end > from);
}

/** The shift that takes over at s's end. */
export const nextShift = (s: ShiftInstance, cfg: DutyConfig): ShiftInstance => shiftAt(s.end, cfg);

/** The shift that handed over at s's start. */
export const previousShift = (s: ShiftInstance, cfg: DutyConfig): ShiftInstance => shiftAt(s.start - 1, cfg);
