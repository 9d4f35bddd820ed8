/**
 * The division's reports from a backend store: a known year (2026, Shanghai) seeded into an
 * encrypted cache, read back through `report.figures` by SQL range on the replica; the year's
 * figures, its monthly series and the annual headline asserted exactly; the queued commands
 * laid over; bad keys and empty periods refused; and the call's time at the division's scale
 * (a year at ~50 requests a day).
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Asset, AssetType, Repair } from '../../../shared/assets/schema';
import { BoardError } from '../../../shared/board-api';
import type { DispatchOrder, ItemType, SupplyRequest, Vehicle } from '../../../shared/domain';
import { DEFAULT_DUTY_CONFIG } from '../../../shared/duty/defaults';
import { reportMethods } from '../../../shared/duty/report-api';
import type { AlertRecord, Drill, RequestClass } from '../../../shared/duty/schema';
import { createReplicaAccess } from '../../../shared/replica/access';
import { demoUnits, DEMO_CITY_UNIT_ID } from '../../../shared/scope/demo-tree';
import { checkUnitTree, type UnitTree } from '../../../shared/scope/tree';
import { openStore, type Db } from '../store/database';
import { createOutbox } from '../store/outbox';
import { createReplicaReader } from '../store/replica';
import { tempDir, testCacheKey, TEST_CALLER } from '../test-support';
import { createReportHandlers } from './report-handlers';

const cacheKey = testCacheKey();
/** A Shanghai wall-clock time as an epoch: explicit, never the machine's clock or zone. */
const sh = (local: string) => Date.parse(`${local}:00+08:00`);
const MIN = 60_000;
const DAY = 86_400_000;
const U = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const DEADLINE_MIN: Record<RequestClass, number> = { emergency: 30, public_help: 8, routine: 240 };
/** The board's clock in these tests: mid-2026, so the year 2026 is the period now. */
const NOW = sh('2026-06-15T12:00');

const request = (n: number, created: string, cls: RequestClass, deliveredAfterMin: number | null, status: SupplyRequest['status'] = 'delivered'): SupplyRequest => ({
  id: U(n), destination: { lon: 121.47, lat: 31.23, label: `site ${n}` }, items: [{ itemId: 'life-jacket', quantity: 1 }], priority: 'orange', requester: '', note: '',
  createdAt: sh(created), deadlineAt: sh(created) + DEADLINE_MIN[cls] * MIN, class: cls, status,
  deliveredAt: deliveredAfterMin === null ? null : sh(created) + deliveredAfterMin * MIN,
});
const dispatch = (n: number, requestN: number, created: string, delivered: string | null, pickups: [string, number][], status: DispatchOrder['status'] = 'delivered'): DispatchOrder => ({
  id: U(100 + n), requestId: U(requestN), vehicleId: 'veh-001', pickups: pickups.map(([itemId, quantity]) => ({ siteId: 'depot-central', itemId, quantity })), siteIds: ['depot-central'],
  predictedArrivalAt: sh(created), status, createdAt: sh(created), pickedUpAt: delivered === null ? null : sh(created), deliveredAt: delivered === null ? null : sh(delivered),
});
const alert = (n: number, level: AlertRecord['level'], raised: string, overdueRespond: string | null = null): AlertRecord => ({
  id: `deadline_risk:${n}`, kind: 'deadline_risk', level, subject: U(n), label: '', place: null, raisedAt: sh(raised), raisedBy: 'central', owner: null,
  respondBy: null, closeBy: null, state: 'open', acknowledged: null, escalations: [], overdue: { respond: overdueRespond === null ? null : sh(overdueRespond), close: null }, clearedAt: null, closed: null,
});
const drill = (n: number, started: string, result: Drill['result']): Drill => ({
  id: U(200 + n), startedAt: sh(started), startedBy: 'duty', workstation: 'ws-1', endedAt: null, queued: 0, result, note: '',
});
const repair = (n: number, filed: string, back: string | null, kind: Repair['kind'] = 'repair'): Repair => ({
  id: `rep-${n}`, target: { kind: 'asset', id: `a-${n}` }, kind, reason: 'broken', status: back ? 'done' : 'in_repair', filedAt: sh(filed), filedBy: 'duty',
  decidedAt: null, decidedBy: null, decisionNote: '', sentAt: null, backAt: back === null ? null : sh(back),
});
const item = (id: string, name: string, nameEn: string, unit: string, unitEn: string): ItemType => ({ id, name, nameEn, unit, unitEn, category: 'consumable' });
const vehicle = (no: number, status: Vehicle['status']): Vehicle => ({ id: `veh-${String(no).padStart(3, '0')}`, no, plate: `粤A·${no}警`, kind: 'van', status, crew: [], homeSiteId: 'depot-central', capacity: 100 });
const asset = (n: number, state: Asset['state']): Asset => ({
  id: `a-${n}`, typeId: 'bodycam-x', serial: `S${n}`, qr: `JB-A${String(n).padStart(4, '0')}`, epc: null, state, siteId: 'depot-central', holder: null, since: 0, procuredAt: 0, acceptedAt: 0, cycles: null, pendingRequestId: null,
});

