import { describe, expect, it } from 'vitest';
import type { DispatchOrder, SupplyRequest } from '../dispatch/schema';
import { demoUnits, DEMO_CITY_UNIT_ID } from '../scope/demo-tree';
import { checkUnitTree, type UnitTree } from '../scope/tree';
import { DEFAULT_DUTY_CONFIG } from './defaults';
import { periodByKey } from './periods';
import { reportFigures, type ReportData } from './reports';
import { rollupOf, UnknownRollupUnitError, type Rollup, type RollupFigures } from './rollup';
import type { AlertRecord, RequestClass } from './schema';

const CFG = DEFAULT_DUTY_CONFIG; // Asia/Shanghai; emergency 30 min, public help 8, routine 240.
const sh = (local: string) => Date.parse(`${local}:00+08:00`);
const MIN = 60_000;
const U = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const DEADLINE_MIN: Record<RequestClass, number> = { emergency: 30, public_help: 8, routine: 240 };
const NOVEMBER = periodByKey('month', '2026-11', CFG)!;

const checked = checkUnitTree(demoUnits());
if (!checked.ok) throw new Error('the demo tree does not check');
const TREE: UnitTree = checked.tree;

const request = (n: number, unitId: string | undefined, created: string, cls: RequestClass, deliveredAfterMin: number | null): SupplyRequest => ({
  id: U(n), destination: { lon: 11.97, lat: 57.7, label: `site ${n}` }, items: [{ itemId: 'life-jacket', quantity: 1 }], priority: 'orange', requester: '', note: '',
  createdAt: sh(created), deadlineAt: sh(created) + DEADLINE_MIN[cls] * MIN, class: cls,
  status: deliveredAfterMin === null ? 'dispatched' : 'delivered', deliveredAt: deliveredAfterMin === null ? null : sh(created) + deliveredAfterMin * MIN,
  ...(unitId === undefined ? {} : { unitId }),
});
const dispatch = (n: number, requestN: number, created: string): DispatchOrder => ({
  id: U(100 + n), requestId: U(requestN), vehicleId: 'veh-001', pickups: [{ siteId: 'depot', itemId: 'life-jacket', quantity: 1 }], siteIds: ['depot'],
  predictedArrivalAt: sh(created), status: 'enroute', createdAt: sh(created), pickedUpAt: null, deliveredAt: null,
});
const alert = (n: number, unitId: string | undefined, raised: string, overdue: boolean): AlertRecord => ({
  id: `deadline_risk:${n}`, kind: 'deadline_risk', level: 'yellow', subject: U(n), label: '', place: null, raisedAt: sh(raised), raisedBy: 'central', owner: null,
  respondBy: null, closeBy: null, state: 'open', acknowledged: null, escalations: [], overdue: { respond: overdue ? sh(raised) + MIN : null, close: null }, clearedAt: null, closed: null,
  ...(unitId === undefined ? {} : { unitId }),
});

/**
 * November 2026 over the demo tree, seen from 中心区分局 (unit-centrum: stations Centralen,
 * Lorensberg, Nordstaden — which runs the Kungsportsplatsen post — and its own Ullevi post):
 *
 *  R1  Nordstaden              emergency  20 min
 *  R2  Kungsportsplatsen post  emergency  40 min LATE   a grandchild: Nordstaden's row
 *  R3  Centrum itself          public_help 6 min        own
 *  R4  no unit                 emergency  25 min        own
 *  R5  Lorensberg              routine    en route
 *  R6  Ullevi post             emergency  10 min        a post right under the county: a row of its own
 *  R7  Hisingen                emergency  15 min        outside
 *  R8  Västra Hisingen         emergency  en route      outside
 *  R9  a removed unit          emergency  en route      outside
 *  R10 Nordstaden, made in October, delivered 1 Nov 00:10: a November delivery, an October request
 * Dispatch orders of R1, R2, R5, R7, and one of a request not in the data (own). Alerts:
 * Nordstaden (overdue), none (own), Hisingen (outside).
 */
const DATA: ReportData = {
  requests: [
    request(1, 'unit-nordstaden', '2026-11-02T10:00', 'emergency', 20),
    request(2, 'unit-post-kungsportsplatsen', '2026-11-03T10:00', 'emergency', 40),
    request(3, 'unit-centrum', '2026-11-04T10:00', 'public_help', 6),
    request(4, undefined, '2026-11-05T10:00', 'emergency', 25),
    request(5, 'unit-lorensberg', '2026-11-06T10:00', 'routine', null),
    request(6, 'unit-post-ullevi', '2026-11-07T10:00', 'emergency', 10),
    request(7, 'unit-hisingen', '2026-11-08T10:00', 'emergency', 15),
    request(8, 'unit-vastra-hisingen', '2026-11-09T10:00', 'emergency', null),
    request(9, 'unit-removed', '2026-11-10T10:00', 'emergency', null),
    request(10, 'unit-nordstaden', '2026-10-31T23:50', 'emergency', 20),
  ],
  dispatches: [dispatch(1, 1, '2026-11-02T10:01'), dispatch(2, 2, '2026-11-03T10:01'), dispatch(5, 5, '2026-11-06T10:01'), dispatch(7, 7, '2026-11-08T10:01'), dispatch(99, 99, '2026-11-11T10:01')],
  alerts: [alert(1, 'unit-nordstaden', '2026-11-02T10:25', true), alert(2, undefined, '2026-11-05T10:20', false), alert(7, 'unit-hisingen', '2026-11-08T10:10', false)],
};

