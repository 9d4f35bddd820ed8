/**
 * The ledger's commands by the central's rules (the same the board's overlay runs), on an
 * in-memory table set: lifecycle steps refused with lifecycle.ts's codes, approvals needed
 * and used up, the repair cycle's times, the vehicle following its repair, and the
 * timeline's ring (tables.ts) keeping the last TIMELINE_KEPT steps of an asset.
 */
import { describe, expect, it } from 'vitest';
import type { ApplyCtx, TableTx } from '../../commands/module';
import { tableDecl, type TableName } from '../../replica/registry';
import type { Asset } from '../schema';
import { TIMELINE_KEPT } from '../tables';
import { assetCycles, assetCyclesPayload, CYCLES_FUTURE_SLACK_MS } from './asset-cycles';
import { assetFlights, assetFlightsPayload } from './asset-flights';
import { assetStep } from './asset-step';
import { CLIMATE_FUTURE_SLACK_MS, climateRecord, climateRecordPayload } from './climate-record';
import { repairClose } from './repair-close';
import { repairDecide } from './repair-decide';
import { repairFile } from './repair-file';

const ASSET: Asset = { id: 'as-1', typeId: 'bodycam-dsj-v7', serial: 'BC1', qr: 'JB-BC000001', epc: null, state: 'stored', siteId: 'qp-01', holder: null, since: 0, procuredAt: 0, acceptedAt: 0, cycles: null, pendingRequestId: null };

function world() {
  const tables = new Map<string, Map<string, unknown>>();
  const t = (n: string) => tables.get(n) ?? (tables.set(n, new Map()), tables.get(n)!);
  const tx: TableTx = {
    get: ((n: TableName, k: string) => t(n).get(k)) as TableTx['get'],
    put: ((n: TableName, row: never) => void t(n).set(tableDecl(n).key(row), row)) as TableTx['put'],
    where: ((n: TableName, c: string, v: string | number) => [...t(n).values()].filter((r) => tableDecl(n).columns[c]!.of(r as never) === v)) as TableTx['where'],
  };
  tx.put('site', { id: 'qp-01', kind: 'quickpick', name: 'q1', nameEn: 'q1', address: '', lon: 11.9, lat: 57.7 });
  tx.put('site', { id: 'qp-02', kind: 'quickpick', name: 'q2', nameEn: 'q2', address: '', lon: 11.9, lat: 57.7 });
  tx.put('asset', ASSET);
  tx.put('vehicle', { id: 'veh-1', no: 1, plate: 'A1', kind: 'van', status: 'available', crew: [], homeSiteId: 'qp-01', capacity: 10 });
  return tx;
}
const ctx = (at: number, by = 'duty01'): ApplyCtx => ({ at, by });

describe('asset.step', () => {
  it.each([
    ['scrapping an allocated item', { state: 'allocated', holder: 'x' }, { step: 'scrap' }, 'illegal_step'],
    ['allocating one in repair', { state: 'in_repair' }, { step: 'issue', holder: 'x' }, 'illegal_step'],
    ['issuing to nobody', {}, { step: 'issue' }, 'needs_holder'],
    ['a transfer to where it is', {}, { step: 'transfer', siteId: 'qp-01' }, 'same_site'],
    ['sending to repair without approval', {}, { step: 'send_to_repair' }, 'needs_approval'],
    ['scrapping without approval', {}, { step: 'scrap' }, 'needs_approval'],
  ] as const)('refuses %s', (_what, state, step, code) => {
    const tx = world();
    tx.put('asset', { ...ASSET, ...state });
    const r = assetStep.apply(tx, { assetId: 'as-1', note: '', ...step }, ctx(5));
    expect(r).toMatchObject({ ok: false, code });
    expect(assetStep.refusals).toContain(code);
    expect(tx.where('asset_event', 'asset_id', 'as-1')).toEqual([]);
  });

  it('keeps the last TIMELINE_KEPT steps of an asset, oldest written over', () => {
    const tx = world();
    for (let i = 0; i < TIMELINE_KEPT + 3; i++) {
      expect(assetStep.apply(tx, { assetId: 'as-1', step: i % 2 ? 'return' : 'issue', siteId: 'qp-01', holder: 'x', note: String(i) }, ctx(100 + i)).ok).toBe(true);
    }
    const ev = tx.where('asset_event', 'asset_id', 'as-1').sort((a, b) => a.at - b.at);
    expect(ev).toHaveLength(TIMELINE_KEPT);
    expect(ev.map((e) => e.note)).toEqual(Array.from({ length: TIMELINE_KEPT }, (_, i) => String(i + 3)));
    expect(ev.at(-1)).toMatchObject({ by: 'duty01', from: 'stored', to: 'allocated' });
  });
});

