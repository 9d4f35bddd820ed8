import { ALERT_LEVELS, type AlertLevel } from '../alerts/levels';
import { readinessRow, type ReadinessRow } from '../assets/readiness';
import { repairCycle, type RepairCycle } from '../assets/repair-cycle';
import { EQUIPMENT_READINESS_TARGET, TURNOUT_READINESS_TARGET, type Repair } from '../assets/schema';
import type { DispatchOrder, SupplyRequest } from '../dispatch/schema';
import { percentile, type ItemsMoved } from '../dispatch/kpi';
import { subPeriods, type Period, type SubPeriod } from './periods';
import { REQUEST_CLASSES, type AlertRecord, type DutyConfig, type Drill, type RequestClass } from './schema';

/**
 * The division's figures for a report period (a shift up to a year), pure, so that the board,
 * the wall, the printed report and the CSV agree.
 *
 * Which period a thing counts in (each counts once, so a year is the sum of its months):
 * - requests, dispatches: by when they were created;
 * - delivered, request-to-arrival time, on time: requests by when they were delivered
 *   (status delivered), against each request's own deadline (`deadlineAt`, set from its class);
 *   a request without a class is an emergency supply request (it predates classes);
 * - items moved: delivered dispatch orders by when they were delivered, summed per item
 *   (60 life jackets and 20 lights are not "80");
 * - alerts: by when they were raised; "overdue" if either deadline was ever missed;
 * - drills: by when they started;
 * - the ledger: readiness and turnout pooled over the samples taken in the period (Σ ready /
 *   Σ in service, so a day with more equipment weighs more); the repair cycle over repairs
 *   back in the period (assets/repair-cycle.ts).
 * Inputs not given (alerts, drills, each ledger part) give null figures, not zeros: "not
 * known" is not "none".
 *
 * An empty period: from ≥ to is a caller's mistake and throws EmptyPeriodError (code
 * 'empty_period'); a real period in which nothing happened (no request, dispatch, delivery,
 * alert or drill) is a report like any other, with `empty: true`, counts of 0 and no averages.
 */

/** A readiness reading at a time: readinessTrend's points, or one snapshot stamped with when it was taken. */
export type LedgerSample = { at: number; ready: number; inService: number };

export type ReportData = {
  requests: readonly SupplyRequest[];
  dispatches: readonly DispatchOrder[];
  alerts?: readonly AlertRecord[];
  drills?: readonly Drill[];
  ledger?: {
    /** Equipment readiness (装备完好率) samples. */
    readiness?: readonly LedgerSample[];
    /** Vehicle turnout (车辆出勤保障率) samples: able vehicles as `ready`, the fleet as `inService`. */
    turnout?: readonly LedgerSample[];
    repairs?: readonly Repair[];
  };
};

export type ClassFigures = { delivered: number; onTime: number; onTimeShare: number | null; avgRequestToArrivalS: number | null };

export type ReportFigures = {
  from: number;
  to: number;
  /** Nothing happened in the period (the ledger aside). */
  empty: boolean;
  requests: number;
  dispatches: number;
  delivered: number;
  avgRequestToArrivalS: number | null;
  p90RequestToArrivalS: number | null;
  onTime: number;
  late: number;
  onTimeShare: number | null;
  byClass: Record<RequestClass, ClassFigures>;
  /** The emergency class's deadline in seconds: what the headline's average is held against. */
  arrivalTargetS: number;
  moved: ItemsMoved;
  alerts: { raised: number; overdue: number; byLevel: Record<AlertLevel, { raised: number; overdue: number }> } | null;
  drills: { started: number; byResult: Record<Drill['result'], number> } | null;
  readiness: ReadinessRow | null;
  turnout: ReadinessRow | null;
  repairCycle: RepairCycle | null;
};

export class EmptyPeriodError extends RangeError {
  readonly code = 'empty_period';
  constructor(from: number, to: number) {
    super(`a report period must have a length: from ${from} is not before to ${to}`);
  }
}