type Row = [unit: string, requests: number, dispatches: number, delivered: number, onTime: number, late: number, avgMin: number | null, alerts: number | null, overdue: number | null];
const row = (unit: string, f: RollupFigures): Row => [
  unit, f.requests, f.dispatches, f.delivered, f.onTime, f.late, f.avgRequestToArrivalS === null ? null : f.avgRequestToArrivalS / 60, f.alerts?.raised ?? null, f.alerts?.overdue ?? null,
];
const rows = (r: Rollup): Row[] => [row(`${r.unit.id} (own)`, r.own), ...r.children.map((c) => row(c.unit.id, c.figures)), row('total', r.total)];

const COUNTS = ['requests', 'dispatches', 'delivered', 'onTime', 'late'] as const;

/** Own + every child = the total, for every count (and the alerts). */
function expectRowsAddUp(r: Rollup): void {
  const parts = [r.own, ...r.children.map((c) => c.figures)];
  for (const k of COUNTS) expect(parts.reduce((n, f) => n + f[k], 0), k).toBe(r.total[k]);
  expect(parts.reduce((n, f) => n + f.emergency.delivered, 0), 'emergency.delivered').toBe(r.total.emergency.delivered);
  if (r.total.alerts) for (const k of ['raised', 'overdue'] as const) expect(parts.reduce((n, f) => n + f.alerts![k], 0), `alerts.${k}`).toBe(r.total.alerts[k]);
}