/**
 * The known year (request-to-arrival in minutes; deadline by class):
 *
 *  R0  2025-12-31 23:40  emergency    25  delivered 2026-01-01 00:05: a 2025 request, a January delivery (light ×30)
 *  R1  2026-01-10 10:00  emergency    20  (life jacket ×60, light ×20)
 *  R2  2026-01-31 23:50  emergency    40  LATE, delivered 02-01 00:30: a January request, a February delivery (life jacket ×10)
 *  R3  2026-03-05 08:00  public_help   6  (N95 ×100)
 *  R4  2026-03-20 09:00  routine     120  (generator ×2; a second vehicle cancelled: light ×5 not moved)
 *  R5  2026-05-01 10:00  emergency   en route (its dispatch order created 10:05)
 *  R6  2026-05-02 09:00  emergency   cancelled
 *  R7  2026-12-31 23:50  emergency    20  delivered 2027-01-01 00:10: a 2026 request, a 2027 delivery
 */
const REQUESTS = [
  request(0, '2025-12-31T23:40', 'emergency', 25),
  request(1, '2026-01-10T10:00', 'emergency', 20),
  request(2, '2026-01-31T23:50', 'emergency', 40),
  request(3, '2026-03-05T08:00', 'public_help', 6),
  request(4, '2026-03-20T09:00', 'routine', 120),
  request(5, '2026-05-01T10:00', 'emergency', null, 'dispatched'),
  request(6, '2026-05-02T09:00', 'emergency', null, 'cancelled'),
  request(7, '2026-12-31T23:50', 'emergency', 20),
];
const DISPATCHES = [
  dispatch(0, 0, '2025-12-31T23:45', '2026-01-01T00:05', [['light', 30]]),
  dispatch(1, 1, '2026-01-10T10:02', '2026-01-10T10:20', [['life-jacket', 60], ['light', 20]]),
  dispatch(2, 2, '2026-01-31T23:55', '2026-02-01T00:30', [['life-jacket', 10]]),
  dispatch(3, 3, '2026-03-05T08:01', '2026-03-05T08:06', [['n95-mask', 100]]),
  dispatch(4, 4, '2026-03-20T09:10', '2026-03-20T11:00', [['generator', 2]]),
  dispatch(5, 4, '2026-03-20T09:12', null, [['light', 5]], 'cancelled'),
  dispatch(6, 5, '2026-05-01T10:05', null, [['life-jacket', 40]], 'enroute'),
  dispatch(7, 7, '2026-12-31T23:55', '2027-01-01T00:10', [['light', 7]]),
];

let tmp: ReturnType<typeof tempDir>;
let db: Db;
beforeEach(() => {
  tmp = tempDir('jb-report-');
  db = openStore(join(tmp.dir, 'cache.sqlite'), { key: cacheKey, synchronous: 'NORMAL' });
});
afterEach(() => {
  db.close();
  tmp.remove();
});