const mean = (xs: readonly number[]) => (xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

function pooled(key: string, samples: readonly LedgerSample[] | undefined, inPeriod: (t: number) => boolean, target: number): ReadinessRow | null {
  if (!samples) return null;
  let ready = 0;
  let total = 0;
  for (const s of samples) {
    if (!inPeriod(s.at)) continue;
    ready += s.ready;
    total += s.inService;
  }
  return readinessRow(key, ready, total, target);
}

type Delivery = { durationS: number; onTime: boolean; cls: RequestClass };

function classFigures(deliveries: readonly Delivery[]): ClassFigures {
  const onTime = deliveries.filter((d) => d.onTime).length;
  return { delivered: deliveries.length, onTime, onTimeShare: share(onTime, deliveries.length), avgRequestToArrivalS: mean(deliveries.map((d) => d.durationS)) };
}

/** The figures for [period.from, period.to). */
export function reportFigures(period: { from: number; to: number }, data: ReportData, cfg: DutyConfig): ReportFigures {
  const { from, to } = period;
  if (!(from < to)) throw new EmptyPeriodError(from, to);
  const inPeriod = (t: number | null): t is number => t !== null && t >= from && t < to;

  const deliveries: Delivery[] = data.requests
    .filter((r) => r.status === 'delivered' && inPeriod(r.deliveredAt))
    .map((r: SupplyRequest & { class?: RequestClass }) => ({ durationS: (r.deliveredAt! - r.createdAt) / 1000, onTime: r.deliveredAt! <= r.deadlineAt, cls: r.class ?? 'emergency' }));
  const durations = deliveries.map((d) => d.durationS).sort((a, b) => a - b);
  const overall = classFigures(deliveries);

  const moved = new Map<string, number>();
  for (const d of data.dispatches) {
    if (d.status !== 'delivered' || !inPeriod(d.deliveredAt)) continue;
    for (const p of d.pickups) moved.set(p.itemId, (moved.get(p.itemId) ?? 0) + p.quantity);
  }

  const alertsIn = data.alerts?.filter((a) => inPeriod(a.raisedAt));
  let alerts: ReportFigures['alerts'] = null;
  if (alertsIn) {
    const byLevel = Object.fromEntries(ALERT_LEVELS.map((l) => [l, { raised: 0, overdue: 0 }])) as Record<AlertLevel, { raised: number; overdue: number }>;
    for (const a of alertsIn) {
      byLevel[a.level].raised++;
      if (a.overdue.respond !== null || a.overdue.close !== null) byLevel[a.level].overdue++;
    }
    alerts = { raised: alertsIn.length, overdue: ALERT_LEVELS.reduce((n, l) => n + byLevel[l].overdue, 0), byLevel };
  }

  const drillsIn = data.drills?.filter((d) => inPeriod(d.startedAt));
  let drills: ReportFigures['drills'] = null;
  if (drillsIn) {
    const byResult: Record<Drill['result'], number> = { running: 0, reconciled: 0, conflicts: 0, aborted: 0 };
    for (const d of drillsIn) byResult[d.result]++;
    drills = { started: drillsIn.length, byResult };
  }

  const requests = data.requests.filter((r) => inPeriod(r.createdAt)).length;
  const dispatches = data.dispatches.filter((d) => inPeriod(d.createdAt)).length;
  const ledger = data.ledger;
  return {
    from,
    to,
    empty: requests === 0 && dispatches === 0 && deliveries.length === 0 && moved.size === 0 && !alertsIn?.length && !drillsIn?.length,
    requests,
    dispatches,
    delivered: deliveries.length,
    avgRequestToArrivalS: overall.avgRequestToArrivalS,
    p90RequestToArrivalS: percentile(durations, 0.9),
    onTime: overall.onTime,
    late: deliveries.length - overall.onTime,
    onTimeShare: overall.onTimeShare,
    byClass: Object.fromEntries(REQUEST_CLASSES.map((c) => [c, classFigures(deliveries.filter((d) => d.cls === c))])) as Record<RequestClass, ClassFigures>,
    arrivalTargetS: cfg.classes.emergency * 60,
    moved: [...moved].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([itemId, quantity]) => ({ itemId, quantity })),
    alerts,
    drills,
    readiness: pooled('readiness', ledger?.readiness, inPeriod, EQUIPMENT_READINESS_TARGET),
    turnout: pooled('turnout', ledger?.turnout, inPeriod, TURNOUT_READINESS_TARGET),
    repairCycle: ledger?.repairs ? repairCycle(ledger.repairs, { from, to }) : null,
  };
}

/** Each figure per bucket of the period's chart (periods.ts `subPeriods`: a year by months, a day by shifts, …). */
export function seriesOf(period: Period, data: ReportData, cfg: DutyConfig): { bucket: SubPeriod; figures: ReportFigures }[] {
  return subPeriods(period, cfg).map((bucket) => ({ bucket, figures: reportFigures(bucket, data, cfg) }));
}

export type YearHeadline = {
  dispatches: number;
  /** The emergency supply requests' average request-to-arrival, against their deadline (30 minutes by default). */
  avgRequestToArrivalS: number | null;
  targetS: number;
  withinTarget: boolean | null;
  moved: ItemsMoved;
  onTimeShare: number | null;
  /** Present when the ledger was given. */
  readiness: { rate: number | null; target: number; meets: boolean } | null;
  turnout: { rate: number | null; target: number; meets: boolean } | null;
  repairCycle: { meanDays: number | null; targetDays: number; meets: boolean } | null;
};

/**
 * The annual report's headline (年度报告). The average is the emergency class's: the 30-minute
 * promise is theirs (public help is held to 8 minutes, routine to what was agreed; the on-time
 * share already holds every request to its own deadline).
 */
export function yearHeadline(figures: ReportFigures): YearHeadline {
  const avg = figures.byClass.emergency.avgRequestToArrivalS;
  const row = (r: ReadinessRow | null) => r && { rate: r.rate, target: r.target, meets: r.meets };
  return {
    dispatches: figures.dispatches,
    avgRequestToArrivalS: avg,
    targetS: figures.arrivalTargetS,
    withinTarget: avg === null ? null : avg <= figures.arrivalTargetS,
    moved: figures.moved,
    onTimeShare: figures.onTimeShare,
    readiness: row(figures.readiness),
    turnout: row(figures.turnout),
    repairCycle: figures.repairCycle && { meanDays: figures.repairCycle.meanDays, targetDays: figures.repairCycle.targetDays, meets: figures.repairCycle.meets },
  };
}
