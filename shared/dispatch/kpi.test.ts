import { describe, expect, it } from 'vitest';
import { kpiReport, percentile, periodBounds } from './kpi';
import type { DispatchOrder, SupplyRequest } from '../domain';
import { DEFAULT_DUTY_CONFIG } from '../duty/defaults';
import { zonedToEpoch } from '../duty/zoned-time';

// In the duty settings' time zone (Asia/Shanghai by default), not the machine's.
const local = (date: string, clock: string) => zonedToEpoch(date, clock, DEFAULT_DUTY_CONFIG.timeZone);
const T0 = local('2026-11-23', '10:00');
const min = 60_000;
const req = (id: string, createdMin: number, deliveredMin: number | null, label = '现场'): SupplyRequest => ({
  id, destination: { lon: 11.97, lat: 57.7, label }, items: [{ itemId: 'life-jacket', quantity: 10 }], priority: 'red', requester: '', note: '',
  createdAt: T0 + createdMin * min, deadlineAt: T0 + (createdMin + 30) * min, status: deliveredMin === null ? 'dispatched' : 'delivered',
  deliveredAt: deliveredMin === null ? null : T0 + deliveredMin * min,
});
const disp = (id: string, requestId: string, qty: number, delivered: boolean): DispatchOrder => ({
  id, requestId, vehicleId: 'veh-001', pickups: [{ siteId: 'depot-central', itemId: 'life-jacket', quantity: qty }], siteIds: ['depot-central'],
  predictedArrivalAt: 0, status: delivered ? 'delivered' : 'enroute', createdAt: T0, pickedUpAt: delivered ? T0 : null, deliveredAt: delivered ? T0 : null,
});
const U = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('KPIs', () => {
  it.each([
    [[], 0.9, null],
    [[5], 0.9, 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.9, 10],
  ])('p90 of %j is %s (nearest rank)', (values, p, want) => {
    expect(percentile(values, p)).toBe(want);
  });

  it.each([
    ['day', local('2026-11-23', '10:00'), local('2026-11-23', '00:00')],
    ['shift', local('2026-11-23', '10:00'), local('2026-11-23', '08:00')],
    ['shift', local('2026-11-23', '21:00'), local('2026-11-23', '20:00')],
    ['shift', local('2026-11-23', '03:00'), local('2026-11-22', '20:00')],
    ['month', local('2026-11-23', '10:00'), local('2026-11-01', '00:00')],
  ] as const)('%s period at %s starts at %s', (period, now, from) => {
    expect(periodBounds(period, now).from).toBe(from);
  });

  it('follows the division\'s own shifts from the duty settings (three shifts of eight hours)', () => {
    const three = { ...DEFAULT_DUTY_CONFIG, shifts: [
      { id: 'a', name: '早班', start: '06:00', end: '14:00' }, { id: 'b', name: '中班', start: '14:00', end: '22:00' }, { id: 'c', name: '夜班', start: '22:00', end: '06:00' },
    ] };
    expect(periodBounds('shift', local('2026-11-23', '13:59'), three).from).toBe(local('2026-11-23', '06:00'));
    expect(periodBounds('shift', local('2026-11-23', '02:00'), three).from).toBe(local('2026-11-22', '22:00'));
  });

  it('reports count, average, p90, on-time share and items moved for the period', () => {
    const requests = [req(U(1), -50, -30), req(U(2), -40, -5), req(U(3), -20, null)];
    const dispatches = [disp(U(11), U(1), 600, true), disp(U(12), U(2), 200, true), disp(U(13), U(2), 20, true), disp(U(14), U(3), 5, false)];
    const r = kpiReport('day', T0, requests, dispatches);
    expect(r.delivered).toBe(2);
    expect(r.avgRequestToArrivalS).toBe(((20 + 35) * 60) / 2);
    expect(r.p90RequestToArrivalS).toBe(35 * 60);
    expect(r.onTimeShare).toBe(0.5);
    expect(r.moved).toEqual([{ itemId: 'life-jacket', quantity: 820 }]);
    expect(r.rows.map((x) => x.moved)).toEqual([[{ itemId: 'life-jacket', quantity: 600 }], [{ itemId: 'life-jacket', quantity: 220 }]]);
    expect(r.dispatches).toBe(4);
    expect(r.rows.map((x) => x.vehicles)).toEqual([1, 2]);
  });

  it('has no figures rather than zeros when nothing was delivered', () => {
    const r = kpiReport('shift', T0, [], []);
    expect([r.avgRequestToArrivalS, r.p90RequestToArrivalS, r.onTimeShare]).toEqual([null, null, null]);
  });

  it('counts items moved per item, never adding one unit to another', () => {
    const suits: DispatchOrder = { ...disp(U(12), U(1), 1, true), pickups: [{ siteId: 'depot-central', itemId: 'protective-suit', quantity: 30 }, { siteId: 'qp-01', itemId: 'n95-mask', quantity: 500 }] };
    const r = kpiReport('day', T0, [req(U(1), -50, -30)], [disp(U(11), U(1), 10, true), suits]);
    expect(r.moved).toEqual([
      { itemId: 'life-jacket', quantity: 10 },
      { itemId: 'n95-mask', quantity: 500 },
      { itemId: 'protective-suit', quantity: 30 },
    ]);
    expect(r.rows[0]!.moved).toEqual(r.moved);
  });
});