describe('the roll-up of a report: station → county → city', () => {
  it('a county: its own row, one per station and post under it, grandchildren in their child’s row, outside units left out', () => {
    const r = rollupOf(TREE, 'unit-centrum', NOVEMBER, DATA, CFG);
    expect(r.unit).toEqual({ id: 'unit-centrum', kind: 'county', name: '中心区分局', nameEn: 'Centrum District Bureau' });
    expect(rows(r)).toEqual<Row[]>([
      //  unit                       req disp del onT late avg    alerts overdue
      ['unit-centrum (own)',          2,  1,   2,  2,  0,   15.5,  1,     0], // R3 + R4, the order of a request not in the data; the unit-less alert
      ['unit-centralen',              0,  0,   0,  0,  0,   null,  0,     0],
      ['unit-lorensberg',             1,  1,   0,  0,  0,   null,  0,     0], // R5 en route
      ['unit-nordstaden',             2,  2,   3,  2,  1,   80 / 3, 1,    1], // R1, R2 (its post's), R10 delivered in November
      ['unit-post-ullevi',            1,  0,   1,  1,  0,   10,    0,     0],
      ['total',                       6,  4,   6,  5,  1,   121 / 6, 2,   1],
    ]);
    expect(r.outside).toBe(3); // R7, R8, R9
    expect(r.children.find((c) => c.unit.id === 'unit-nordstaden')!.figures.emergency).toEqual({ delivered: 3, onTime: 2, onTimeShare: 2 / 3, avgRequestToArrivalS: (80 / 3) * 60 });
    expectRowsAddUp(r);
  });

  it('the city: a row per county in tree order; what no county holds (R9’s removed unit) is outside even here', () => {
    const r = rollupOf(TREE, DEMO_CITY_UNIT_ID, NOVEMBER, DATA, CFG);
    expect(r.children.map((c) => c.unit.id)).toEqual(['unit-centrum', 'unit-hisingen', 'unit-majorna', 'unit-oster']);
    expect(rows(r).map(([u, req, disp, del]) => [u, req, disp, del])).toEqual([
      ['unit-gbg (own)', 1, 1, 1], // R4 (no unit), the order of a request not in the data
      ['unit-centrum', 5, 3, 5],
      ['unit-hisingen', 2, 1, 1],
      ['unit-majorna', 0, 0, 0],
      ['unit-oster', 0, 0, 0],
      ['total', 8, 5, 7],
    ]);
    expect(r.outside).toBe(1);
    expectRowsAddUp(r);
  });

  it('a station: its posts as rows; a station without posts has its own row only', () => {
    const nord = rollupOf(TREE, 'unit-nordstaden', NOVEMBER, DATA, CFG);
    expect(rows(nord).map(([u, req, , del]) => [u, req, del])).toEqual([
      ['unit-nordstaden (own)', 2, 3], // R1, R4 (no unit: the console's own), R10 delivered
      ['unit-post-kungsportsplatsen', 1, 1],
      ['total', 3, 4],
    ]);
    const lorensberg = rollupOf(TREE, 'unit-lorensberg', NOVEMBER, DATA, CFG);
    expect(lorensberg.children).toEqual([]);
    expect(lorensberg.total).toEqual(lorensberg.own);
    expect([lorensberg.own.requests, lorensberg.outside]).toEqual([2, 7]); // R4 and R5; R1–R3 and R6–R9 are others'
  });

  it('rows add up to the total at every level, and total + outside = every request, over a mixed month', () => {
    // 400 requests spread by a fixed generator over every unit, no unit and an unknown one.
    const units = [...TREE.order, undefined, 'unit-gone'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const many: ReportData = { requests: [], dispatches: [], alerts: [] };
    for (let n = 1; n <= 400; n++) {
      const day = String(1 + (next() % 30)).padStart(2, '0');
      const minutes = next() % 5 === 0 ? null : 5 + (next() % 50);
      const created = `2026-11-${day}T${String(next() % 24).padStart(2, '0')}:00`;
      const unit = units[next() % units.length];
      (many.requests as SupplyRequest[]).push(request(n, unit, created, next() % 3 === 0 ? 'public_help' : 'emergency', minutes));
      if (next() % 2) (many.dispatches as DispatchOrder[]).push(dispatch(n, n, created));
      if (next() % 4 === 0) (many.alerts as AlertRecord[]).push(alert(n, unit, created, next() % 2 === 0));
    }
    const all = reportFigures(NOVEMBER, many, CFG).requests;
    for (const id of TREE.order) {
      const r = rollupOf(TREE, id, NOVEMBER, many, CFG);
      expectRowsAddUp(r);
      expect(r.total.requests + r.outside, id).toBe(all);
    }
    // Each county's own total is its row in the city's roll-up — once every row has a unit (a
    // unit-less row is the console's own: the county's on a county console, the city's on the city's).
    const ids = new Set(many.requests.filter((r) => r.unitId !== undefined).map((r) => r.id));
    const withUnits: ReportData = { requests: many.requests.filter((r) => ids.has(r.id)), dispatches: many.dispatches.filter((x) => ids.has(x.requestId)), alerts: many.alerts!.filter((a) => a.unitId !== undefined) };
    const city = rollupOf(TREE, DEMO_CITY_UNIT_ID, NOVEMBER, withUnits, CFG);
    for (const c of city.children) expect(rollupOf(TREE, c.unit.id, NOVEMBER, withUnits, CFG).total, c.unit.id).toEqual(c.figures);
  });

  it('child rows come in tree order whatever order the rows arrive in', () => {
    const reversed: ReportData = { requests: [...DATA.requests].reverse(), dispatches: [...DATA.dispatches].reverse(), alerts: [...DATA.alerts!].reverse() };
    const a = rollupOf(TREE, 'unit-centrum', NOVEMBER, DATA, CFG);
    const b = rollupOf(TREE, 'unit-centrum', NOVEMBER, reversed, CFG);
    expect(b.children.map((c) => c.unit.id)).toEqual(TREE.nodes.get('unit-centrum')!.children);
    expect(b).toEqual(a);
  });

  it('equipment readiness now, by the unit of the site it is kept at: rows add up, a site outside is not counted, none given is null', () => {
    const sites = [
      { unitId: 'unit-centrum', ready: 95, inService: 100 }, // the county's own depot
      { unitId: 'unit-nordstaden', ready: 40, inService: 40 },
      { unitId: 'unit-post-kungsportsplatsen', ready: 9, inService: 10 }, // Nordstaden's post: in Nordstaden's row
      { unitId: 'unit-centralen', ready: 0, inService: 0 },
      { unitId: 'unit-hisingen', ready: 1, inService: 50 }, // another county: not Centrum's
      { unitId: undefined, ready: 5, inService: 5 }, // a site with no unit: the console's own
    ];
    const r = rollupOf(TREE, 'unit-centrum', NOVEMBER, DATA, CFG, sites);
    expect(r.own.readiness).toEqual({ ready: 100, inService: 105, rate: 100 / 105 });
    expect(r.children.find((c) => c.unit.id === 'unit-nordstaden')!.figures.readiness).toEqual({ ready: 49, inService: 50, rate: 0.98 });
    // Nothing in service: no rate (not 0%, not 100%).
    expect(r.children.find((c) => c.unit.id === 'unit-centralen')!.figures.readiness).toEqual({ ready: 0, inService: 0, rate: null });
    expect(r.total.readiness).toEqual({ ready: 149, inService: 155, rate: 149 / 155 });
    const parts = [r.own, ...r.children.map((c) => c.figures)];
    expect(parts.reduce((n, f) => n + f.readiness!.inService, 0)).toBe(r.total.readiness!.inService);
    // A past period has no reading: null, not 0.
    expect(rollupOf(TREE, 'unit-centrum', NOVEMBER, DATA, CFG).total.readiness).toBeNull();
  });

  it('no alerts given: alert figures are null (not known), not 0; an unknown unit is refused', () => {
    const r = rollupOf(TREE, 'unit-centrum', NOVEMBER, { requests: DATA.requests, dispatches: DATA.dispatches }, CFG);
    expect([r.total.alerts, r.own.alerts, r.children[0]!.figures.alerts]).toEqual([null, null, null]);
    expect(() => rollupOf(TREE, 'unit-nowhere', NOVEMBER, DATA, CFG)).toThrow(UnknownRollupUnitError);
  });
});
