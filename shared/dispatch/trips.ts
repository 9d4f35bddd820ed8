import type { TableTx } from '../commands/module';
import type { DispatchOrder } from './schema';

/**
 * What happens to a dispatch order on its way, whoever says so (an officer's command, or
 * the central's own event from the vehicle): the rules live once, here.
 */

/** Loaded at the last pickup site. False when there was nothing to do. */
export function pickUp(tx: TableTx, dispatchId: string, at: number): boolean {
  const d = tx.get('dispatch', dispatchId);
  if (!d || d.status !== 'enroute' || d.pickedUpAt !== null) return false;
  tx.put('dispatch', { ...d, pickedUpAt: at });
  return true;
}

/**
 * Arrived: the order is delivered, the vehicle is at the scene, and the request closes
 * when none of its orders is still on the way. False when there was nothing to do.
 */
export function deliver(tx: TableTx, dispatchId: string, at: number): boolean {
  const d = tx.get('dispatch', dispatchId);
  if (!d || d.status !== 'enroute') return false;
  // Delivered implies loaded: a missing pickup event must not leave a hole in the record.
  tx.put('dispatch', { ...d, status: 'delivered', pickedUpAt: d.pickedUpAt ?? at, deliveredAt: at });
  const v = tx.get('vehicle', d.vehicleId);
  if (v && v.status === 'enroute') tx.put('vehicle', { ...v, status: 'atscene' });
  closeIfDone(tx, d.requestId, at);
  return true;
}

/**
 * Called off: the stock it took goes back to its sites (still on the shelf, or brought back
 * by the vehicle), the vehicle is free, and the order is cancelled.
 */
export function callOff(tx: TableTx, d: DispatchOrder): void {
  for (const p of d.pickups) {
    const key = `${p.siteId}/${p.itemId}`;
    const s = tx.get('stock', key) ?? { siteId: p.siteId, itemId: p.itemId, quantity: 0, safetyLevel: 0 };
    tx.put('stock', { ...s, quantity: Math.min(10_000_000, s.quantity + p.quantity) });
  }
  const v = tx.get('vehicle', d.vehicleId);
  if (v && v.status === 'enroute') tx.put('vehicle', { ...v, status: 'available' });
  tx.put('dispatch', { ...d, status: 'cancelled' });
}

/** A request whose orders are all delivered (none on the way, at least one delivered) is delivered. */
export function closeIfDone(tx: TableTx, requestId: string, at: number): void {
  const req = tx.get('request', requestId);
  if (!req || req.status === 'delivered' || req.status === 'cancelled') return;
  const mine = tx.where('dispatch', 'request_id', requestId).filter((x) => x.status !== 'cancelled');
  if (mine.length === 0) {
    if (req.status === 'dispatched') tx.put('request', { ...req, status: 'open' });
    return;
  }
  if (mine.every((x) => x.status === 'delivered')) {
    tx.put('request', { ...req, status: 'delivered', deliveredAt: Math.max(at, ...mine.map((x) => x.deliveredAt ?? 0)) });
  }
}