describe('repairs', () => {
  it('an approved request lets the asset go to repair, and its cycle is timed', () => {
    const tx = world();
    expect(repairFile.apply(tx, { repairId: 'rp-1', target: { kind: 'asset', id: 'as-1' }, kind: 'repair', reason: 'broken' }, ctx(10)).ok).toBe(true);
    expect(repairFile.apply(tx, { repairId: 'rp-2', target: { kind: 'asset', id: 'as-1' }, kind: 'scrap', reason: 'x' }, ctx(11))).toMatchObject({ code: 'repair_open' });
    expect(assetStep.apply(tx, { assetId: 'as-1', step: 'send_to_repair', note: '' }, ctx(12))).toMatchObject({ code: 'needs_approval' });
    expect(repairDecide.apply(tx, { repairId: 'rp-1', approve: true, note: 'ok' }, ctx(20, 'sup01')).ok).toBe(true);
    expect(repairDecide.apply(tx, { repairId: 'rp-1', approve: false, note: 'no' }, ctx(21, 'sup01'))).toMatchObject({ code: 'repair_decided' });
    expect(assetStep.apply(tx, { assetId: 'as-1', step: 'send_to_repair', note: '' }, ctx(30)).ok).toBe(true);
    expect(assetStep.apply(tx, { assetId: 'as-1', step: 'back_from_repair', siteId: 'qp-01', note: '' }, ctx(40)).ok).toBe(true);
    expect(tx.get('repair', 'rp-1')).toMatchObject({ status: 'done', filedAt: 10, filedBy: 'duty01', decidedAt: 20, decidedBy: 'sup01', decisionNote: 'ok', sentAt: 30, backAt: 40 });
    expect(tx.get('asset', 'as-1')).toMatchObject({ state: 'stored', pendingRequestId: null });
  });

  it('a rejected request frees the asset; the approval of one is not the approval of another', () => {
    const tx = world();
    repairFile.apply(tx, { repairId: 'rp-1', target: { kind: 'asset', id: 'as-1' }, kind: 'repair', reason: 'broken' }, ctx(10));
    repairDecide.apply(tx, { repairId: 'rp-1', approve: true, note: 'ok' }, ctx(20));
    // Approved for repair, not for scrapping.
    expect(assetStep.apply(tx, { assetId: 'as-1', step: 'scrap', note: '' }, ctx(21))).toMatchObject({ code: 'needs_approval' });
    const tx2 = world();
    repairFile.apply(tx2, { repairId: 'rp-1', target: { kind: 'asset', id: 'as-1' }, kind: 'repair', reason: 'broken' }, ctx(10));
    repairDecide.apply(tx2, { repairId: 'rp-1', approve: false, note: 'not needed' }, ctx(20));
    expect(tx2.get('asset', 'as-1')?.pendingRequestId).toBeNull();
    expect(repairFile.apply(tx2, { repairId: 'rp-2', target: { kind: 'asset', id: 'as-1' }, kind: 'repair', reason: 'again' }, ctx(30)).ok).toBe(true);
  });

  it('a vehicle follows its repair: maintenance when approved (not while out on a job), available when closed', () => {
    const tx = world();
    repairFile.apply(tx, { repairId: 'rp-v', target: { kind: 'vehicle', id: 'veh-1' }, kind: 'repair', reason: 'brakes' }, ctx(10));
    tx.put('vehicle', { ...tx.get('vehicle', 'veh-1')!, status: 'enroute' });
    expect(repairDecide.apply(tx, { repairId: 'rp-v', approve: true, note: 'ok' }, ctx(20))).toMatchObject({ code: 'vehicle_busy' });
    tx.put('vehicle', { ...tx.get('vehicle', 'veh-1')!, status: 'available' });
    expect(repairDecide.apply(tx, { repairId: 'rp-v', approve: true, note: 'ok' }, ctx(20)).ok).toBe(true);
    expect(tx.get('vehicle', 'veh-1')?.status).toBe('maintenance');
    expect(repairClose.apply(tx, { repairId: 'rp-v', note: '' }, ctx(50)).ok).toBe(true);
    expect(tx.get('vehicle', 'veh-1')?.status).toBe('available');
    expect(tx.get('repair', 'rp-v')).toMatchObject({ status: 'done', sentAt: 20, backAt: 50 });
  });
});

