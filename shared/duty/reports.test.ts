import { describe, expect, it } from 'vitest';
import type { Repair } from '../assets/schema';
import type { DispatchOrder, SupplyRequest } from '../dispatch/schema';
import { DEFAULT_DUTY_CONFIG } from './defaults';
import { periodByKey } from './periods';
import { EmptyPeriodError, reportFigures, seriesOf, yearHeadline, type ReportData } from './reports';
import type { AlertRecord, Drill, RequestClass } from './schema';

const CFG = DEFAULT_DUTY_CONFIG; // Asia/Shanghai; emergency 30 min, public help 8, routine 240.
/** A Shanghai wall-clock time as an epoch: explicit, never the machine's clock or zone. */
const sh = (local: string) => Date.parse(`${local}:00+08:00`);
const MIN = 60_000;
const U = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const DEADLINE_MIN: Record<RequestClass, number> = { emergency: 30, public_help: 8, routine: 240 };

const request = (n: number, created: string, cls: RequestClass | null, deliveredAfterMin: number | null, status: SupplyRequest['status'] = 'delivered'): SupplyRequest => ({
  id: U(n), destination: { lon: 121.47, lat: 31.23, label: `site ${n}` }, items: [{ itemId: 'life-jacket', quantity: 1 }], priority: 'orange', requester: '', note: '',
  createdAt: sh(created), deadlineAt: sh(created) + DEADLINE_MIN[cls ?? 'emergency'] * MIN, status,
  deliveredAt: deliveredAfterMin === null ? null : sh(created) + deliveredAfterMin * MIN,
  ...(cls ? { class: cls } : {}),
});
const dispatch = (n: number, requestN: number, created: string, delivered: string | null, pickups: [string, number][], status: DispatchOrder['status'] = 'delivered'): DispatchOrder => ({
  id: U(100 + n), requestId: U(requestN), vehicleId: 'veh-001', pickups: pickups.map(([itemId, quantity]) => ({ siteId: 'depot-central', itemId, quantity })), siteIds: ['depot-central'],
  predictedArrivalAt: sh(created), status, createdAt: sh(created), pickedUpAt: delivered === null ? null : sh(created), deliveredAt: delivered === null ? null : sh(delivered),
});
const alert = (n: number, level: AlertRecord['level'], raised: string, overdue: Partial<AlertRecord['overdue']> = {}): AlertRecord => ({
  id: `deadline_risk:${n}`, kind: 'deadline_risk', level, subject: U(n), label: '', place: null, raisedAt: sh(raised), raisedBy: 'central', owner: null,
  respondBy: null, closeBy: null, state: 'open', acknowledged: null, escalations: [], overdue: { respond: null, close: null, ...overdue }, clearedAt: null, closed: null,
});
const drill = (n: number, started: string, result: Drill['result']): Drill => ({
  id: U(200 + n), startedAt: sh(started), startedBy: 'duty', workstation: 'ws-1', endedAt: null, queued: 0, result, note: '',
});
const repair = (n: number, filed: string, back: string | null, kind: Repair['kind'] = 'repair'): Repair => ({
  id: `rep-${n}`, target: { kind: 'asset', id: `a-${n}` }, kind, reason: 'broken', status: back ? 'done' : 'in_repair', filedAt: sh(filed), filedBy: 'duty',
  decidedAt: null, decidedBy: null, decisionNote: '', sentAt: null, backAt: back === null ? null : sh(back),
});

/**
 * A year's hand-made data (2026, Shanghai). Request-to-arrival in minutes, deadline by class:
 *
 *  R0  2025-12-31 23:45  (no class: emergency)  20  delivered 2026-01-01 00:05: counts as delivered in 2026, not as a 2026 request
 *  R1  01-15 10:00  emergency    20
 *  R2  02-03 14:00  emergency    25   (two vehicles)
 *  R3  03-10 09:00  public_help   6
 *  R4  04-22 22:00  emergency    40   LATE (> 30)
 *  R5  05-05 11:00  emergency    15
 *  R6  06-18 16:00  routine     120   (deadline 240)
 *  R7  07-01 08:00  emergency    30   at its deadline: on time
 *  R8  08-12 13:00  public_help  10   LATE (> 8)
 *  R9  09-09 09:09  emergency    12
 *  R10 10-01 00:10  emergency    20
 *  R11 11-11 11:00  emergency    cancelled, never delivered
 *  R12 12-31 23:50  emergency    25   delivered 2027-01-01 00:15: a 2026 request, a 2027 delivery
 */
