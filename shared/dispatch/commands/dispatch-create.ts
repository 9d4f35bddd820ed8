import { z } from 'zod';
import { applied, defineCommand, refuse } from '../../commands/module';
import { approvalFor, heldForApproval, pendingApproval } from '../approval';
import { dispatchOrderSchema } from '../schema';

/**
 * Send a vehicle for a request: takes the stock at its pickup sites, all of it or none. An
 * order that needs a supervisor's approval (multi-level command: stock from another county,
 * a site left below its safety stock, a large allocation — shared/dispatch/approval.ts) is
 * recorded awaiting_approval instead: its stock is set aside, its vehicle held, nothing moves
 * until dispatch.approve or dispatch.refuse.
 */
export const dispatchCreate = defineCommand({
  type: 'dispatch.create',
  domain: 'dispatch',
  payload: z.strictObject({
    dispatch: dispatchOrderSchema.omit({ status: true, deliveredAt: true, pickedUpAt: true, approval: true }),
    /** The planner went across counties because no plan within the county met the deadline: a reason shown to the approver (never decides who approves). */
    inCountyLate: z.literal(true).optional(),
  }),
  permission: 'dispatch.write',
  target: (p) => `request:${p.dispatch.requestId}`,
  apply(tx, { dispatch: d, inCountyLate }, ctx) {
    const req = tx.get('request', d.requestId);
    if (!req) return refuse('not_found', `no request ${d.requestId}`);
    if (req.status === 'delivered' || req.status === 'cancelled') return refuse('request_closed', `request is ${req.status}`);
    if (tx.get('dispatch', d.id)) return refuse('duplicate', `dispatch ${d.id} exists`);
    const v = tx.get('vehicle', d.vehicleId);
    if (!v) return refuse('not_found', `no vehicle ${d.vehicleId}`);
    if (v.status !== 'available') return refuse('vehicle_unavailable', `${v.plate} is ${v.status}, not available`);
    const held = heldForApproval(tx, v.id);
    if (held) return refuse('vehicle_unavailable', `${v.plate} is held for a plan awaiting approval (dispatch ${held.id})`);
    const needed = approvalFor(tx, ctx, req, d, inCountyLate === true);
    if (needed && 'code' in needed) return refuse('not_allowed', needed.message);
    // All or nothing: every pickup must still be there (another center may have taken it).
    const totals = new Map<string, number>();
    for (const p of d.pickups) totals.set(`${p.siteId}/${p.itemId}`, (totals.get(`${p.siteId}/${p.itemId}`) ?? 0) + p.quantity);
    for (const [key, qty] of totals) {
      const cur = tx.get('stock', key);
      if (!cur || cur.quantity < qty) {
        const [siteId, itemId] = key.split('/');
        return refuse('insufficient_stock', `${siteId} holds ${cur?.quantity ?? 0} of ${itemId}; the dispatch needs ${qty}`);
      }
    }
    for (const [key, qty] of totals) {
      const cur = tx.get('stock', key)!;
      tx.put('stock', { ...cur, quantity: cur.quantity - qty });
    }
    if (needed?.approver) {
      tx.put('dispatch', { ...d, status: 'awaiting_approval', pickedUpAt: null, deliveredAt: null, approval: pendingApproval({ ...needed, approver: needed.approver }, ctx.at, ctx.by ?? 'system') });
      return applied;
    }
    tx.put('vehicle', { ...v, status: 'enroute' });
    tx.put('dispatch', { ...d, status: 'enroute', pickedUpAt: null, deliveredAt: null });
    if (req.status === 'open') tx.put('request', { ...req, status: 'dispatched' });
    return applied;
  },
  refusals: ['not_found', 'request_closed', 'duplicate', 'vehicle_unavailable', 'insufficient_stock', 'not_allowed'],
  overlay: 'apply',
  describe: ({ dispatch: d }) => ({ key: 'dispatch', params: { plate: { ref: 'vehicle', id: d.vehicleId }, loads: { loads: d.pickups } } }),
  serverRow: (tx, p) => tx.get('vehicle', p.dispatch.vehicleId) ?? null,
});