function seedKnownYear(): void {
  const access = createReplicaAccess(db);
  db.transaction(() => {
    for (const r of REQUESTS) access.put('request', r);
    for (const x of DISPATCHES) access.put('dispatch', x);
    for (const i of [
      item('life-jacket', '救生衣', 'Life jacket', '件', 'pcs'),
      item('light', '应急照明灯', 'Emergency light', '台', 'units'),
      item('n95-mask', 'N95 口罩', 'N95 mask', '只', 'pcs'),
      item('generator', '便携发电机', 'Portable generator', '台', 'units'),
    ])
      access.put('item', i);
    for (const a of [alert(1, 'red', '2026-01-10T10:25', '2026-01-10T11:25'), alert(2, 'yellow', '2026-03-05T08:02'), alert(3, 'orange', '2025-12-30T12:00')]) access.put('alert', a);
    for (const x of [drill(1, '2026-05-10T15:00', 'reconciled'), drill(2, '2025-11-10T15:00', 'aborted')]) access.put('drill', x);
    // Repair cycle: 3 days (back in February) and 4 days (back in June); a scrapping and an open repair do not count.
    for (const r of [repair(1, '2026-02-01T00:00', '2026-02-04T00:00'), repair(2, '2026-06-01T00:00', '2026-06-05T00:00'), repair(3, '2026-03-01T00:00', '2026-03-02T00:00', 'scrap'), repair(4, '2026-06-10T00:00', null)])
      access.put('repair', r);
    access.put('asset_type', { id: 'bodycam-x', class: 'bodycam', name: '执法记录仪', nameEn: 'Body camera', serviceLifeMonths: null, ratedCycles: null } satisfies AssetType);
    // Readiness now: 49 ready of 50 in service (98%); a scrapped one is out of service.
    for (let n = 1; n <= 51; n++) access.put('asset', asset(n, n === 50 ? 'in_repair' : n === 51 ? 'scrapped' : n % 2 ? 'stored' : 'allocated'));
    // Turnout now: 9 of 10 vehicles able (one in the workshop).
    for (let no = 1; no <= 10; no++) access.put('vehicle', vehicle(no, no === 3 ? 'maintenance' : no === 4 ? 'enroute' : 'available'));
  })();
}

const checked = checkUnitTree(demoUnits());
if (!checked.ok) throw new Error('the demo tree does not check');
const TREE: UnitTree = checked.tree;

/** `unitId`: the caller's unit, for the roll-up over the demo tree (none: the board holds no tree). */
function handlersAt(now = NOW, unitId?: string) {
  const outbox = createOutbox(db, () => now);
  const rollupScope = unitId === undefined ? {} : { rollupScope: () => ({ tree: TREE, unitId }) };
  const h = createReportHandlers({ db, replica: createReplicaReader(db), outbox, now: () => now, ...rollupScope });
  const spec = reportMethods['report.figures'];
  // Through the method's own schemas, as the dispatcher calls it: the answer must be what the wire carries.
  const call = (kind: string, key?: string) => spec.result.parse(h['report.figures'](TEST_CALLER as never, spec.arg.parse({ kind, ...(key ? { key } : {}) })));
  return { call, outbox };
}

const errorOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof BoardError ? `${e.code}` : `not a BoardError: ${String(e)}`;
  }
  return 'no error';
};