const DATA: ReportData = {
  requests: [
    request(0, '2025-12-31T23:45', null, 20),
    request(1, '2026-01-15T10:00', 'emergency', 20),
    request(2, '2026-02-03T14:00', 'emergency', 25),
    request(3, '2026-03-10T09:00', 'public_help', 6),
    request(4, '2026-04-22T22:00', 'emergency', 40),
    request(5, '2026-05-05T11:00', 'emergency', 15),
    request(6, '2026-06-18T16:00', 'routine', 120),
    request(7, '2026-07-01T08:00', 'emergency', 30),
    request(8, '2026-08-12T13:00', 'public_help', 10),
    request(9, '2026-09-09T09:09', 'emergency', 12),
    request(10, '2026-10-01T00:10', 'emergency', 20),
    request(11, '2026-11-11T11:00', 'emergency', null, 'cancelled'),
    request(12, '2026-12-31T23:50', 'emergency', 25),
  ],
  dispatches: [
    dispatch(0, 0, '2025-12-31T23:47', '2026-01-01T00:05', [['life-jacket', 10]]),
    dispatch(1, 1, '2026-01-15T10:02', '2026-01-15T10:20', [['life-jacket', 20]]),
    dispatch(2, 2, '2026-02-03T14:03', '2026-02-03T14:25', [['sandbag', 100]]),
    dispatch(3, 2, '2026-02-03T14:05', '2026-02-03T14:24', [['sandbag', 50], ['water-pump', 2]]),
    dispatch(4, 3, '2026-03-10T09:01', '2026-03-10T09:06', [['n95-mask', 200]]),
    dispatch(5, 4, '2026-04-22T22:10', '2026-04-22T22:40', [['life-jacket', 30], ['flashlight', 10]]),
    dispatch(6, 5, '2026-05-05T11:01', '2026-05-05T11:15', [['sandbag', 200]]),
    dispatch(7, 6, '2026-06-18T16:30', '2026-06-18T18:00', [['n95-mask', 500]]),
    dispatch(8, 7, '2026-07-01T08:05', '2026-07-01T08:30', [['flashlight', 20]]),
    dispatch(9, 8, '2026-08-12T13:01', '2026-08-12T13:10', [['n95-mask', 100]]),
    dispatch(10, 9, '2026-09-09T09:10', '2026-09-09T09:21', [['water-pump', 1]]),
    dispatch(11, 10, '2026-10-01T00:11', '2026-10-01T00:30', [['life-jacket', 15]]),
    dispatch(12, 11, '2026-11-11T11:02', null, [['sandbag', 300]], 'cancelled'),
    dispatch(13, 12, '2026-12-31T23:52', '2027-01-01T00:15', [['life-jacket', 40]]),
  ],
  alerts: [
    alert(1, 'orange', '2026-04-22T22:25'),
    alert(2, 'red', '2026-04-22T22:31', { respond: sh('2026-04-22T23:31') }),
    alert(3, 'yellow', '2026-08-12T13:09', { close: sh('2026-08-13T13:09') }),
    alert(4, 'yellow', '2026-11-11T11:20'),
    alert(5, 'green', '2025-12-31T10:00'),
    // On the year's edges: 6 at its first instant, 7 at the next year's.
    alert(6, 'green', '2026-01-01T00:00'),
    alert(7, 'green', '2027-01-01T00:00'),
  ],
  drills: [drill(1, '2026-03-01T15:00', 'reconciled'), drill(2, '2026-09-01T15:00', 'conflicts'), drill(3, '2027-01-02T15:00', 'aborted')],
  ledger: {
    readiness: [
      { at: sh('2025-12-31T12:00'), ready: 10, inService: 100 },
      { at: sh('2026-03-31T12:00'), ready: 96, inService: 100 },
      { at: sh('2026-06-30T12:00'), ready: 98, inService: 100 },
      { at: sh('2026-09-30T12:00'), ready: 97, inService: 100 },
      { at: sh('2026-12-31T12:00'), ready: 99, inService: 100 },
    ],
    turnout: [
      { at: sh('2026-06-30T12:00'), ready: 49, inService: 50 },
      { at: sh('2026-12-31T12:00'), ready: 50, inService: 50 },
    ],
    repairs: [
      repair(1, '2026-02-01T00:00', '2026-02-04T00:00'),
      repair(2, '2026-05-10T00:00', '2026-05-14T12:00'),
      repair(3, '2026-07-01T00:00', '2026-07-02T00:00', 'scrap'),
      repair(4, '2026-12-30T00:00', '2027-01-02T00:00'),
      repair(5, '2026-11-01T00:00', null),
    ],
  },
};