describe('climate.record', () => {
  const readings = [
    { at: 1_000, tempC: 24.5, humidity: 55 },
    { at: 2_000, tempC: 31, humidity: 72.5 },
  ];
  it('writes a site’s readings, keyed by site and time: the same file again writes the same rows, never twice', () => {
    const tx = world();
    expect(climateRecord.apply(tx, { siteId: 'qp-01', readings, source: 'a.csv' }, ctx(10_000))).toEqual({ ok: true });
    expect(climateRecord.apply(tx, { siteId: 'qp-01', readings, source: 'a.csv' }, ctx(10_000))).toEqual({ ok: true });
    expect(tx.where('climate_reading', 'site_id', 'qp-01')).toEqual(readings.map((r) => ({ siteId: 'qp-01', ...r })));
    expect(tx.where('climate_reading', 'site_id', 'qp-02')).toEqual([]);
  });

  it.each<[string, { siteId: string; readings: { at: number; tempC: number; humidity: number }[] }, string]>([
    ['a site the central does not know', { siteId: 'qp-99', readings }, 'unknown_site'],
    ['a reading from the future (beyond the clocks’ slack)', { siteId: 'qp-01', readings: [...readings, { at: 10_000 + CLIMATE_FUTURE_SLACK_MS + 1, tempC: 20, humidity: 40 }] }, 'future_reading'],
  ])('refuses %s, writing nothing', (_what, p, code) => {
    const tx = world();
    expect(climateRecord.apply(tx, { ...p, source: 'a.csv' }, ctx(10_000))).toMatchObject({ ok: false, code });
    expect(climateRecord.refusals).toContain(code);
    expect(tx.where('climate_reading', 'site_id', 'qp-01')).toEqual([]);
  });

  it('takes no payload with two readings at one time, or past its size', () => {
    expect(climateRecordPayload.safeParse({ siteId: 'qp-01', readings: [readings[0], readings[0]], source: '' }).success).toBe(false);
    expect(climateRecordPayload.safeParse({ siteId: 'qp-01', readings: Array.from({ length: 501 }, (_, i) => ({ at: i, tempC: 20, humidity: 40 })), source: '' }).success).toBe(false);
    expect(climateRecordPayload.safeParse({ siteId: 'qp-01', readings: [{ at: 1, tempC: 90, humidity: 40 }], source: '' }).success).toBe(false);
  });
});

