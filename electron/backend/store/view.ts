import type { DispatchOrder, Stock, SupplyRequest, Vehicle } from '../../../shared/domain';
import type { StockLine } from '../../../shared/board-api';
import type { OutboxEntry } from './outbox';

/**
 * What the board shows = the central's state (the replica) with the officers' commands
 * that the replica does not reflect yet laid over it, in issue order. Pure functions,
 * so the same rules serve the snapshot, the panels and the tests.
 */

export function commandTarget(e: Pick<OutboxEntry, 'type' | 'payload'>): string {
  const p = e.payload as Record<string, unknown>;
  switch (e.type) {
    case 'vehicle.setStatus':
      return `vehicle:${String(p.vehicleId)}`;
    case 'stock.adjust':
      return `stock:${String(p.siteId)}/${String(p.itemId)}`;
    case 'request.create':
      return `request:${String((p.request as { id: string }).id)}`;
    case 'dispatch.create':
      return `request:${String((p.dispatch as { requestId: string }).requestId)}`;
    case 'dispatch.confirmDelivery':
    case 'dispatch.confirmPickup':
      return `dispatch:${String(p.dispatchId)}`;
  }
}

export function overlayVehicles(vehicles: Vehicle[], pending: readonly OutboxEntry[]): Vehicle[] {
  const status = new Map<string, Vehicle['status']>();
  for (const e of pending) {
    if (e.type === 'vehicle.setStatus') {
      const p = e.payload as { vehicleId: string; status: Vehicle['status'] };
      status.set(p.vehicleId, p.status);
    } else if (e.type === 'dispatch.create') {
      status.set((e.payload as { dispatch: DispatchOrder }).dispatch.vehicleId, 'enroute');
    }
  }
  if (status.size === 0) return vehicles;
  return vehicles.map((v) => (status.has(v.id) ? { ...v, status: status.get(v.id)! } : v));
}

/** Net stock change per 'siteId/itemId' from pending adjustments and dispatches (which take stock). */
export function pendingStockDeltas(pending: readonly OutboxEntry[]): Map<string, number> {
  const deltas = new Map<string, number>();
  const add = (siteId: string, itemId: string, d: number) => deltas.set(`${siteId}/${itemId}`, (deltas.get(`${siteId}/${itemId}`) ?? 0) + d);
  for (const e of pending) {
    if (e.type === 'stock.adjust') {
      const p = e.payload as { siteId: string; itemId: string; delta: number };
      add(p.siteId, p.itemId, p.delta);
    } else if (e.type === 'dispatch.create') {
      for (const p of (e.payload as { dispatch: DispatchOrder }).dispatch.pickups) add(p.siteId, p.itemId, -p.quantity);
    }
  }
  return deltas;
}

/** Requests and dispatch orders as the board shows them: the replica plus what is still queued. */
export function overlayRequests(
  requests: SupplyRequest[],
  dispatches: DispatchOrder[],
  pending: readonly OutboxEntry[],
): { requests: SupplyRequest[]; dispatches: DispatchOrder[] } {
  const reqs = new Map(requests.map((r) => [r.id, r]));
  const disp = new Map(dispatches.map((d) => [d.id, d]));
  for (const e of pending) {
    if (e.type === 'request.create') {
      const r = (e.payload as { request: Omit<SupplyRequest, 'status' | 'deliveredAt'> }).request;
      if (!reqs.has(r.id)) reqs.set(r.id, { ...r, status: 'open', deliveredAt: null });
    } else if (e.type === 'dispatch.create') {
      const d = (e.payload as { dispatch: Omit<DispatchOrder, 'status' | 'deliveredAt' | 'pickedUpAt'> }).dispatch;
      if (!disp.has(d.id)) disp.set(d.id, { ...d, status: 'enroute', pickedUpAt: null, deliveredAt: null });
      const r = reqs.get(d.requestId);
      if (r && r.status === 'open') reqs.set(r.id, { ...r, status: 'dispatched' });
    } else if (e.type === 'dispatch.confirmDelivery') {
      const p = e.payload as { dispatchId: string; at: number };
      const d = disp.get(p.dispatchId);
      if (d && d.status === 'enroute') disp.set(d.id, { ...d, status: 'delivered', pickedUpAt: d.pickedUpAt ?? p.at, deliveredAt: p.at });
    } else if (e.type === 'dispatch.confirmPickup') {
      const p = e.payload as { dispatchId: string; at: number };
      const d = disp.get(p.dispatchId);
      if (d && d.status === 'enroute' && d.pickedUpAt === null) disp.set(d.id, { ...d, pickedUpAt: p.at });
    }
  }
  // A request whose every order is delivered is delivered (the central closes it the same way).
  for (const r of reqs.values()) {
    const mine = [...disp.values()].filter((d) => d.requestId === r.id);
    if (r.status === 'dispatched' && mine.length > 0 && mine.every((d) => d.status === 'delivered')) {
      reqs.set(r.id, { ...r, status: 'delivered', deliveredAt: Math.max(...mine.map((d) => d.deliveredAt ?? 0)) });
    }
  }
  return { requests: [...reqs.values()], dispatches: [...disp.values()] };
}

export function overlayStockLines(siteId: string, lines: StockLine[], pending: readonly OutboxEntry[]): StockLine[] {
  const deltas = pendingStockDeltas(pending);
  if (deltas.size === 0) return lines;
  // Never show less than nothing: the central will refuse what cannot be taken.
  return lines.map((l) => {
    const d = deltas.get(`${siteId}/${l.item.id}`);
    return d ? { ...l, quantity: Math.max(0, l.quantity + d) } : l;
  });
}

export function overlayStock(rows: Stock[], pending: readonly OutboxEntry[]): Stock[] {
  const deltas = pendingStockDeltas(pending);
  if (deltas.size === 0) return rows;
  return rows.map((r) => {
    const d = deltas.get(`${r.siteId}/${r.itemId}`);
    return d ? { ...r, quantity: Math.max(0, r.quantity + d) } : r;
  });
}