const YEAR = periodByKey('year', '2026', CFG)!;

describe('the division report', () => {
  it('gives the year figures worked out by hand', () => {
    const f = reportFigures(YEAR, DATA, CFG);
    expect(f).toEqual({
      from: sh('2026-01-01T00:00'),
      to: sh('2027-01-01T00:00'),
      empty: false,
      // R1–R12 created in 2026 (R0 in 2025).
      requests: 12,
      // Dispatches 1–13 created in 2026 (0 in 2025; 12 cancelled and 13 delivered in 2027 still count as dispatched).
      dispatches: 13,
      // R0–R10: R11 was cancelled, R12 arrived in 2027.
      delivered: 11,
      // 20+20+25+6+40+15+120+30+10+12+20 = 318 min over 11 = 19,080 s / 11 ≈ 28.9 min.
      avgRequestToArrivalS: 19_080 / 11,
      // Sorted 6,10,12,15,20,20,20,25,30,40,120; nearest rank ceil(0.9 × 11) = 10th: 40 min.
      p90RequestToArrivalS: 2400,
      // R4 (40 > 30) and R8 (10 > 8) late; R7 arrived at its deadline, on time.
      onTime: 9,
      late: 2,
      onTimeShare: 9 / 11,
      byClass: {
        // R0 (no class), R1, R2, R4, R5, R7, R9, R10: 20+20+25+40+15+30+12+20 = 182 min / 8 = 22.75 min.
        emergency: { delivered: 8, onTime: 7, onTimeShare: 7 / 8, avgRequestToArrivalS: 1365 },
        // R3 6 min, R8 10 min: 8 min.
        public_help: { delivered: 2, onTime: 1, onTimeShare: 0.5, avgRequestToArrivalS: 480 },
        routine: { delivered: 1, onTime: 1, onTimeShare: 1, avgRequestToArrivalS: 7200 },
      },
      arrivalTargetS: 1800,
      // Dispatches delivered in 2026 (0–11; 12 cancelled, 13 in 2027), per item.
      moved: [
        { itemId: 'flashlight', quantity: 30 }, // 10 + 20
        { itemId: 'life-jacket', quantity: 75 }, // 10 + 20 + 30 + 15
        { itemId: 'n95-mask', quantity: 800 }, // 200 + 500 + 100
        { itemId: 'sandbag', quantity: 350 }, // 100 + 50 + 200
        { itemId: 'water-pump', quantity: 3 }, // 2 + 1
      ],
      // Alerts 1–4 and 6 (5 was raised in 2025, 7 in 2027); 2 missed its answer, 3 its close.
      alerts: { raised: 5, overdue: 2, byLevel: { green: { raised: 1, overdue: 0 }, yellow: { raised: 2, overdue: 1 }, orange: { raised: 1, overdue: 0 }, red: { raised: 1, overdue: 1 } } },
      drills: { started: 2, byResult: { running: 0, reconciled: 1, conflicts: 1, aborted: 0 } },
      // (96 + 98 + 97 + 99) / 400 = 0.975 < 0.98; the 2025 sample is left out.
      readiness: { key: 'readiness', ready: 390, inService: 400, rate: 0.975, target: 0.98, meets: false },
      // 99 / 100 = 0.99, the target itself.
      turnout: { key: 'turnout', ready: 99, inService: 100, rate: 0.99, target: 0.99, meets: true },
      // Repairs 1 (3 days) and 2 (4.5 days) came back in 2026; 3 is a scrapping, 4 came back in 2027, 5 is still out.
      repairCycle: { count: 2, meanDays: 3.75, p90Days: 4.5, targetDays: 3.1, meets: false },
    });
  });

  it('heads the annual report with the emergency average against 30 minutes', () => {
    expect(yearHeadline(reportFigures(YEAR, DATA, CFG))).toEqual({
      dispatches: 13,
      avgRequestToArrivalS: 1365,
      targetS: 1800,
      withinTarget: true,
      moved: reportFigures(YEAR, DATA, CFG).moved,
      onTimeShare: 9 / 11,
      readiness: { rate: 0.975, target: 0.98, meets: false },
      turnout: { rate: 0.99, target: 0.99, meets: true },
      repairCycle: { meanDays: 3.75, targetDays: 3.1, meets: false },
    });
    const bare = yearHeadline(reportFigures(YEAR, { requests: DATA.requests, dispatches: DATA.dispatches }, CFG));
    expect([bare.readiness, bare.turnout, bare.repairCycle]).toEqual([null, null, null]);
    expect(yearHeadline(reportFigures(YEAR, { requests: [], dispatches: [] }, CFG))).toMatchObject({ avgRequestToArrivalS: null, withinTarget: null, onTimeShare: null });
  });

  it('charts the year by months that add up to it', () => {
    const series = seriesOf(YEAR, DATA, CFG);
    expect(series.map((s) => s.bucket.key)).toEqual(['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m) => `2026-${m}`));
    const sum = (pick: (f: (typeof series)[number]['figures']) => number) => series.reduce((n, s) => n + pick(s.figures), 0);
    expect([sum((f) => f.requests), sum((f) => f.dispatches), sum((f) => f.delivered), sum((f) => f.onTime), sum((f) => f.alerts!.raised), sum((f) => f.drills!.started)]).toEqual([12, 13, 11, 9, 5, 2]);
    // January: R0 (from 2025) and R1 delivered, 10 + 20 life jackets.
    expect(series[0]!.figures).toMatchObject({ requests: 1, dispatches: 1, delivered: 2, avgRequestToArrivalS: 1200, moved: [{ itemId: 'life-jacket', quantity: 30 }] });
    // April: R4 late, two alerts.
    expect(series[3]!.figures).toMatchObject({ delivered: 1, onTime: 0, late: 1, onTimeShare: 0, alerts: { raised: 2, overdue: 1 } });
    // November: R11 asked for and cancelled, nothing delivered.
    expect(series[10]!.figures).toMatchObject({ empty: false, requests: 1, dispatches: 1, delivered: 0, avgRequestToArrivalS: null, onTimeShare: null, moved: [] });
    // Readiness per quarter's end month; none sampled in January.
    expect(series.map((s) => s.figures.readiness!.rate)).toEqual([null, null, 0.96, null, null, 0.98, null, null, 0.97, null, null, 0.99]);
  });

  it('charts a day by its shifts and a shift by its hours', () => {
    const day = seriesOf(periodByKey('day', '2026-04-22', CFG)!, DATA, CFG);
    expect(day.map((s) => [s.bucket.key, s.figures.requests, s.figures.delivered, s.figures.alerts!.raised])).toEqual([
      ['2026-04-22/day', 0, 0, 0],
      ['2026-04-22/night', 1, 1, 2],
    ]);
    const night = seriesOf(periodByKey('shift', '2026-04-22/night', CFG)!, DATA, CFG);
    expect(night.length).toBe(12);
    expect(night.filter((s) => !s.figures.empty).map((s) => s.bucket.key)).toEqual(['2026-04-22T22:00+08:00']);
  });

  it('says a period in which nothing happened is empty, with no averages', () => {
    const quiet = reportFigures(periodByKey('day', '2026-01-20', CFG)!, DATA, CFG);
    expect(quiet).toMatchObject({ empty: true, requests: 0, dispatches: 0, delivered: 0, avgRequestToArrivalS: null, p90RequestToArrivalS: null, onTimeShare: null, moved: [] });
    // A drill alone is something that happened.
    expect(reportFigures(periodByKey('day', '2026-03-01', CFG)!, DATA, CFG).empty).toBe(false);
    // Without the inputs, alerts and drills are not known rather than none.
    expect(reportFigures(YEAR, { requests: [], dispatches: [] }, CFG)).toMatchObject({ empty: true, alerts: null, drills: null, readiness: null, turnout: null, repairCycle: null });
  });

  it.each([
    [0, 0],
    [sh('2026-01-02T00:00'), sh('2026-01-01T00:00')],
    [Number.NaN, 1],
  ])('refuses a period from %s to %s as empty_period', (from, to) => {
    expect(() => reportFigures({ from, to }, DATA, CFG)).toThrow(EmptyPeriodError);
    expect(() => reportFigures({ from, to }, DATA, CFG)).toThrow(expect.objectContaining({ code: 'empty_period' }));
  });
});
