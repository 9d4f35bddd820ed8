import { describe, expect, it } from 'vitest';
import { deriveAlerts } from './alerts';
import type { DispatchOrder, SupplyRequest } from './domain';

const T = 1_800_000_000_000;
const min = 60_000;
const U = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const req = (n: number, o: Partial<SupplyRequest> = {}): SupplyRequest => ({
  id: U(n), destination: { lon: 11.97, lat: 57.7, label: `现场${n}` }, items: [{ itemId: 'x', quantity: 1 }], priority: 'yellow', requester: '', note: '',
  createdAt: T - 10 * min, deadlineAt: T + 20 * min, status: 'dispatched', deliveredAt: null, ...o,
});
const disp = (n: number, requestId: string, predictedArrivalAt: number): DispatchOrder => ({
  id: U(100 + n), requestId, vehicleId: 'v', pickups: [{ siteId: 's', itemId: 'x', quantity: 1 }], siteIds: ['s'], predictedArrivalAt, status: 'enroute', createdAt: T, pickedUpAt: null, deliveredAt: null,
});

describe('derived alerts', () => {
  it.each([
    ['on time, far from the deadline: nothing', [req(1)], [disp(1, U(1), T + 10 * min)], []],
    ['predicted late: red risk', [req(1)], [disp(1, U(1), T + 25 * min)], ['deadline_risk:red']],
    ['within 5 minutes of the deadline: orange risk', [req(1, { deadlineAt: T + 4 * min })], [disp(1, U(1), T + 3 * min)], ['deadline_risk:orange']],
    ['past the deadline: red missed', [req(1, { deadlineAt: T - min })], [], ['deadline_missed:red']],
    ['red priority in progress: red', [req(1, { priority: 'red' })], [], ['red_request:red']],
    ['delivered: nothing', [req(1, { priority: 'red', status: 'delivered', deadlineAt: T - min })], [], []],
  ])('%s', (_n, requests, dispatches, want) => {
    expect(deriveAlerts(T, requests, dispatches).map((a) => `${a.kind}:${a.level}`)).toEqual(want);
  });
  it('keeps ids stable and sorts red first', () => {
    const a = deriveAlerts(T, [req(1, { deadlineAt: T + 4 * min }), req(2, { priority: 'red' })], []);
    expect(a.map((x) => x.id)).toEqual([`red_request:${U(2)}`, `deadline_risk:${U(1)}`]);
  });
});
