import { describe, expect, it } from 'vitest';
import type { DispatchOrder, SupplyRequest } from '../../shared/domain';
import { buildQueue, dispatchTarget, queueCounts, requestTarget, requestToArrivalS } from './queue';

const now = 10_000_000;
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const req = (n: number, status: SupplyRequest['status'], deadlineMin: number, extra: Partial<SupplyRequest> = {}): SupplyRequest => ({
  id: id(n),
  destination: { lon: 11.97, lat: 57.7, label: `R${n}` },
  items: [{ itemId: 'life-jacket', quantity: 10 }],
  priority: 'yellow',
  requester: '',
  note: '',
  createdAt: now - 60_000,
  deadlineAt: now + deadlineMin * 60_000,
  status,
  deliveredAt: null,
  ...extra,
});
const order = (n: number, requestN: number, status: DispatchOrder['status'], etaMin: number): DispatchOrder => ({
  id: id(100 + n),
  requestId: id(requestN),
  vehicleId: `veh-${n}`,
  pickups: [{ siteId: 'qp-01', itemId: 'life-jacket', quantity: 10 }],
  siteIds: ['qp-01'],
  predictedArrivalAt: now + etaMin * 60_000,
  status,
  createdAt: now - 30_000 + n,
  pickedUpAt: status === 'delivered' ? now - 5000 : null,
  deliveredAt: status === 'delivered' ? now - 1000 : null,
});

describe('dispatch queue rows', () => {
  const requests = [
    req(1, 'dispatched', 25),
    req(2, 'open', 10),
    req(3, 'delivered', -5, { deliveredAt: now - 20 * 60_000, createdAt: now - 40 * 60_000 }),
    req(4, 'delivered', -1, { deliveredAt: now - 5 * 60_000, createdAt: now - 50 * 60_000, deadlineAt: now - 20 * 60_000 }),
    req(5, 'cancelled', 20),
  ];
  const dispatches = [order(1, 1, 'enroute', 8), order(2, 1, 'cancelled', 1), order(3, 3, 'delivered', -25)];

  it('lists what is to be done by deadline, then today’s deliveries newest first; cancelled left out', () => {
    const rows = buildQueue(requests, dispatches, new Map(), now);
    expect(rows.map((r) => r.request.destination.label)).toEqual(['R2', 'R1', 'R4', 'R3']);
  });

  it('gives active rows a countdown and closed rows their request-to-arrival time', () => {
    const rows = buildQueue(requests, dispatches, new Map(), now);
    const r1 = rows.find((r) => r.request.id === id(1))!;
    expect(r1.dispatches.map((d) => d.id)).toEqual([id(101)]);
    expect(r1.countdown).toMatchObject({ level: 'green', expectedAt: now + 8 * 60_000 });
    expect(r1.durationS).toBeNull();
    const r3 = rows.find((r) => r.request.id === id(3))!;
    expect(r3.countdown).toBeNull();
    expect(r3.durationS).toBe(20 * 60);
    expect(r3.onTime).toBe(true);
    expect(rows.find((r) => r.request.id === id(4))!.onTime).toBe(false);
  });

  it('marks a row pending when its request or any of its orders waits to upload', () => {
    expect(buildQueue(requests, dispatches, new Map([[requestTarget(id(2)), 'waiting' as const]]), now).find((r) => r.request.id === id(2))!.pending).toBe('waiting');
    expect(buildQueue(requests, dispatches, new Map([[dispatchTarget(id(101)), 'unknown' as const]]), now).find((r) => r.request.id === id(1))!.pending).toBe('unknown');
    expect(buildQueue(requests, dispatches, new Map(), now).some((r) => r.pending)).toBe(false);
  });

  it('counts for the header, late meaning a negative margin', () => {
    const rows = buildQueue(requests, dispatches, new Map(), now);
    expect(queueCounts(rows)).toEqual({ open: 1, dispatched: 1, delivered: 2, late: 1, awaiting: 0 });
  });

  it('keeps at most the given number of closed rows', () => {
    expect(buildQueue(requests, dispatches, new Map(), now, 1).map((r) => r.request.destination.label)).toEqual(['R2', 'R1', 'R4']);
  });

  it('request-to-arrival is never negative and null before delivery', () => {
    expect(requestToArrivalS({ createdAt: 5000, deliveredAt: 2000 })).toBe(0);
    expect(requestToArrivalS({ createdAt: 5000, deliveredAt: null })).toBeNull();
    expect(requestToArrivalS({ createdAt: 0, deliveredAt: 90_500 })).toBe(90.5);
  });
});
