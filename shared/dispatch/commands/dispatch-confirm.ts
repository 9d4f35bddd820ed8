import { z } from 'zod';
import { applied, defineCommand, refuse } from '../../commands/module';
import { deliver, pickUp } from '../trips';

const confirmation = z.strictObject({ dispatchId: z.uuid(), at: z.number().finite().min(0) });

/** An officer confirms the load was picked up (when the central's own event is missing). */
export const dispatchConfirmPickup = defineCommand({
  type: 'dispatch.confirmPickup',
  domain: 'dispatch',
  payload: confirmation,
  permission: 'dispatch.write',
  target: (p) => `dispatch:${p.dispatchId}`,
  apply(tx, p) {
    if (!tx.get('dispatch', p.dispatchId)) return refuse('not_found', `no dispatch ${p.dispatchId}`);
    pickUp(tx, p.dispatchId, p.at);
    return applied;
  },
  refusals: ['not_found'],
  overlay: 'apply',
  describe: (p) => ({ key: 'confirmPickup', params: { dispatch: { ref: 'dispatch', id: p.dispatchId } } }),
  serverRow: (tx, p) => tx.get('dispatch', p.dispatchId) ?? null,
});

/** An officer confirms the delivery. */
export const dispatchConfirmDelivery = defineCommand({
  type: 'dispatch.confirmDelivery',
  domain: 'dispatch',
  payload: confirmation,
  permission: 'dispatch.write',
  target: (p) => `dispatch:${p.dispatchId}`,
  apply(tx, p) {
    if (!tx.get('dispatch', p.dispatchId)) return refuse('not_found', `no dispatch ${p.dispatchId}`);
    deliver(tx, p.dispatchId, p.at);
    return applied;
  },
  refusals: ['not_found'],
  overlay: 'apply',
  describe: (p) => ({ key: 'confirmDelivery', params: { dispatch: { ref: 'dispatch', id: p.dispatchId } } }),
  serverRow: (tx, p) => tx.get('dispatch', p.dispatchId) ?? null,
});
