import { describe, expect, it } from 'vitest';
import type { DispatchOrder, SupplyRequest } from '../../shared/domain';
import { arrivalState, ON_TIME_SLACK_MS, vehicleTask, type TaskSource } from './vehicle-task';

const T0 = Date.UTC(2026, 5, 1, 9, 30);
const request: SupplyRequest = {
  id: '00000000-0000-4000-8000-000000000001',
  destination: { lon: 11.97, lat: 57.7, label: '中央车站广场' },
  items: [{ itemId: 'life-jacket', quantity: 20 }],
  priority: 'orange',
  requester: '',
  note: '',
  createdAt: T0,
  deadlineAt: T0 + 30 * 60_000,
  status: 'dispatched',
  deliveredAt: null,
} as SupplyRequest;
const order = (id: string, vehicleId: string, status: DispatchOrder['status'], createdAt = T0): DispatchOrder =>
  ({ id, requestId: request.id, vehicleId, pickups: [{ siteId: 'depot-central', itemId: 'life-jacket', quantity: 20 }], siteIds: ['depot-central'], predictedArrivalAt: T0 + 20 * 60_000, status, createdAt, pickedUpAt: null, deliveredAt: null }) as DispatchOrder;

describe("a vehicle's task", () => {
  const list: TaskSource = {
    requests: [request],
    dispatches: [order('d-old', 'v-1', 'delivered', T0 - 3600_000), order('d-1', 'v-1', 'enroute'), order('d-2', 'v-2', 'cancelled')],
    etas: [{ dispatchId: 'd-1', etaAt: T0 + 21 * 60_000, computedAt: T0 + 60_000, positionAt: T0 + 59_000 }],
  };

  it('is the order it is on its way with, its request and its live prediction', () => {
    const task = vehicleTask('v-1', list)!;
    expect(task.dispatch.id).toBe('d-1');
    expect(task.request.destination.label).toBe('中央车站广场');
    expect(task.eta?.etaAt).toBe(T0 + 21 * 60_000);
    expect(vehicleTask('v-2', list)).toBeNull();
    expect(vehicleTask('v-9', list)).toBeNull();
  });

  it('is on time within the slack, late by the prediction past the promise, past the deadline when expected after it', () => {
    const task = vehicleTask('v-1', list)!;
    const onTime = arrivalState({ ...task, eta: { ...task.eta!, etaAt: task.dispatch.predictedArrivalAt + ON_TIME_SLACK_MS } }, T0);
    expect(onTime).toMatchObject({ lateMs: 0, pastDeadline: false, live: true });
    const late = arrivalState({ ...task, eta: { ...task.eta!, etaAt: task.dispatch.predictedArrivalAt + 417_000 } }, T0);
    expect(late.lateMs).toBe(417_000);
    expect(late.pastDeadline).toBe(false);
    const missed = arrivalState({ ...task, eta: { ...task.eta!, etaAt: request.deadlineAt + 1000 } }, T0);
    expect(missed.pastDeadline).toBe(true);
  });

  it('keeps growing late with the clock once the prediction has passed and it has not arrived', () => {
    const task = { ...vehicleTask('v-1', list)!, eta: null };
    const at = (now: number) => arrivalState(task, now);
    expect(at(T0).live).toBe(false);
    expect(at(T0).expectedAt).toBe(task.dispatch.predictedArrivalAt);
    expect(at(task.dispatch.predictedArrivalAt + 120_000).lateMs).toBe(120_000);
    expect(at(request.deadlineAt + 1).pastDeadline).toBe(true);
  });
});
