import type { z } from 'zod';
import { dutyConfigSchema, type DutyConfig, type ShiftDef } from './schema';
import { formatClock, isKnownTimeZone, parseClock, parseLocalDate } from './zoned-time';

/**
 * Whether a duty configuration can be used, and if not, every reason, each at its path
 * (`shifts.1.end`, `levels.red`) with a code the renderer translates and an English message.
 *
 * Beyond the schema: the shifts must cover the 24 hours exactly once (a gap or an overlap is
 * named by its times, "20:00–21:00 is in no shift"); a shift needs a length (start = end is
 * refused, except for a lone shift, which then runs the whole 24 hours from that time); ids
 * and team names are unique; the time zone is one Intl knows; a level is not answered later
 * than it is closed; the rotation starts on a real date.
 */

export const DUTY_CONFIG_PROBLEMS = [
  /** Anything the schema refuses that has no code of its own (shape, lengths, unknown keys). */
  'invalid',
  /** A deadline of zero or fewer minutes (a level's limit, a class's deadline). */
  'limit_not_positive',
  'shift_time_invalid',
  'shift_gap',
  'shift_overlap',
  'shift_zero_length',
  'shift_duplicate_id',
  'team_duplicate',
  'time_zone_unknown',
  'respond_after_close',
  'rotation_date_invalid',
] as const;
export type DutyConfigProblemCode = (typeof DUTY_CONFIG_PROBLEMS)[number];

export type DutyConfigProblem = { path: string; code: DutyConfigProblemCode; message: string };
export type DutyConfigCheck = { ok: true; config: DutyConfig } | { ok: false; problems: DutyConfigProblem[] };

const DAY_MIN = 24 * 60;

function fromSchema(issue: z.core.$ZodIssue): DutyConfigProblem {
  const path = issue.path.map(String).join('.');
  const last = issue.path.at(-1);
  const isLimit = issue.path[0] === 'classes' || last === 'respondMin' || last === 'closeMin';
  if (isLimit && issue.code === 'too_small') {
    const got = typeof issue.input === 'number' ? ` (${issue.input} given)` : '';
    return { path, code: 'limit_not_positive', message: `${path}: a time limit must be at least one minute${got}; leave it empty for none where none is allowed` };
  }
  if (issue.path[0] === 'shifts' && (last === 'start' || last === 'end')) {
    return { path, code: 'shift_time_invalid', message: `${path}: a time of day as HH:MM, 00:00 to 23:59 (${JSON.stringify(issue.input ?? null)} given)` };
  }
  return { path, code: 'invalid', message: path ? `${path}: ${issue.message}` : issue.message };
}

/** Minute-by-minute, which shifts hold each minute of the day. */
function coverage(shifts: readonly ShiftDef[]): string[][] {
  const held: string[][] = Array.from({ length: DAY_MIN }, () => []);
  for (const s of shifts) {
    const start = parseClock(s.start)!;
    const end = parseClock(s.end)!;
    const length = shifts.length === 1 && start === end ? DAY_MIN : (end - start + DAY_MIN) % DAY_MIN;
    for (let m = 0; m < length; m++) held[(start + m) % DAY_MIN]!.push(s.id);
  }
  return held;
}

/**
 * Runs of minutes held by the same shifts, round the clock: a run that crosses midnight is
 * one run (23:00–01:00), not two.
 */
function runs(held: readonly string[][]): { from: number; to: number; ids: string[] }[] {
  const key = (m: number) => held[m % DAY_MIN]!.join('\u0000');
  // Start where the holding changes, so that no run is cut at midnight.
  let origin = 0;
  while (origin < DAY_MIN && key(origin) === key(origin + DAY_MIN - 1)) origin++;
  if (origin === DAY_MIN) return [{ from: 0, to: 0, ids: held[0]! }];
  const out: { from: number; to: number; ids: string[] }[] = [];
  for (let m = origin; m < origin + DAY_MIN; ) {
    let end = m + 1;
    while (end < origin + DAY_MIN && key(end) === key(m)) end++;
    out.push({ from: m % DAY_MIN, to: end % DAY_MIN, ids: held[m % DAY_MIN]! });
    m = end;
  }
  return out;
}

function shiftProblems(shifts: readonly ShiftDef[]): DutyConfigProblem[] {
  const problems: DutyConfigProblem[] = [];
  const firstIndex = new Map<string, number>();
  shifts.forEach((s, i) => {
    const seen = firstIndex.get(s.id);
    if (seen !== undefined) problems.push({ path: `shifts.${i}.id`, code: 'shift_duplicate_id', message: `shift id "${s.id}" is used by shifts ${seen + 1} and ${i + 1}` });
    else firstIndex.set(s.id, i);
  });
  const zero = new Set<ShiftDef>();
  if (shifts.length > 1) {
    shifts.forEach((s, i) => {
      if (s.start !== s.end) return;
      zero.add(s);
      problems.push({ path: `shifts.${i}`, code: 'shift_zero_length', message: `shift "${s.name}" starts and ends at ${s.start}: it has no length (only a lone shift may run the whole 24 hours)` });
    });
  }
  for (const run of runs(coverage(shifts.filter((s) => !zero.has(s))))) {
    const span = run.from === run.to ? 'the whole day' : `${formatClock(run.from)}–${formatClock(run.to)}`;
    if (run.ids.length === 0) problems.push({ path: 'shifts', code: 'shift_gap', message: `${span} is in no shift` });
    else if (run.ids.length > 1) problems.push({ path: 'shifts', code: 'shift_overlap', message: `${span} is in more than one shift (${run.ids.join(', ')})` });
  }
  return problems;
}

export function checkDutyConfig(raw: unknown): DutyConfigCheck {
  const parsed = dutyConfigSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map(fromSchema) };
  const config = parsed.data;
  const problems = shiftProblems(config.shifts);

  const teamIndex = new Map<string, number>();
  config.teams.forEach((t, i) => {
    const seen = teamIndex.get(t);
    if (seen !== undefined) problems.push({ path: `teams.${i}`, code: 'team_duplicate', message: `team "${t}" is listed twice (${seen + 1} and ${i + 1})` });
    else teamIndex.set(t, i);
  });

  if (!isKnownTimeZone(config.timeZone)) {
    problems.push({ path: 'timeZone', code: 'time_zone_unknown', message: `time zone "${config.timeZone}" is not known: an IANA name such as Asia/Shanghai` });
  }
  if (!parseLocalDate(config.rotationFrom)) {
    problems.push({ path: 'rotationFrom', code: 'rotation_date_invalid', message: `rotationFrom: ${config.rotationFrom} is not a calendar date` });
  }
  for (const [level, { respondMin, closeMin }] of Object.entries(config.levels)) {
    if (respondMin !== null && closeMin !== null && respondMin > closeMin) {
      problems.push({ path: `levels.${level}`, code: 'respond_after_close', message: `${level}: answered within ${respondMin} min but closed within ${closeMin} min: the answer cannot be due after the close` });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config };
}
