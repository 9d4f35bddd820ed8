import { z } from 'zod';
import { applied, defineCommand, refuse } from '../../commands/module';
import { callOff, closeIfDone } from '../trips';

/**
 * Cancel a request not yet delivered: every order still on the way is called off (its
 * stock goes back, its vehicle is free) and the request is cancelled. After delivery it is
 * refused: what was delivered is a fact, not an intention.
 */
export const requestCancel = defineCommand({
  type: 'request.cancel',
  domain: 'dispatch',
  payload: z.strictObject({ requestId: z.uuid(), reason: z.string().max(200) }),
  permission: 'dispatch.write',
  target: (p) => `request:${p.requestId}`,
  apply(tx, p) {
    const req = tx.get('request', p.requestId);
    if (!req) return refuse('not_found', `no request ${p.requestId}`);
    if (req.status === 'delivered') return refuse('request_closed', 'request is delivered: it cannot be cancelled');
    if (req.status === 'cancelled') return applied;
    for (const d of tx.where('dispatch', 'request_id', p.requestId)) if (d.status === 'enroute' || d.status === 'awaiting_approval') callOff(tx, d);
    tx.put('request', { ...req, status: 'cancelled' });
    return applied;
  },
  refusals: ['not_found', 'request_closed'],
  overlay: 'apply',
  describe: (p) => ({ key: 'requestCancel', params: { request: { ref: 'request', id: p.requestId }, reason: p.reason } }),
  serverRow: (tx, p) => tx.get('request', p.requestId) ?? null,
});

/**
 * Cancel one dispatch order not yet delivered: its stock goes back to its sites and its
 * vehicle is free. A request left with no order on the way is open again (it needs a new
 * plan). After delivery it is refused.
 */
export const dispatchCancel = defineCommand({
  type: 'dispatch.cancel',
  domain: 'dispatch',
  payload: z.strictObject({ dispatchId: z.uuid(), reason: z.string().max(200) }),
  permission: 'dispatch.write',
  target: (p) => `dispatch:${p.dispatchId}`,
  apply(tx, p, ctx) {
    const d = tx.get('dispatch', p.dispatchId);
    if (!d) return refuse('not_found', `no dispatch ${p.dispatchId}`);
    if (d.status === 'delivered') return refuse('dispatch_closed', 'the order is delivered: it cannot be cancelled');
    if (d.status === 'cancelled') return applied;
    callOff(tx, d);
    closeIfDone(tx, d.requestId, ctx.at);
    return applied;
  },
  refusals: ['not_found', 'dispatch_closed'],
  overlay: 'apply',
  describe: (p) => ({ key: 'dispatchCancel', params: { dispatch: { ref: 'dispatch', id: p.dispatchId }, reason: p.reason } }),
  serverRow: (tx, p) => tx.get('dispatch', p.dispatchId) ?? null,
});
