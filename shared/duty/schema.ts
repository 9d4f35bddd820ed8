import { z } from 'zod';
import { ALERT_LEVELS, type AlertLevel } from '../alerts/levels';
import { entityId, epochMs, lat, lon } from '../schema-parts';

/**
 * The duty shift's records and settings (值班): alerts with owners and deadlines, the
 * division's alert rules and time limits, request classes, shifts and teams, the signed
 * handover (交接班) and link-failure drills. Shapes only; the rules are in the files beside.
 */

/** Every signal the board turns into an alert. */
export const ALERT_KINDS = [
  'deadline_risk',
  'deadline_missed',
  'red_request',
  'vehicle_silent',
  'link_down',
  'stock_low',
  'readiness_low',
  'battery_red_line',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** Request classes (请求类别) and their deadlines: emergency supply 30 min, public help 8 min, routine by agreement. */
export const REQUEST_CLASSES = ['emergency', 'public_help', 'routine'] as const;
export type RequestClass = (typeof REQUEST_CLASSES)[number];

const minutes = z.number().int().min(1, 'a time limit must be at least one minute').max(366 * 24 * 60);
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM');
const name = z.string().trim().min(1).max(60);

/** A level's time limits: answered (acknowledged) within `respondMin`, closed within `closeMin`. null: none. */
export const levelLimitSchema = z.strictObject({ respondMin: minutes.nullable(), closeMin: minutes.nullable() });

/** One rule: on or off, the level it raises, its threshold (minutes or per cent, by kind; null where it has none). */
export const alertRuleSchema = z.strictObject({ enabled: z.boolean(), level: z.enum(ALERT_LEVELS), threshold: z.number().finite().min(0).max(100_000).nullable() });

export const shiftDefSchema = z.strictObject({ id: entityId, name, start: clock, end: clock });

export const dutyConfigSchema = z.strictObject({
  /** The division's time limits per level (the documents' values by default). */
  levels: z.strictObject({ green: levelLimitSchema, yellow: levelLimitSchema, orange: levelLimitSchema, red: levelLimitSchema }),
  /** The alert rules, one per signal. */
  rules: z.strictObject(Object.fromEntries(ALERT_KINDS.map((k) => [k, alertRuleSchema])) as Record<AlertKind, typeof alertRuleSchema>),
  /** Request classes' deadlines in minutes (routine: the default the officer agrees from). */
  classes: z.strictObject({ emergency: minutes, public_help: minutes, routine: minutes }),
  /** Departments an alert can be escalated to (besides the supervisor on duty). */
  departments: z.array(name).max(30),
  /** The shifts of a day, in order; together they cover the 24 hours without gap or overlap. */
  shifts: z.array(shiftDefSchema).min(1).max(6),
  /** Teams (班组) taking the shifts in turn, from `rotationFrom` (a local date, YYYY-MM-DD). */
  teams: z.array(name).min(1).max(12),
  rotationFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** IANA time zone the shift times are read in. */
  timeZone: z.string().min(1).max(64),
});
export type DutyConfig = z.infer<typeof dutyConfigSchema>;
export type LevelLimits = Record<AlertLevel, z.infer<typeof levelLimitSchema>>;
export type ShiftDef = z.infer<typeof shiftDefSchema>;

/** Who did something to an alert, when, and why. */
const step = z.strictObject({ at: epochMs, by: z.string().max(100) });

export const ALERT_STATES = ['open', 'acknowledged', 'closed'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/**
 * An alert as a central record: raised by the central's rules (or by a console, for what
 * only a console sees: its link down), owned by the first responsible, with its deadlines,
 * everything done to it, and its overdue record (kept once set).
 */
export const alertRecordSchema = z.strictObject({
  /** Stable per condition: `<kind>:<subject>` (a recurring condition after closing gets `#n`). */
  id: z.string().min(1).max(200),
  kind: z.enum(ALERT_KINDS),
  level: z.enum(ALERT_LEVELS),
  /** What it is about: a request, vehicle, site/item, asset type, workstation. */
  subject: z.string().max(200),
  /** Words the console shows (a destination, a plate, a site and item), not translated. */
  label: z.string().max(200),
  place: z.strictObject({ lon, lat }).nullable(),
  raisedAt: epochMs,
  raisedBy: z.string().max(100),
  /** The first responsible (a username); null: whoever is on duty. */
  owner: z.string().max(100).nullable(),
  respondBy: epochMs.nullable(),
  closeBy: epochMs.nullable(),
  state: z.enum(ALERT_STATES),
  acknowledged: step.nullable(),
  /** Escalations in order, manual and automatic ('overdue_respond', 'overdue_close'). */
  escalations: z
    .array(step.extend({ to: z.array(name).min(1).max(30), reason: z.enum(['manual', 'overdue_respond', 'overdue_close']), note: z.string().max(500) }))
    .max(50),
  /** When it went past each deadline: stays on file whatever happens next. */
  overdue: z.strictObject({ respond: epochMs.nullable(), close: epochMs.nullable() }),
  /** When the condition ended (the request delivered, the vehicle reporting again). */
  clearedAt: epochMs.nullable(),
  closed: step.extend({ note: z.string().max(1000) }).nullable(),
  /** The unit it belongs to (shared/scope): which consoles see it. The central fills it in where a writer left it out. */
  unitId: entityId.optional(),
});
export type AlertRecord = z.infer<typeof alertRecordSchema>;

const signature = z.strictObject({ username: z.string().max(100), displayName: z.string().max(100), at: epochMs });

/** A shift's handover (交接班): the draft the board made, the outgoing officer's notes and signature, the incoming officer's. */
export const handoverSchema = z.strictObject({
  /** `<local date of the shift's start>/<shift id>`, e.g. 2026-12-03/day. */
  id: z.string().min(1).max(100),
  shiftStart: epochMs,
  shiftEnd: epochMs,
  shiftName: name,
  team: name,
  /** The drafted text (sections in the console's language at the time of signing). */
  draft: z.string().max(100_000),
  notes: z.string().max(5000),
  /** SHA-256 (hex) over draft and notes, as the outgoing officer signed them. */
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  outgoing: signature,
  incoming: signature.nullable(),
  /**
   * The unit whose shift it is (shared/scope): each level's duty officers hand over their own
   * shift, seen by the consoles of that unit and above. Absent: the city's (and handovers from
   * before units). Its id then names the unit too (`handoverIdOf`).
   */
  unitId: entityId.optional(),
});
export type Handover = z.infer<typeof handoverSchema>;

/** A shift's handover id for a unit: the shift's id for the city (null), `<shift id>@<unit>` below it. */
export const handoverIdOf = (shiftId: string, unitId: string | null): string => (unitId === null ? shiftId : `${shiftId}@${unitId}`);
/** The unit a handover id names (null: the city's shift). */
export const unitOfHandover = (handoverId: string): string | null => {
  const at = handoverId.lastIndexOf('@');
  return at < 0 ? null : handoverId.slice(at + 1);
};

/** A link-failure drill (断网演练): cut, work offline, restore, reconcile. */
export const drillSchema = z.strictObject({
  id: z.uuid(),
  startedAt: epochMs,
  startedBy: z.string().max(100),
  workstation: z.string().max(100),
  endedAt: epochMs.nullable(),
  queued: z.number().int().min(0).nullable(),
  result: z.enum(['running', 'reconciled', 'conflicts', 'aborted']),
  note: z.string().max(1000),
});
export type Drill = z.infer<typeof drillSchema>;
