import { z } from 'zod';
import { ALERT_LEVELS } from '../alerts/levels';
import type { MethodMap } from '../board/method';
import { PERIOD_KINDS } from './periods';
import { UNIT_KINDS } from '../scope/schema';
import { REQUEST_CLASSES } from './schema';

/**
 * The division's reports (报表) on the board API: one period's figures (reports.ts
 * `reportFigures`), the same figures per bucket of its chart (`seriesOf`: a year by months,
 * a month by days, a day by shifts, a shift by hours) and, for a year, the annual report's
 * headline (`yearHeadline`), and the period rolled up over the caller's unit and its children
 * (`rollupOf`). Shapes mirror reports.ts; a figure the board cannot know (no
 * alert table, no ledger sample in the period) is null, never 0.
 */

const count = z.number().int().min(0);
const share = z.number().min(0).max(1).nullable();
const seconds = z.number().min(0).nullable();

const readinessRowSchema = z.strictObject({ key: z.string().max(100), ready: count, inService: count, rate: share, target: z.number(), meets: z.boolean() });
const classFiguresSchema = z.strictObject({ delivered: count, onTime: count, onTimeShare: share, avgRequestToArrivalS: seconds });
const movedSchema = z.array(z.strictObject({ itemId: z.string().max(64), quantity: z.number().min(0) })).max(1000);
const levelCount = z.strictObject({ raised: count, overdue: count });

export const reportFiguresSchema = z.strictObject({
  from: z.number(),
  to: z.number(),
  empty: z.boolean(),
  requests: count,
  dispatches: count,
  delivered: count,
  avgRequestToArrivalS: seconds,
  p90RequestToArrivalS: seconds,
  onTime: count,
  late: count,
  onTimeShare: share,
  byClass: z.strictObject(Object.fromEntries(REQUEST_CLASSES.map((c) => [c, classFiguresSchema])) as Record<(typeof REQUEST_CLASSES)[number], typeof classFiguresSchema>),
  arrivalTargetS: z.number().min(0),
  moved: movedSchema,
  alerts: z
    .strictObject({ raised: count, overdue: count, byLevel: z.strictObject(Object.fromEntries(ALERT_LEVELS.map((l) => [l, levelCount])) as Record<(typeof ALERT_LEVELS)[number], typeof levelCount>) })
    .nullable(),
  drills: z.strictObject({ started: count, byResult: z.strictObject({ running: count, reconciled: count, conflicts: count, aborted: count }) }).nullable(),
  readiness: readinessRowSchema.nullable(),
  turnout: readinessRowSchema.nullable(),
  repairCycle: z.strictObject({ count, meanDays: z.number().nullable(), p90Days: z.number().nullable(), targetDays: z.number(), meets: z.boolean() }).nullable(),
});

const rateAgainst = z.strictObject({ rate: share, target: z.number(), meets: z.boolean() }).nullable();
export const yearHeadlineSchema = z.strictObject({
  dispatches: count,
  avgRequestToArrivalS: seconds,
  targetS: z.number().min(0),
  withinTarget: z.boolean().nullable(),
  moved: movedSchema,
  onTimeShare: share,
  readiness: rateAgainst,
  turnout: rateAgainst,
  repairCycle: z.strictObject({ meanDays: z.number().nullable(), targetDays: z.number(), meets: z.boolean() }).nullable(),
});

const unitRefSchema = z.strictObject({ id: z.string().max(64), kind: z.enum(UNIT_KINDS), name: z.string().max(200), nameEn: z.string().max(200) });
const rollupFiguresSchema = z.strictObject({
  requests: count,
  dispatches: count,
  delivered: count,
  onTime: count,
  late: count,
  onTimeShare: share,
  avgRequestToArrivalS: seconds,
  p90RequestToArrivalS: seconds,
  emergency: classFiguresSchema,
  alerts: z.strictObject({ raised: count, overdue: count }).nullable(),
  readiness: z.strictObject({ ready: count, inService: count, rate: share }).nullable(),
});

/** rollup.ts `Rollup`: the console's unit, its own row, one per child unit (tree order), the total. */
export const rollupSchema = z.strictObject({
  unit: unitRefSchema,
  total: rollupFiguresSchema,
  own: rollupFiguresSchema,
  // The client's widest fan-out is the city's 9 counties or a county's ~20 stations and posts.
  children: z.array(z.strictObject({ unit: unitRefSchema, figures: rollupFiguresSchema })).max(500),
  outside: count,
});

export const reportPeriodSchema = z.strictObject({ kind: z.enum(PERIOD_KINDS), key: z.string().max(100), from: z.number(), to: z.number() });

const itemName = z.strictObject({ name: z.string().max(100), nameEn: z.string().max(100), unit: z.string().max(20), unitEn: z.string().max(20) });

export const reportMethods = {
  /**
   * One report period (default: the one now) in the division's time zone: its figures, its
   * neighbours' keys for stepping, the figures per chart bucket and, for a year, the annual
   * report's headline. A malformed key is 'bad_request'; a period with no length (a shift
   * the settings make empty) is 'empty_period'. A real period in which nothing happened
   * answers `figures.empty: true`, for the console to say so.
   */
  'report.figures': {
    permission: 'board.read',
    arg: z.strictObject({ kind: z.enum(PERIOD_KINDS), key: z.string().min(1).max(100).optional() }),
    result: z.strictObject({
      period: reportPeriodSchema,
      previous: z.string().max(100),
      next: z.string().max(100),
      /** The division's time zone (the duty settings'): the periods' days start at its midnight, and the report's times are read in it. */
      timeZone: z.string().max(64),
      /** The period holds this instant (the board's clock): its figures are still growing. */
      current: z.boolean(),
      figures: reportFiguresSchema,
      series: z.array(z.strictObject({ bucketKey: z.string().max(100), from: z.number(), to: z.number(), figures: reportFiguresSchema })).max(400),
      headline: yearHeadlineSchema.nullable(),
      /**
       * When the readiness and turnout figures were read (the ledger keeps no daily history on
       * a console: one reading now, in the period that holds now); null: none in this period.
       */
      ledgerAt: z.number().nullable(),
      /**
       * The period's figures rolled up (multi-level command): the caller's unit and each unit
       * directly under it, from the rows this console holds. Null when the board holds no
       * command tree (a central from before units), or the caller's unit is not in it.
       */
      rollup: rollupSchema.nullable(),
      /** The goods moved, by id, in both languages with their units (an item since removed from the list keeps its id). */
      itemNames: z.record(z.string().max(64), itemName),
    }),
  },
} as const satisfies MethodMap;
