import type { Stock, Vehicle } from '../../../shared/domain';
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
  }
}

export function overlayVehicles(vehicles: Vehicle[], pending: readonly OutboxEntry[]): Vehicle[] {
  const status = new Map<string, Vehicle['status']>();
  for (const e of pending) {
    if (e.type === 'vehicle.setStatus') {
      const p = e.payload as { vehicleId: string; status: Vehicle['status'] };
      status.set(p.vehicleId, p.status);
    }
  }
  if (status.size === 0) return vehicles;
  return vehicles.map((v) => (status.has(v.id) ? { ...v, status: status.get(v.id)! } : v));
}

/** Net stock change per 'siteId/itemId' from pending adjustments. */
export function pendingStockDeltas(pending: readonly OutboxEntry[]): Map<string, number> {
  const deltas = new Map<string, number>();
  for (const e of pending) {
    if (e.type !== 'stock.adjust') continue;
    const p = e.payload as { siteId: string; itemId: string; delta: number };
    const key = `${p.siteId}/${p.itemId}`;
    deltas.set(key, (deltas.get(key) ?? 0) + p.delta);
  }
  return deltas;
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