describe('asset.cycles', () => {
  const battery = (cycles: number | null): Asset => ({ ...ASSET, id: 'as-b1', typeId: 'bat-tb65', serial: 'TB65-1', qr: 'JB-BT000001', cycles });
  const withBattery = (cycles: number | null) => {
    const tx = world();
    tx.put('asset_type', { id: 'bat-tb65', class: 'drone_battery', name: 'TB65 电池', nameEn: 'TB65 battery', serviceLifeMonths: null, ratedCycles: 400 });
    tx.put('asset_type', { id: 'bodycam-dsj-v7', class: 'bodycam', name: '执法记录仪', nameEn: 'Body camera', serviceLifeMonths: 60, ratedCycles: null });
    tx.put('asset', battery(cycles));
    return tx;
  };
  const readings = [
    { at: 1_000, cycles: 120 },
    { at: 2_000, cycles: 131 },
  ];
  it('keeps the highest count it is told: a counter only rises, so the same file again, or an older one, changes nothing', () => {
    const tx = withBattery(100);
    expect(assetCycles.apply(tx, { assetId: 'as-b1', readings, source: 'a.csv' }, ctx(10_000))).toEqual({ ok: true });
    expect(tx.get('asset', 'as-b1')?.cycles).toBe(131);
    expect(assetCycles.apply(tx, { assetId: 'as-b1', readings, source: 'a.csv' }, ctx(10_000))).toEqual({ ok: true });
    expect(assetCycles.apply(tx, { assetId: 'as-b1', readings: [{ at: 500, cycles: 90 }], source: 'old.csv' }, ctx(10_000))).toEqual({ ok: true });
    expect(tx.get('asset', 'as-b1')).toEqual(battery(131));
    // A battery never counted before takes the file's count.
    const fresh = withBattery(null);
    expect(assetCycles.apply(fresh, { assetId: 'as-b1', readings: [{ at: 500, cycles: 7 }], source: 'a.csv' }, ctx(10_000)).ok).toBe(true);
    expect(fresh.get('asset', 'as-b1')?.cycles).toBe(7);
  });

  it.each<[string, { assetId: string; readings: { at: number; cycles: number }[] }, string]>([
    ['an asset the central does not know', { assetId: 'as-404', readings }, 'not_found'],
    ['an asset that is not a drone battery', { assetId: 'as-1', readings }, 'not_a_battery'],
    ['a reading from the future (beyond the clocks’ slack)', { assetId: 'as-b1', readings: [...readings, { at: 10_000 + CYCLES_FUTURE_SLACK_MS + 1, cycles: 140 }] }, 'future_reading'],
  ])('refuses %s, writing nothing', (_what, p, code) => {
    const tx = withBattery(100);
    expect(assetCycles.apply(tx, { ...p, source: 'a.csv' }, ctx(10_000))).toMatchObject({ ok: false, code });
    expect(assetCycles.refusals).toContain(code);
    expect(tx.get('asset', 'as-b1')).toEqual(battery(100));
    expect(tx.get('asset', 'as-1')).toEqual(ASSET);
  });

  it('takes no payload out of time order, counting down, or past its size', () => {
    expect(assetCyclesPayload.safeParse({ assetId: 'as-b1', readings: [readings[1], readings[0]], source: '' }).success).toBe(false);
    expect(assetCyclesPayload.safeParse({ assetId: 'as-b1', readings: [{ at: 1, cycles: 9 }, { at: 2, cycles: 8 }], source: '' }).success).toBe(false);
    expect(assetCyclesPayload.safeParse({ assetId: 'as-b1', readings: Array.from({ length: 501 }, (_, i) => ({ at: i, cycles: i })), source: '' }).success).toBe(false);
    expect(assetCyclesPayload.safeParse({ assetId: 'as-b1', readings, source: '' }).success).toBe(true);
  });

  // asset.flights: a log of flights a day (shared/assets/flight-days.ts has the rule's table).
  const NOON = Date.UTC(2026, 11, 4, 12);
  const week = [
    { day: '2026-11-01', flights: 3 },
    { day: '2026-11-02', flights: 2 },
    { day: '2026-11-04', flights: 4 },
  ];
  const daysOf = (tx: ReturnType<typeof withBattery>) => tx.where('battery_day', 'asset_id', 'as-b1').map((d) => [d.day, d.flights, d.counter]);
  it('flights a day: each day kept once, the count rises by what is new — the same log again adds nothing', () => {
    const tx = withBattery(100);
    expect(assetFlights.apply(tx, { assetId: 'as-b1', days: week, source: 'week.csv' }, ctx(NOON))).toEqual({ ok: true });
    expect(tx.get('asset', 'as-b1')?.cycles).toBe(109);
    expect(assetFlights.apply(tx, { assetId: 'as-b1', days: week, source: 'week.csv' }, ctx(NOON))).toEqual({ ok: true });
    expect(tx.get('asset', 'as-b1')?.cycles).toBe(109);
    // A month's export over the week: only the new day, and the 4th's higher count, add.
    expect(assetFlights.apply(tx, { assetId: 'as-b1', days: [{ day: '2026-11-02', flights: 2 }, { day: '2026-11-04', flights: 5 }, { day: '2026-11-09', flights: 1 }], source: 'month.csv' }, ctx(NOON)).ok).toBe(true);
    expect(tx.get('asset', 'as-b1')?.cycles).toBe(111);
    expect(daysOf(tx)).toEqual([['2026-11-01', 3, null], ['2026-11-02', 2, null], ['2026-11-04', 5, null], ['2026-11-09', 1, null]]);
  });

  it('a counter reading with its day includes the flights up to that day, and is laid under those after it', () => {
    const tx = withBattery(100);
    expect(assetCycles.apply(tx, { assetId: 'as-b1', readings: [{ at: Date.UTC(2026, 10, 2, 8), cycles: 200 }], day: '2026-11-02', source: 'counter.csv' }, ctx(NOON)).ok).toBe(true);
    expect(tx.get('asset', 'as-b1')?.cycles).toBe(200);
    // The 1st and 2nd are in the counter; the 4th adds.
    expect(assetFlights.apply(tx, { assetId: 'as-b1', days: week, source: 'week.csv' }, ctx(NOON)).ok).toBe(true);
    expect(tx.get('asset', 'as-b1')?.cycles).toBe(204);
    expect(daysOf(tx)).toEqual([['2026-11-02', 2, 200], ['2026-11-01', 3, null], ['2026-11-04', 4, null]]);
    // The other order gives the same count.
    const other = withBattery(100);
    assetFlights.apply(other, { assetId: 'as-b1', days: week, source: 'week.csv' }, ctx(NOON));
    assetCycles.apply(other, { assetId: 'as-b1', readings: [{ at: Date.UTC(2026, 10, 2, 8), cycles: 200 }], day: '2026-11-02', source: 'counter.csv' }, ctx(NOON));
    expect(other.get('asset', 'as-b1')?.cycles).toBe(204);
  });

  it.each<[string, { assetId: string; days: { day: string; flights: number }[] }, string]>([
    ['an asset the central does not know', { assetId: 'as-404', days: week }, 'not_found'],
    ['an asset that is not a drone battery', { assetId: 'as-1', days: week }, 'not_a_battery'],
    ['a day still to come anywhere on earth', { assetId: 'as-b1', days: [...week, { day: '2026-12-06', flights: 1 }] }, 'future_reading'],
  ])('flights a day: refuses %s, writing nothing', (_what, p, code) => {
    const tx = withBattery(100);
    expect(assetFlights.apply(tx, { ...p, source: 'a.csv' }, ctx(NOON))).toMatchObject({ ok: false, code });
    expect(assetFlights.refusals).toContain(code);
    expect(tx.get('asset', 'as-b1')).toEqual(battery(100));
    expect(tx.where('battery_day', 'asset_id', 'as-b1')).toEqual([]);
  });

  it('flights a day: takes a board’s today ahead of UTC; no days out of order or twice, no more than 5 flights a day', () => {
    expect(assetFlights.apply(withBattery(0), { assetId: 'as-b1', days: [{ day: '2026-12-05', flights: 1 }], source: '' }, ctx(NOON)).ok).toBe(true);
    expect(assetFlightsPayload.safeParse({ assetId: 'as-b1', days: [week[1], week[0]], source: '' }).success).toBe(false);
    expect(assetFlightsPayload.safeParse({ assetId: 'as-b1', days: [week[0], week[0]], source: '' }).success).toBe(false);
    expect(assetFlightsPayload.safeParse({ assetId: 'as-b1', days: [{ day: '2026-11-01', flights: 6 }], source: '' }).success).toBe(false);
    expect(assetFlightsPayload.safeParse({ assetId: 'as-b1', days: [{ day: '2026-13-01', flights: 1 }], source: '' }).success).toBe(false);
    expect(assetFlightsPayload.safeParse({ assetId: 'as-b1', days: week, source: '' }).success).toBe(true);
  });
});