describe('report.figures on a backend store', () => {
  it('reproduces the year from a known data set: figures, headline and the monthly series', () => {
    seedKnownYear();
    const r = handlersAt().call('year', '2026');
    expect(r.period).toEqual({ kind: 'year', key: '2026', from: sh('2026-01-01T00:00'), to: sh('2027-01-01T00:00') });
    expect([r.previous, r.next, r.current, r.timeZone]).toEqual(['2025', '2027', true, 'Asia/Shanghai']);
    const f = r.figures;
    expect({ requests: f.requests, dispatches: f.dispatches, delivered: f.delivered, onTime: f.onTime, late: f.late, onTimeShare: f.onTimeShare }).toEqual({
      requests: 7, dispatches: 7, delivered: 5, onTime: 4, late: 1, onTimeShare: 0.8,
    });
    // (25 + 20 + 40 + 6 + 120) / 5 min; p90 by nearest rank: the 5th of 5.
    expect(f.avgRequestToArrivalS).toBeCloseTo((211 / 5) * 60, 6);
    expect(f.p90RequestToArrivalS).toBe(120 * 60);
    expect(f.byClass.emergency).toEqual({ delivered: 3, onTime: 2, onTimeShare: 2 / 3, avgRequestToArrivalS: (85 / 3) * 60 });
    expect(f.moved).toEqual([
      { itemId: 'generator', quantity: 2 },
      { itemId: 'life-jacket', quantity: 70 },
      { itemId: 'light', quantity: 50 },
      { itemId: 'n95-mask', quantity: 100 },
    ]);
    expect(f.alerts).toEqual({ raised: 2, overdue: 1, byLevel: { green: { raised: 0, overdue: 0 }, yellow: { raised: 1, overdue: 0 }, orange: { raised: 0, overdue: 0 }, red: { raised: 1, overdue: 1 } } });
    expect(f.drills).toEqual({ started: 1, byResult: { running: 0, reconciled: 1, conflicts: 0, aborted: 0 } });
    expect(f.readiness).toMatchObject({ ready: 49, inService: 50, rate: 0.98, meets: true });
    expect(f.turnout).toMatchObject({ ready: 9, inService: 10, rate: 0.9, meets: false });
    expect(f.repairCycle).toMatchObject({ count: 2, meanDays: 3.5, meets: false });
    expect(r.ledgerAt).toBe(NOW);
    expect(r.headline).toEqual({
      dispatches: 7,
      avgRequestToArrivalS: (85 / 3) * 60,
      targetS: 1800,
      withinTarget: true,
      moved: f.moved,
      onTimeShare: 0.8,
      readiness: { rate: 0.98, target: 0.98, meets: true },
      turnout: { rate: 0.9, target: 0.99, meets: false },
      repairCycle: { meanDays: 3.5, targetDays: 3.1, meets: false },
    });
    expect(r.itemNames['n95-mask']).toEqual({ name: 'N95 口罩', nameEn: 'N95 mask', unit: '只', unitEn: 'pcs' });

    // The monthly series: twelve buckets whose counts add up to the year's.
    expect(r.series.map((s) => s.bucketKey)).toEqual(Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`));
    const row = (s: (typeof r.series)[number]) => [s.figures.requests, s.figures.dispatches, s.figures.delivered, s.figures.onTime, s.figures.avgRequestToArrivalS, s.figures.empty];
    expect(r.series.map(row)).toEqual([
      [2, 2, 2, 2, 22.5 * 60, false], // R1, R2 made; R0 and R1 delivered
      [0, 0, 1, 0, 40 * 60, false], //   R2 delivered, late
      [2, 3, 2, 2, 63 * 60, false], //   R3, R4 (and R4's cancelled second vehicle)
      [0, 0, 0, 0, null, true],
      [2, 1, 0, 0, null, false], //     R5 en route, R6 cancelled
      [0, 0, 0, 0, null, true],
      [0, 0, 0, 0, null, true],
      [0, 0, 0, 0, null, true],
      [0, 0, 0, 0, null, true],
      [0, 0, 0, 0, null, true],
      [0, 0, 0, 0, null, true],
      [1, 1, 0, 0, null, false], //     R7 made; delivered in 2027
    ]);
    expect(r.series.map((s) => s.figures.moved)).toEqual([
      [{ itemId: 'life-jacket', quantity: 60 }, { itemId: 'light', quantity: 50 }],
      [{ itemId: 'life-jacket', quantity: 10 }],
      [{ itemId: 'generator', quantity: 2 }, { itemId: 'n95-mask', quantity: 100 }],
      [], [], [], [], [], [], [], [], [],
    ]);
    // The ledger's one reading now falls in June; the repair cycle is exact per month.
    expect(r.series.map((s) => s.figures.readiness?.rate ?? null)).toEqual([null, null, null, null, null, 0.98, null, null, null, null, null, null]);
    expect(r.series.map((s) => s.figures.repairCycle?.meanDays ?? null)).toEqual([null, 3, null, null, null, 4, null, null, null, null, null, null]);
    expect(r.series.reduce((n, s) => n + s.figures.dispatches, 0)).toBe(f.dispatches);
  });

  it('a past year has no ledger reading (not known, not 0%), and its deliveries are its own', () => {
    seedKnownYear();
    const r = handlersAt().call('year', '2025');
    expect([r.figures.requests, r.figures.dispatches, r.figures.delivered, r.current, r.ledgerAt]).toEqual([1, 1, 0, false, null]);
    expect([r.figures.readiness, r.figures.turnout]).toEqual([null, null]);
    expect(r.figures.drills?.byResult.aborted).toBe(1);
    expect(r.headline?.avgRequestToArrivalS).toBeNull();
  });

  it("a day's chart is its shifts whole: the night of 31 January runs into February and counts R2's delivery", () => {
    seedKnownYear();
    const r = handlersAt().call('day', '2026-01-31');
    expect(r.series.map((s) => s.bucketKey)).toEqual(['2026-01-31/day', '2026-01-31/night']);
    expect(r.series.map((s) => [s.figures.requests, s.figures.delivered])).toEqual([[0, 0], [1, 1]]);
    // The calendar day itself: R2 was made on it, delivered the next.
    expect([r.figures.requests, r.figures.delivered]).toEqual([1, 0]);
    expect(r.headline).toBeNull();
  });

  it('steps from the period now by default, and names its neighbours', () => {
    seedKnownYear();
    const { call } = handlersAt();
    expect([call('month').period.key, call('month').previous, call('month').next]).toEqual(['2026-06', '2026-05', '2026-07']);
    expect([call('quarter').period.key, call('half').period.key, call('shift').period.key]).toEqual(['2026-Q2', '2026-H1', '2026-06-15/day']);
    expect(call('shift').series).toHaveLength(12);
  });

  it('shows what the board shows: a delivery confirmed offline (queued) counts at once', () => {
    seedKnownYear();
    const { call, outbox } = handlersAt();
    expect(call('month', '2026-05').figures.delivered).toBe(0);
    outbox.enqueue('dispatch.confirmDelivery', { dispatchId: U(106), at: sh('2026-05-01T10:25') });
    const may = call('month', '2026-05').figures;
    expect([may.delivered, may.onTime, may.avgRequestToArrivalS]).toEqual([1, 1, 25 * 60]);
    expect(may.moved).toEqual([{ itemId: 'life-jacket', quantity: 40 }]);
  });

  it("rolls the period up over the caller's unit: its own row (and the unit-less), one per child, queued commands laid over", () => {
    seedKnownYear(); // no unit on any of its rows: all the caller's own
    const access = createReplicaAccess(db);
    const inUnit = (n: number, unitId: string, created: string, after: number | null, status: SupplyRequest['status'] = 'delivered') => ({ ...request(n, created, 'emergency', after, status), unitId });
    db.transaction(() => {
      access.put('request', inUnit(20, 'unit-nordstaden', '2026-05-10T10:00', 20));
      access.put('request', inUnit(21, 'unit-post-kungsportsplatsen', '2026-05-11T10:00', 40));
      access.put('request', inUnit(22, 'unit-lorensberg', '2026-05-12T10:00', null, 'dispatched'));
      access.put('request', inUnit(23, 'unit-hisingen', '2026-05-13T10:00', 15));
      access.put('dispatch', { ...dispatch(22, 22, '2026-05-12T10:01', null, [['life-jacket', 3]], 'enroute') });
    })();
    const { call, outbox } = handlersAt(NOW, 'unit-centrum');
    const r = call('month', '2026-05').rollup!;
    const line = (f: NonNullable<typeof r>['total']) => [f.requests, f.dispatches, f.delivered, f.late];
    expect(r.unit).toEqual({ id: 'unit-centrum', kind: 'county', name: '中心区分局', nameEn: 'Centrum District Bureau' });
    expect([['own', ...line(r.own)], ...r.children.map((c) => [c.unit.id, ...line(c.figures)]), ['total', ...line(r.total)], ['outside', r.outside]]).toEqual([
      ['own', 2, 1, 0, 0], // R5 (en route, its order) and R6 (cancelled): rows with no unit are the console's own
      ['unit-centralen', 0, 0, 0, 0],
      ['unit-lorensberg', 1, 1, 0, 0],
      ['unit-nordstaden', 2, 0, 2, 1], // its own and its post's
      ['unit-post-ullevi', 0, 0, 0, 0],
      ['total', 5, 2, 2, 1],
      ['outside', 1], // Hisingen's
    ]);
    // A delivery confirmed offline counts at once, in its unit's row.
    outbox.enqueue('dispatch.confirmDelivery', { dispatchId: U(122), at: sh('2026-05-12T10:25') });
    const after = call('month', '2026-05').rollup!;
    expect(after.children.find((c) => c.unit.id === 'unit-lorensberg')!.figures.delivered).toBe(1);
    expect(after.total.delivered).toBe(3);
    // The city sees its counties; no tree on the board, or a unit it does not hold: no roll-up.
    expect(handlersAt(NOW, DEMO_CITY_UNIT_ID).call('month', '2026-05').rollup!.children.map((c) => [c.unit.id, c.figures.requests])).toEqual([
      ['unit-centrum', 3], ['unit-hisingen', 1], ['unit-majorna', 0], ['unit-oster', 0],
    ]);
    expect(handlersAt().call('month', '2026-05').rollup).toBeNull();
    expect(handlersAt(NOW, 'unit-gone').call('month', '2026-05').rollup).toBeNull();

    // Equipment readiness is a reading now: in the month that holds now, by the unit of the site the assets are kept at.
    expect(r.total.readiness).toBeNull();
    access.put('site', { id: 'depot-central', kind: 'central', name: '中心物资库', nameEn: 'Central depot', address: '', lon: 11.98, lat: 57.71, unitId: 'unit-nordstaden' });
    const june = handlersAt(NOW, 'unit-centrum').call('month', '2026-06').rollup!;
    expect(june.children.find((c) => c.unit.id === 'unit-nordstaden')!.figures.readiness).toEqual({ ready: 49, inService: 50, rate: 0.98 });
    expect(june.own.readiness).toEqual({ ready: 0, inService: 0, rate: null });
    expect(june.total.readiness).toEqual({ ready: 49, inService: 50, rate: 0.98 });
  });

  it('refuses a malformed key, and names an empty period', () => {
    seedKnownYear();
    const { call } = handlersAt();
    expect(errorOf(() => call('month', '2026-13'))).toBe('bad_request');
    expect(errorOf(() => call('year', '26'))).toBe('bad_request');
    expect(errorOf(() => call('shift', '2026-06-15/lunch'))).toBe('bad_request');
    // A shift inside the hour a daylight-saving change skips (Berlin, 29 March 2026, 02:00–03:00) has no length that day.
    const config = { ...DEFAULT_DUTY_CONFIG, timeZone: 'Europe/Berlin', shifts: [{ id: 'long', name: '长班', start: '03:00', end: '02:00' }, { id: 'short', name: '短班', start: '02:00', end: '03:00' }] };
    createReplicaAccess(db).put('duty_config', { id: 'duty', config, changedAt: 0, changedBy: 'test' });
    expect(errorOf(() => call('shift', '2026-03-29/short'))).toBe('empty_period');
    expect(call('shift', '2026-03-30/short').period.to - call('shift', '2026-03-30/short').period.from).toBe(3600_000);
  });

  it('answers a year at ~50 requests a day within 300 ms, rolled up by county', () => {
    // 2025: 50 requests a day, each with one or two dispatch orders, through the encrypted cache.
    const access = createReplicaAccess(db);
    const start = sh('2025-01-01T00:00');
    let n = 0;
    let orders = 0;
    db.transaction(() => {
      for (let day = 0; day < 365; day++) {
        for (let i = 0; i < 50; i++, n++) {
          const created = start + day * DAY + i * 28 * MIN + 7 * MIN;
          const after = 10 + (n % 31);
          // Spread over every unit of the demo tree: the city's roll-up groups them by county.
          const unitId = TREE.order[n % TREE.order.length]!;
          const r: SupplyRequest = { ...request(1000 + n, '2025-01-01T00:00', 'emergency', null), createdAt: created, deadlineAt: created + 30 * MIN, status: 'delivered', deliveredAt: created + after * MIN, unitId };
          access.put('request', r);
          for (let k = 0; k < 1 + (n % 2); k++, orders++) {
            access.put('dispatch', { ...dispatch(0, 0, '2025-01-01T00:00', null, [['life-jacket', 5 + k]]), id: U(10_000_000 + orders), requestId: r.id, createdAt: created + MIN, status: 'delivered', deliveredAt: r.deliveredAt });
          }
        }
      }
    })();
    const at = sh('2026-02-01T12:00');
    const timed = () => {
      // A fresh handler each time: nothing of the last call is kept.
      const { call } = handlersAt(at, DEMO_CITY_UNIT_ID);
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const result = call('year', '2025');
      const cpu = process.cpuUsage(cpu0);
      return { result, ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 };
    };
    const first = timed(); // the backend's first report: its code not compiled yet
    const again = [timed(), timed(), timed(), timed(), timed()].sort((a, b) => a.cpuMs - b.cpuMs);
    // What any year's report must at least do, measured beside it in the same moment: read every
    // request and dispatch order once. Under a loaded machine both grow together.
    const floor = [0, 1, 2]
      .map(() => {
        const cpu0 = process.cpuUsage();
        const rows = access.all('request').length + access.all('dispatch').length;
        const cpu = process.cpuUsage(cpu0);
        expect(rows).toBeGreaterThanOrEqual(18_250 + 27_375);
        return (cpu.user + cpu.system) / 1000;
      })
      .sort((a, b) => a - b)[0]!;
    const r = first.result;
    const show = (x: { ms: number; cpuMs: number }) => `${x.ms.toFixed(0)} ms (${x.cpuMs.toFixed(0)} ms CPU)`;
    console.log(`report.figures year at ${n} requests / ${orders} dispatch orders: first call ${show(first)}, then ${again.map(show).join(' / ')}; reading every row once ${floor.toFixed(0)} ms CPU`);
    expect([r.figures.requests, r.figures.dispatches, r.series.length]).toEqual([18_250, 27_375, 12]);
    expect(r.figures.delivered).toBe(18_250);
    expect([r.rollup!.total.requests, r.rollup!.children.reduce((k, c) => k + c.figures.requests, r.rollup!.own.requests), r.rollup!.outside]).toEqual([18_250, 18_250, 0]);
    // The target is ~300 ms (measured alone on this two-core machine: 200–280 ms wall, ~300 ms of
    // CPU with the garbage collector's threads). Held on CPU time, the best of five, at twice the
    // target — or, on a machine so loaded that even reading the rows once costs more than usual
    // (a CI run measured 666 ms), at twice that reading (the call itself costs ~1.4 of it): what
    // this catches is the call reading or computing far more than the year, not the machine being busy.
    expect(again[0]!.cpuMs).toBeLessThan(Math.max(600, 2 * floor));
  });
});
