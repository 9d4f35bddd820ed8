import { applied, defineCommand, refuse } from '../../commands/module';
import { z } from 'zod';
import { supplyRequestSchema } from '../schema';

/** Record a supply request. */
export const requestCreate = defineCommand({
  type: 'request.create',
  domain: 'dispatch',
  payload: z.strictObject({ request: supplyRequestSchema.omit({ status: true, deliveredAt: true }) }),
  permission: 'dispatch.write',
  target: (p) => `request:${p.request.id}`,
  apply(tx, { request }) {
    if (tx.get('request', request.id)) return refuse('duplicate', `request ${request.id} exists`);
    tx.put('request', { ...request, status: 'open', deliveredAt: null });
    return applied;
  },
  refusals: ['duplicate'],
  overlay: 'apply',
  describe: ({ request: r }) => ({ key: 'request', params: { destination: r.destination.label, items: { loads: r.items } } }),
  serverRow: (tx, p) => tx.get('request', p.request.id) ?? null,
});
